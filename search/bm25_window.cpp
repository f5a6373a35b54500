// BM25 over an OR of terms, in memory, as Xapian's BM25Weight computes it.
#include "search/bm25_window.h"

#include <algorithm>
#include <cmath>

namespace prepsearch {
namespace {

bool add_terms(const Xapian::Query& query, double factor,
               const std::vector<std::pair<std::string, double>>& scaled,
               std::vector<WeightedTerm>& terms) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: terms.push_back({*query.get_terms_begin(), factor}); return true;
    case Xapian::Query::OP_OR:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!add_terms(query.get_subquery(i), factor, scaled, terms)) return false;
      }
      return true;
    case Xapian::Query::OP_SCALE_WEIGHT: {
      const Xapian::Query leaf = query.get_subquery(0);
      if (leaf.get_type() != Xapian::Query::LEAF_TERM) return false;
      const std::string term = *leaf.get_terms_begin();
      const auto found = std::find_if(scaled.begin(), scaled.end(),
                                      [&](const auto& entry) { return entry.first == term; });
      if (found == scaled.end()) return false;
      terms.push_back({term, factor * found->second});
      return true;
    }
    default: return false;
  }
}

}  // namespace

std::optional<std::vector<WeightedTerm>> or_of_terms(
    const Xapian::Query& query, const std::vector<std::pair<std::string, double>>& scaled) {
  std::vector<WeightedTerm> terms;
  if (query.empty() || !add_terms(query, 1, scaled, terms)) return std::nullopt;
  return terms;
}

// BM25Weight::init (no relevance set, k3's factor 1 for a term once in the query) and
// get_sumpart, in the same order of operations.
void Bm25Window::add_postings(const Xapian::Database& db, const DocLengths& lengths,
                              const Bm25& params, const WeightedTerm& term) {
  const Xapian::doccount frequency = db.get_termfreq(term.term);
  if (frequency == 0) return;
  const double n = lengths.documents;
  double idf = (n - frequency + 0.5) / (frequency + 0.5);
  if (idf < 2) idf = idf * 0.5 + 1;
  const double k1 = params.k1;
  const double b = params.b;
  const double term_weight = std::log(idf) * term.factor * (k1 + 1);
  const double length_factor =
      (b == 0 || k1 == 0 || lengths.average == 0) ? 0 : 1 / lengths.average;
  for (auto it = db.postlist_begin(term.term); it != db.postlist_end(term.term); ++it) {
    const Xapian::docid docid = *it;
    if (docid >= lengths.by_docid.size()) {  // a newer revision than the lengths': Xapian's match
      stale_ = true;
      return;
    }
    const double length = lengths.by_docid[docid];
    const double normlen = std::max(length * length_factor, params.min_normlen);
    const double wdf = it.get_wdf();
    const double weight = term_weight * (wdf / (k1 * (normlen * b + (1 - b)) + wdf));
    double& sum = weights_[docid];
    if (sum < 0) {
      sum = 0;
      matched_.push_back(docid);
    }
    sum += weight;
  }
}

std::optional<std::vector<std::pair<Xapian::docid, double>>> Bm25Window::best(
    const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
    const std::vector<WeightedTerm>& terms, std::size_t count) {
  if (weights_.size() < lengths.by_docid.size()) weights_.resize(lengths.by_docid.size(), -1.0);
  matched_.clear();
  stale_ = false;
  for (const auto& term : terms) add_postings(db, lengths, params, term);
  if (stale_) {
    for (const Xapian::docid docid : matched_) weights_[docid] = -1.0;
    return std::nullopt;
  }
  const std::size_t kept = std::min(count, matched_.size());
  const auto better = [&](Xapian::docid a, Xapian::docid b) {
    return weights_[a] != weights_[b] ? weights_[a] > weights_[b] : a < b;
  };
  std::partial_sort(matched_.begin(), matched_.begin() + static_cast<std::ptrdiff_t>(kept),
                    matched_.end(), better);
  std::vector<std::pair<Xapian::docid, double>> best;
  best.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) best.emplace_back(matched_[i], weights_[matched_[i]]);
  for (const Xapian::docid docid : matched_) weights_[docid] = -1.0;
  return best;
}

}  // namespace prepsearch
