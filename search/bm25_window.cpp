// BM25 over an OR of terms, in memory, as Xapian's BM25Weight computes it: every posting.
#include "search/bm25_window.h"

#include <cmath>

#include "search/posting_cursor.h"

namespace prepsearch {
namespace {

struct Scaled {
  const ScaledFactors& terms;
  const ScaledFactors& synonyms;
};

std::optional<double> factor_of(const ScaledFactors& scaled, const std::string& key) {
  const auto found = std::find_if(scaled.begin(), scaled.end(),
                                  [&](const auto& entry) { return entry.first == key; });
  if (found == scaled.end()) return std::nullopt;
  return found->second;
}

bool add_terms(const Xapian::Query& query, double factor, const Scaled& scaled,
               std::vector<WeightedTerm>& terms) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      terms.push_back({*query.get_terms_begin(), factor, {}});
      return true;
    case Xapian::Query::OP_SYNONYM: terms.push_back({{}, factor, query}); return true;
    case Xapian::Query::OP_OR:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!add_terms(query.get_subquery(i), factor, scaled, terms)) return false;
      }
      return true;
    case Xapian::Query::OP_SCALE_WEIGHT: {
      const Xapian::Query inner = query.get_subquery(0);
      const auto type = inner.get_type();
      std::optional<double> scale;
      if (type == Xapian::Query::LEAF_TERM)
        scale = factor_of(scaled.terms, *inner.get_terms_begin());
      if (type == Xapian::Query::OP_SYNONYM)
        scale = factor_of(scaled.synonyms, inner.get_description());
      return scale && add_terms(inner, factor * *scale, scaled, terms);
    }
    default: return false;
  }
}

}  // namespace

std::optional<std::vector<WeightedTerm>> or_of_terms(const Xapian::Query& query,
                                                     const ScaledFactors& scaled_terms,
                                                     const ScaledFactors& scaled_synonyms) {
  std::vector<WeightedTerm> terms;
  if (query.empty() || !add_terms(query, 1, {scaled_terms, scaled_synonyms}, terms))
    return std::nullopt;
  return terms;
}

TermWeight::TermWeight(const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
                       const WeightedTerm& term, const PostingList* list)
    : list_(list),
      frequency_(list ? static_cast<Xapian::doccount>(list->size) : db.get_termfreq(term.term)),
      k1_(params.k1),
      b_(params.b),
      min_normlen_(params.min_normlen) {
  weigh(lengths, term.factor);
}

TermWeight::TermWeight(const DocLengths& lengths, const Bm25& params, double factor,
                       Xapian::doccount frequency, SynonymList& synonym)
    : list_(synonym.list()),
      synonym_(&synonym),
      frequency_(frequency),
      k1_(params.k1),
      b_(params.b),
      min_normlen_(params.min_normlen) {
  weigh(lengths, factor);
}

// BM25Weight::init. A synonym's estimated frequency may be 0 while it holds postings: Xapian
// weighs them all the same.
void TermWeight::weigh(const DocLengths& lengths, double factor) {
  length_factor_ = (b_ == 0 || k1_ == 0 || lengths.average == 0) ? 0 : 1 / lengths.average;
  if (empty()) return;
  const double n = lengths.documents;
  double idf = (n - frequency_ + 0.5) / (frequency_ + 0.5);
  if (idf < 2) idf = idf * 0.5 + 1;
  term_weight_ = std::log(idf) * factor * (k1_ + 1);
}

// The weight grows with the wdf and falls with the length.
double TermWeight::bound(const Xapian::Database& db, const DocLengths& lengths,
                         const std::string& term) const {
  if (empty()) return 0;
  if (list_) return bound(list_->frontier, list_->frontier_size);
  return (*this)(db.get_wdf_upper_bound(term), lengths.shortest) * (1 + kBoundMargin);
}

double TermWeight::bound(const WdfAtLength* frontier, std::size_t size) const {
  double most = 0;
  for (std::size_t i = 0; i < size; ++i)
    most = std::max(most, (*this)(frontier[i].wdf, frontier[i].length));
  return most * (1 + kBoundMargin);
}

void Bm25Window::add_postings(const Xapian::Database& db, const DocLengths& lengths,
                              const TermWeight& weight, const std::string& term) {
  for (PostingCursor it(db, weight.list(), term); it.docid() != 0; it.next()) {
    const Xapian::docid docid = it.docid();
    if (docid >= lengths.by_docid.size()) {  // a newer revision than the lengths': Xapian's match
      stale_ = true;
      return;
    }
    double& sum = weights_[docid];
    if (sum < 0) {
      sum = 0;
      matched_.push_back(docid);
    }
    sum += weight(it.wdf(), lengths.by_docid[docid]);
  }
}

