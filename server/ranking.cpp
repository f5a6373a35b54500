// BM25 (k1 = 1.2, b = 0.75, Lucene's always-positive idf) plus the tier bonus.
#include "server/ranking.h"

#include <algorithm>
#include <cmath>

namespace prepsearch {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

}  // namespace

TieredBM25Weight::TieredBM25Weight(double tier_bonus) : tier_bonus_(tier_bonus) {
  need_stat(COLLECTION_SIZE);
  need_stat(TERMFREQ);
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH);
  need_stat(WDF);
}

void TieredBM25Weight::init(double factor) {
  factor_ = factor;
  const double n = get_termfreq();
  const double total = get_collection_size();
  idf_ = std::log(1.0 + (total - n + 0.5) / (n + 0.5));
  average_length_ = std::max(1.0, static_cast<double>(get_average_length()));
}

double TieredBM25Weight::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                                     Xapian::termcount) const {
  if (factor_ == 0) return 0;
  const double tf = wdf;
  const double norm = kK1 * (1 - kB + kB * doclen / average_length_);
  return factor_ * (tier_bonus_ + idf_ * tf * (kK1 + 1) / (tf + norm));
}

double TieredBM25Weight::get_maxpart() const {
  if (factor_ == 0) return 0;
  return factor_ * (tier_bonus_ + idf_ * (kK1 + 1));
}

}  // namespace prepsearch
