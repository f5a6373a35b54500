// BM25 (k1 = 1.2, b = 0.75, Lucene's always-positive idf) plus the tier bonus.
#include "ranking.h"

#include <algorithm>
#include <cmath>

namespace prepsearch {
TieredBM25Weight::TieredBM25Weight(BM25Params params) : params_(params) {
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
  const double norm = params_.k1 * (1 - params_.b + params_.b * doclen / average_length_);
  return factor_ * (params_.tier_bonus + idf_ * tf * (params_.k1 + 1) / (tf + norm));
}

double TieredBM25Weight::get_maxpart() const {
  if (factor_ == 0) return 0;
  return factor_ * (params_.tier_bonus + idf_ * (params_.k1 + 1));
}

}  // namespace prepsearch
