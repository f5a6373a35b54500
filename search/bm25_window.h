// The first phase's window for the commonest query shape, an OR of terms, over one local
// database: each posting weighed by Xapian's BM25Weight formula (xapian-core 1.4
// weight/bm25weight.cc: init, get_sumpart) with the document's length from memory
// (DocLengths), the best kept in order of weight, equal weights by docid (as Xapian's match).
// A synonym of the OR is one term with its postings gathered in memory (SynonymList). Other
// shapes (phrases alone, filters) and shards keep Xapian's match, which a remote shard runs
// itself.
//
// Two ways to the same window. When the terms hold few postings, every posting is read and
// the weights added by docid (every match is then known, and counted exactly). Past that,
// MaxScore (Turtle and Flood, 1995): the terms in order of the most each can add; once the
// window is full, a document holding only terms whose bounds together cannot beat its worst
// is never visited, and the others' lists are skipped to the documents that can. The window
// is the same either way; the count is then an estimate.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "search/doc_lengths.h"
#include "search/posting_cursor.h"
#include "search/posting_table.h"
#include "search/ranking.h"
#include "search/synonym_list.h"

namespace prepsearch {

// A term of the query, or an OP_SYNONYM of it, which Xapian weighs as one term
// (search/synonym_list.h).
struct WeightedTerm {
  std::string term;   // empty for a synonym
  double factor = 1;  // OP_SCALE_WEIGHT's
  Xapian::Query synonym;
};

using ScaledFactors = std::vector<std::pair<std::string, double>>;

// The terms of `query` if it is one term or an OR of terms and synonyms, each alone or
// scaled by a factor `scaled_terms` (by term) or `scaled_synonyms` (by the synonym's
// description) gives, as Xapian's Query does not give a factor back; nullopt for any other
// shape.
std::optional<std::vector<WeightedTerm>> or_of_terms(const Xapian::Query& query,
                                                     const ScaledFactors& scaled_terms,
                                                     const ScaledFactors& scaled_synonyms = {});

// One term's BM25Weight: init (no relevance set, k3's factor 1 for a term once in the query)
// and get_sumpart, in the same order of operations, so that weights equal Xapian's bit for bit.
class TermWeight {
 public:
  // `list`: the term's in the revision's PostingTable, or null (Xapian's is read).
  TermWeight(const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
             const WeightedTerm& term, const PostingList* list);
  // A synonym's: `frequency` Xapian's estimate of it, its postings in `synonym`'s list.
  TermWeight(const DocLengths& lengths, const Bm25& params, double factor,
             Xapian::doccount frequency, SynonymList& synonym);
  Xapian::doccount frequency() const { return frequency_; }  // as BM25 takes it
  std::size_t postings() const { return list_ ? list_->size : frequency_; }
  bool empty() const { return postings() == 0; }
  const PostingList* list() const { return list_; }  // in memory, or null
  // Whether the term holds the document a cursor over list() is at: a synonym's phrases are
  // checked if its posting is pending (SynonymList), and the cursor's wdf is then exact.
  bool holds(const PostingCursor& at) const { return confirm(at.index()); }
  bool confirm(std::size_t index) const { return !synonym_ || synonym_->confirm(index); }
  bool pending(const PostingCursor& at) const { return synonym_ && synonym_->pending(at.index()); }
  double operator()(double wdf, double length) const {
    const double normlen = std::max(length * length_factor_, min_normlen_);
    return term_weight_ * (wdf / (k1_ * (normlen * b_ + (1 - b_)) + wdf));
  }
  // At least any posting's weight, made a little larger than rounding could make a weight:
  // from the list's frontier when it is in memory (the most a posting weighs), else the largest
  // wdf Xapian allows the term in the shortest document.
  double bound(const Xapian::Database& db, const DocLengths& lengths,
               const std::string& term) const;
  // The most a posting weighs whose (wdf, length) no pair of `frontier` beats, made as large.
  double bound(const WdfAtLength* frontier, std::size_t size) const;

 private:
  void weigh(const DocLengths& lengths, double factor);

  const PostingList* list_;
  SynonymList* synonym_ = nullptr;
  Xapian::doccount frequency_;
  double term_weight_ = 0, k1_, b_, length_factor_, min_normlen_;
};

// Rounding in a sum of a few weights is far below this share of it: a bound made this much
// larger is one whatever order the weights are added in.
inline constexpr double kBoundMargin = 1e-9;

using ScoredDocs = std::vector<std::pair<Xapian::docid, double>>;

// The window's order: by weight, equal weights by docid (as Xapian's match).
inline bool ranks_before(const ScoredDocs::value_type& a, const ScoredDocs::value_type& b) {
  return a.second != b.second ? a.second > b.second : a.first < b.first;
}

// One per searching thread: it keeps a weight per document between searches (each search
// leaves them as it found them), so that a search allocates nothing by the collection's size.
class Bm25Window {
 public:
  // The best `count` documents matching any of `terms`, (docid, weight), best first, equal
  // weights by docid (as Xapian's match); nullopt if `db` is newer than `lengths`. Every
  // posting is read when the terms hold at most `exact_postings`; else the window is pruned.
  // The lists `postings` holds (the revision's, of the same revision as `lengths`; or null)
  // are read from it, the others from `db`.
  std::optional<ScoredDocs> best(const Xapian::Database& db, const DocLengths& lengths,
                                 const Bm25& params, const std::vector<WeightedTerm>& terms,
                                 std::size_t count, std::size_t exact_postings = SIZE_MAX,
                                 const PostingTable* postings = nullptr);
  // The best `count` of `docids` (ascending) that hold any of the last best()'s terms, weighed
  // and ordered as it weighed them: Xapian's OP_FILTER of those terms by what the documents hold.
  ScoredDocs best_of(const Xapian::Database& db, const DocLengths& lengths,
                     const std::vector<Xapian::docid>& docids, std::size_t count) const;
  // The matches the last best() visited, in no order: every match when exact(), else those
  // the pruned window looked at (some of the matches, skewed to the best).
  const std::vector<Xapian::docid>& matches() const { return matched_; }
  bool exact() const { return exact_; }
  // The number of matches: exact, or estimated from the terms' frequencies as if they were
  // independent (as Xapian's OR estimates), and never below the matches visited.
  Xapian::doccount total() const { return total_; }
  // The postings of the last best()'s synonyms whose phrases it never had to check.
  std::size_t unchecked() const {
    std::size_t pending = 0;
    for (std::size_t i = 0; i < synonyms_in_use_; ++i) pending += synonyms_[i].pending();
    return pending;
  }

 private:
  bool weigh_terms(const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
                   const PostingTable* postings);
  void add_postings(const Xapian::Database& db, const DocLengths& lengths, const TermWeight& weight,
                    const std::string& term);
  std::optional<ScoredDocs> read_every_posting(const Xapian::Database& db,
                                               const DocLengths& lengths, std::size_t count);
  std::optional<ScoredDocs> max_score(const Xapian::Database& db, const DocLengths& lengths,
                                      std::size_t count);

  std::vector<WeightedTerm> terms_;       // the last best()'s
  std::vector<TermWeight> term_weights_;  // each of terms_'s, with its list in the table
  std::vector<SynonymList> synonyms_;     // the lists of terms_'s synonyms, the first
  std::size_t synonyms_in_use_ = 0;       // synonyms_in_use_ this search's
  std::vector<double> weights_;           // by docid; < 0: not matched
  std::vector<Xapian::docid> matched_;
  Xapian::doccount total_ = 0;
  bool exact_ = true;
  bool stale_ = false;
};

}  // namespace prepsearch
