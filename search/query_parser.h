// Query text → clauses: the search syntax, before any term is looked up.
//
// The syntax is Xapian's QueryParser's (words, "phrases", -exclusion, +required, OR,
// field:value), parsed here because Xapian's tokeniser splits the code terms people type
// (N+1, cache.get, C++). It never fails: whatever does not parse as an operator is words,
// so an unbalanced quote, `AND OR` or a lone `-` is searched as plain words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace prepsearch {

struct Clause {
  enum class Sign { kOptional, kRequired, kExcluded };

  std::string text;     // the words, or the phrase without its quotes, or a field's value
  std::string field;    // "" or one of query_fields(), lower-case
  bool phrase = false;  // written in double quotes
  Sign sign = Sign::kOptional;
  bool or_previous = false;  // joined to the clause before it by OR
  bool prefix = false;       // the last word, still being typed: match it as a prefix too
};

// Fields a query may name: `title:` searches titles; the others, schema::filter_params(),
// filter (boolean).
const std::vector<std::string>& query_fields();

// Splits `text` into clauses, in order. `text` must be valid UTF-8.
std::vector<Clause> parse_query(std::string_view text);

}  // namespace prepsearch
