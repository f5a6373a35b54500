// The query tree as set operations over docid bitmaps.
#include "search/match_counter.h"

#include <algorithm>

#include "search/posting_cursor.h"

namespace prepsearch {
namespace {

using Q = Xapian::Query;

// Operators whose matches are their first subquery's (AND_MAYBE's other subqueries and a
// scale factor change weights only).
bool is_first_only(Q::op type) { return type == Q::OP_AND_MAYBE || type == Q::OP_SCALE_WEIGHT; }

bool is_leaf(Q::op type) {
  return type == Q::LEAF_TERM || type == Q::LEAF_MATCH_ALL || type == Q::LEAF_MATCH_NOTHING;
}

std::string leaf_term(const Q& query) { return *query.get_terms_begin(); }

// The postings a covered query reads, or nullopt if its shape is not covered.
std::optional<std::uint64_t> postings_of(const Xapian::Database& db, const Q& query) {
  const Q::op type = query.get_type();
  switch (type) {
    case Q::LEAF_TERM: return db.get_termfreq(leaf_term(query));
    case Q::LEAF_MATCH_ALL: return db.get_doccount();
    case Q::LEAF_MATCH_NOTHING: return 0;
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_AND:
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:
    case Q::OP_AND_MAYBE:
    case Q::OP_SCALE_WEIGHT: {
      std::uint64_t sum = 0;
      const std::size_t used = is_first_only(type) ? 1 : query.get_num_subqueries();
      for (std::size_t i = 0; i < used; ++i) {
        const auto sub = postings_of(db, query.get_subquery(i));
        if (!sub) return std::nullopt;
        sum += *sub;
      }
      return sum;
    }
    default: return std::nullopt;
  }
}

}  // namespace

bool MatchCounter::evaluate(const Xapian::Database& db, const Xapian::Query& query,
                            Xapian::doccount max_postings) {
  const auto postings = postings_of(db, query);
  if (!postings || *postings > max_postings) return false;
  db_ = &db;
  words_ = db.get_lastdocid() / 64 + 1;
  fill(query, 0);
  return true;
}

void MatchCounter::clear(std::size_t depth) {
  if (pool_.size() <= depth) pool_.resize(depth + 1);
  pool_[depth].assign(words_, 0);
}

void MatchCounter::add_postings(const Xapian::Query& leaf, std::size_t depth) {
  const std::string term = leaf.get_type() == Q::LEAF_TERM ? leaf_term(leaf) : std::string();
  if (leaf.get_type() == Q::LEAF_MATCH_NOTHING) return;
  Bitmap& out = pool_[depth];
  for (PostingCursor it(*db_, postings_, term); it.docid() != 0; it.next()) {
    const Xapian::docid docid = it.docid();
    out[docid / 64] |= std::uint64_t{1} << (docid % 64);
  }
}

// Sets pool_[depth] to the matches of `query`; deeper bitmaps hold its subqueries'.
void MatchCounter::fill(const Xapian::Query& query, std::size_t depth) {
  const Q::op type = query.get_type();
  if (is_first_only(type)) {
    fill(query.get_subquery(0), depth);
    return;
  }
  if (is_leaf(type)) {
    clear(depth);
    add_postings(query, depth);
    return;
  }
  const bool any = type == Q::OP_OR || type == Q::OP_SYNONYM;
  if (any) clear(depth);
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Q sub = query.get_subquery(i);
    if (any && is_leaf(sub.get_type())) {
      add_postings(sub, depth);  // straight into the union: no bitmap to clear and merge
      continue;
    }
    fill(sub, depth + 1);
    // Taken after the fill, which may have grown pool_.
    Bitmap& result = pool_[depth];
    const Bitmap& matches = pool_[depth + 1];
    if (any) {
      for (std::size_t w = 0; w < words_; ++w) result[w] |= matches[w];
    } else if (i == 0) {
      result.swap(pool_[depth + 1]);
    } else if (type == Q::OP_AND_NOT) {
      for (std::size_t w = 0; w < words_; ++w) result[w] &= ~matches[w];
    } else {  // OP_AND, OP_FILTER
      for (std::size_t w = 0; w < words_; ++w) result[w] &= matches[w];
    }
  }
}

}  // namespace prepsearch