std::optional<ScoredDocs> Bm25Window::best(const Xapian::Database& db, const DocLengths& lengths,
                                           const Bm25& params,
                                           const std::vector<WeightedTerm>& terms,
                                           std::size_t count, std::size_t exact_postings,
                                           const PostingTable* postings) {
  matched_.clear();
  stale_ = false;
  terms_ = terms;
  if (!weigh_terms(db, lengths, params, postings)) return std::nullopt;
  std::size_t held = 0;
  for (const auto& weight : term_weights_) held += weight.postings();
  for (std::size_t i = 0; i < synonyms_in_use_; ++i)
    held += synonyms_[i].pending() * kPostingsPerPhraseCheck;
  exact_ = held <= exact_postings;
  if (exact_) {
    for (std::size_t i = 0; i < synonyms_in_use_; ++i) synonyms_[i].confirm_all();
  }
  return exact_ ? read_every_posting(db, lengths, count) : max_score(db, lengths, count);
}

// Each term's weight and list; false if a synonym's shape is not covered or its list cannot
// be held (Xapian's match then ranks).
bool Bm25Window::weigh_terms(const Xapian::Database& db, const DocLengths& lengths,
                             const Bm25& params, const PostingTable* postings) {
  term_weights_.clear();
  const auto synonyms = static_cast<std::size_t>(std::count_if(
      terms_.begin(), terms_.end(), [](const WeightedTerm& term) { return term.term.empty(); }));
  // Sized before any is read: each term's weight points at its synonym's list.
  if (synonyms_.size() < synonyms) synonyms_.resize(synonyms);
  std::size_t synonym = 0;
  synonyms_in_use_ = synonyms;
  for (const auto& term : terms_) {
    if (!term.term.empty()) {
      const PostingList* list = postings ? postings->find(term.term) : nullptr;
      term_weights_.emplace_back(db, lengths, params, term, list);
      continue;
    }
    SynonymList& in_memory = synonyms_[synonym++];
    if (!in_memory.parse(term.synonym)) return false;
    if (!in_memory.read(db, postings, lengths)) return false;
    term_weights_.emplace_back(lengths, params, term.factor,
                               in_memory.estimate(db, lengths, postings), in_memory);
  }
  return true;
}

// Every posting, the weights added by docid, the best taken by a partial sort.
std::optional<ScoredDocs> Bm25Window::read_every_posting(const Xapian::Database& db,
                                                         const DocLengths& lengths,
                                                         std::size_t count) {
  if (weights_.size() < lengths.by_docid.size()) weights_.resize(lengths.by_docid.size(), -1.0);
  for (std::size_t i = 0; i < terms_.size() && !stale_; ++i) {
    if (!term_weights_[i].empty()) add_postings(db, lengths, term_weights_[i], terms_[i].term);
  }
  if (stale_) {
    for (const Xapian::docid docid : matched_) weights_[docid] = -1.0;
    return std::nullopt;
  }
  const std::size_t kept = std::min(count, matched_.size());
  const auto better = [&](Xapian::docid a, Xapian::docid b) {
    return ranks_before({a, weights_[a]}, {b, weights_[b]});
  };
  // The best `kept` first, in linear time; then only those sorted.
  const auto cut = matched_.begin() + static_cast<std::ptrdiff_t>(kept);
  if (kept < matched_.size()) std::nth_element(matched_.begin(), cut, matched_.end(), better);
  std::sort(matched_.begin(), cut, better);
  ScoredDocs best;
  best.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) best.emplace_back(matched_[i], weights_[matched_[i]]);
  for (const Xapian::docid docid : matched_) weights_[docid] = -1.0;
  total_ = static_cast<Xapian::doccount>(matched_.size());
  return best;
}

ScoredDocs Bm25Window::best_of(const Xapian::Database& db, const DocLengths& lengths,
                               const std::vector<Xapian::docid>& docids, std::size_t count) const {
  const std::vector<TermWeight>& weights = term_weights_;
  std::vector<PostingCursor> lists;
  lists.reserve(terms_.size());
  for (std::size_t i = 0; i < terms_.size(); ++i)
    lists.emplace_back(db, weights[i].list(), terms_[i].term);
  ScoredDocs scored;
  for (const Xapian::docid docid : docids) {
    if (docid >= lengths.by_docid.size()) continue;
    double sum = 0;  // in query order, as best() adds them
    bool held = false;
    for (std::size_t i = 0; i < lists.size(); ++i) {
      if (weights[i].empty()) continue;
      lists[i].skip_to(docid);
      if (lists[i].docid() != docid || !weights[i].holds(lists[i])) continue;
      sum += weights[i](lists[i].wdf(), lengths.by_docid[docid]);
      held = true;
    }
    if (held) scored.emplace_back(docid, sum);
  }
  const std::size_t kept = std::min(count, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(kept),
                    scored.end(), ranks_before);
  scored.resize(kept);
  return scored;
}

}  // namespace prepsearch
