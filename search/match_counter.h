// Counting a query's matches from its posting lists, into a bitmap of docids.
//
// Xapian's matcher visits each match through its whole postlist tree, about 800
// instructions a match for our queries; reading the posting lists of the query's terms
// straight into a bitmap costs a few dozen a posting. It covers the query shapes whose
// match set is a set expression over terms (OR, SYNONYM, AND, FILTER, AND_NOT, AND_MAYBE,
// SCALE_WEIGHT, MatchAll); phrases and wildcards, or more postings than the budget, are
// left to Xapian's bounded counting pass.
//
// It reads whole posting lists, which is cheap only on a local database: a remote shard
// must count with Xapian's matcher.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <xapian.h>

#include "search/posting_table.h"

namespace prepsearch {

class MatchCounter {
 public:
  // Counts `query`'s matches in `db`, calling `visit(docid)` for each in docid order, if
  // the query's shape is covered and its terms hold at most `max_postings` postings in
  // all; otherwise returns nullopt having visited nothing. The lists `postings` holds (the
  // revision's, or null) are read from it.
  template <typename Visit>
  std::optional<Xapian::doccount> count(const Xapian::Database& db, const PostingTable* postings,
                                        const Xapian::Query& query, Xapian::doccount max_postings,
                                        Visit visit) {
    postings_ = postings;
    if (!evaluate(db, query, max_postings)) return std::nullopt;
    Xapian::doccount total = 0;
    const auto& bits = pool_.front();
    for (std::size_t word = 0; word < bits.size(); ++word) {
      for (std::uint64_t w = bits[word]; w != 0; w &= w - 1) {
        visit(static_cast<Xapian::docid>(word * 64 + static_cast<unsigned>(__builtin_ctzll(w))));
        ++total;
      }
    }
    return total;
  }

 private:
  using Bitmap = std::vector<std::uint64_t>;

  bool evaluate(const Xapian::Database& db, const Xapian::Query& query,
                Xapian::doccount max_postings);
  void fill(const Xapian::Query& query, std::size_t depth);
  void clear(std::size_t depth);
  void add_postings(const Xapian::Query& leaf, std::size_t depth);

  const Xapian::Database* db_ = nullptr;
  const PostingTable* postings_ = nullptr;
  std::size_t words_ = 0;
  std::vector<Bitmap> pool_;  // one bitmap per tree depth, kept between searches
};

}  // namespace prepsearch
