// The word groups a query is built from: shared by the three files of QueryBuilder
// (query_builder.cpp: clauses to groups; query_terms.cpp: a word to its terms;
// query_keys.cpp: the title and page terms that join the window). Included by those alone.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"

#include "search/query_builder.h"

namespace prepsearch {

// A word, phrase or synonym group: a tiered query's documents holding every group rank first.
struct QueryBuilder::Group {
  Xapian::Query query;
  std::string meant;  // a word the index lacks: the stem of what it most likely means
};

struct QueryBuilder::Groups {
  std::vector<Group> optional, required, excluded;
  Filters filters;
  std::string page;           // the query names a page: its section term (see named_page)
  bool unsearchable = false;  // a word no term can hold (over 64 bytes): nothing matches it

  std::size_t word_count() const { return optional.size() + required.size(); }

  std::vector<Group>& of(Clause::Sign sign) {
    return sign == Clause::Sign::kRequired   ? required
           : sign == Clause::Sign::kExcluded ? excluded
                                             : optional;
  }
};

// The query's searched words (all of them, stopwords too, in order), for the title features.
struct QueryBuilder::Words {
  std::vector<Token> tokens;
  bool typing = false;  // the last word may be unfinished (no space after it)
};

}  // namespace prepsearch
