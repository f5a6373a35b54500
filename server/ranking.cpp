// BM25 (k1 = 1.2, b = 0.75, Lucene's always-positive idf) plus the tier bonus.
#include "server/ranking.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace prepsearch {
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
  const double norm = kBm25K1 * (1 - kBm25B + kBm25B * doclen / average_length_);
  return factor_ * (tier_bonus_ + idf_ * tf * (kBm25K1 + 1) / (tf + norm));
}

double TieredBM25Weight::get_maxpart() const {
  if (factor_ == 0) return 0;
  return factor_ * (tier_bonus_ + idf_ * (kBm25K1 + 1));
}

bool is_stopword(const std::string& word) {
  static const std::unordered_set<std::string> kStopwords = {
      "a",     "about", "an",     "and",   "are",  "as",   "at",   "be",    "been", "but",  "by",
      "can",   "could", "do",     "does",  "did",  "for",  "from", "had",   "has",  "have", "how",
      "i",     "if",    "in",     "into",  "is",   "it",   "its",  "me",    "my",   "of",   "on",
      "or",    "our",   "should", "so",    "than", "that", "the",  "their", "them", "then", "there",
      "these", "they",  "this",   "those", "to",   "was",  "we",   "were",  "what", "when", "where",
      "which", "while", "who",    "whom",  "why",  "will", "with", "would", "you",  "your"};
  return kStopwords.count(word) != 0;
}

}  // namespace prepsearch
