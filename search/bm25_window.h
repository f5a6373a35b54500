// The first phase's window for the commonest query shape, an OR of terms, over one local
// database: each term's posting list read once with its wdf, each posting weighed by
// Xapian's BM25Weight formula (xapian-core 1.4 weight/bm25weight.cc: init, get_sumpart) with
// the document's length from memory (DocLengths), the weights added by docid, and the best
// taken by a partial sort. Xapian's matcher gives the same window at about twice the cost:
// its heap moves MSetItems (two strings each) and it decodes the length list on every
// search. Other shapes (phrases, synonyms, filters) and shards keep Xapian's match, which a
// remote shard runs itself.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "search/doc_lengths.h"
#include "search/ranking.h"

namespace prepsearch {

struct WeightedTerm {
  std::string term;
  double factor = 1;  // OP_SCALE_WEIGHT's
};

// The terms of `query` if it is one term or an OR of terms, each alone or scaled by a factor
// `scaled` gives (Xapian's Query does not give a factor back); nullopt for any other shape.
std::optional<std::vector<WeightedTerm>> or_of_terms(
    const Xapian::Query& query, const std::vector<std::pair<std::string, double>>& scaled);

// One per searching thread: it keeps a weight per document between searches (each search
// leaves them as it found them), so that a search allocates nothing by the collection's size.
class Bm25Window {
 public:
  // The best `count` documents matching any of `terms`, (docid, weight), best first, equal
  // weights by docid (as Xapian's match); nullopt if `db` is newer than `lengths`.
  std::optional<std::vector<std::pair<Xapian::docid, double>>> best(
      const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
      const std::vector<WeightedTerm>& terms, std::size_t count);
  // Every document the last best() found, in no order: the query's whole match set, which
  // the search counts instead of reading the posting lists again.
  const std::vector<Xapian::docid>& matches() const { return matched_; }

 private:
  void add_postings(const Xapian::Database& db, const DocLengths& lengths, const Bm25& params,
                    const WeightedTerm& term);

  std::vector<double> weights_;  // by docid; < 0: not matched
  std::vector<Xapian::docid> matched_;
  bool stale_ = false;
};

}  // namespace prepsearch
