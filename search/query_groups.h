// The word groups a query is built from: shared by the three files of QueryBuilder
// (query_builder.cpp: clauses to groups; query_terms.cpp: a word to its terms;
// query_ranking.cpp: the bonuses that rank). Included by those alone.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"

#include "search/query_builder.h"

namespace prepsearch {

// A word, phrase or synonym group: one tier. `boost` scales its tier bonus as the query
// scales its BM25 weight (params.exact_boost for code terms and phrases).
struct QueryBuilder::Group {
  Xapian::Query query;
  double boost = 1;
  Xapian::Query title;  // the same words (or synonyms) in the title; empty if none
  std::string meant;    // a word the index lacks: the stem of what it most likely means
};

struct QueryBuilder::Groups {
  std::vector<Group> optional, required, excluded;
  Filters filters;
  Xapian::Query page;         // the query names a page: its section term (see named_page)
  bool unsearchable = false;  // a word no term can hold (over 64 bytes): nothing matches it

  std::size_t word_count() const { return optional.size() + required.size(); }

  std::vector<Group>& of(Clause::Sign sign) {
    return sign == Clause::Sign::kRequired   ? required
           : sign == Clause::Sign::kExcluded ? excluded
                                             : optional;
  }
};

// The query's searched words (all of them, stopwords too, in order), for the title signals.
struct QueryBuilder::Words {
  std::vector<Token> tokens;
  bool typing = false;  // the last word may be unfinished (no space after it)
};

// The query's words as a phrase of the title: its neighbouring pairs, each a title-pair term
// (reading no positions; a title holding every pair holds the phrase but in rare cases).
inline Xapian::Query title_phrase(const std::vector<Token>& tokens) {
  if (tokens.size() == 1) return Xapian::Query(schema::prefix::kTitle + whole_word(tokens.front()));
  std::vector<std::string> pairs;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    pairs.push_back(title_pair_term(tokens[i], tokens[i + 1]));
    if (pairs.back().empty()) return {};  // a pair too long for a term: no title holds it
  }
  return Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end());
}

}  // namespace prepsearch
