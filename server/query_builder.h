// Clauses → Xapian::Query, with the terms each clause matches kept for highlighting.
//
// Every word is looked up as the indexer's Analyzer wrote it (code terms whole, other words
// stemmed), so index and query always agree. Each word, phrase or synonym group is one
// tier for TieredBM25Weight; see ranking.h.
#pragma once

#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"

#include "server/query_parser.h"

namespace prepsearch {

// filter parameter (schema::filter_params(): topic, section, kind, level, language, tag) →
// accepted values: values of one field are ORed, fields ANDed. An unknown parameter
// matches nothing.
using Filters = std::map<std::string, std::vector<std::string>>;

// What a snippet marks: whole code terms and unstemmed words, stems, and typed prefixes.
struct HighlightTerms {
  std::unordered_set<std::string> exact;
  std::unordered_set<std::string> stems;
  std::vector<std::string> prefixes;
};

struct BuiltQuery {
  Xapian::Query query;          // never empty: no searchable word gives MatchAll (filtered)
  bool has_words = false;       // false when only filters (or nothing) were given
  std::size_t word_groups = 0;  // words, phrases and synonym groups that rank: the tiers
  HighlightTerms highlight;
};

class QueryBuilder {
 public:
  // `db` is read for synonyms and prefix expansion.
  explicit QueryBuilder(const Xapian::Database& db) : db_(db) {}

  // Builds the query for `clauses` within `filters`.
  BuiltQuery build(const std::vector<Clause>& clauses, const Filters& filters);

 private:
  struct Groups;
  void add_words(const Clause& clause, bool keep_stopwords, Groups& groups);
  Xapian::Query word_query(const Token& token, const std::string& prefix, bool typing);
  Xapian::Query phrase_query(const std::vector<Token>& tokens, const std::string& prefix);
  Xapian::Query synonym_group(const std::vector<Token>& tokens, std::size_t first,
                              const std::string& prefix, std::size_t& used);
  void add_highlight(const Token& token, bool stemmed);
  BuiltQuery combine(Groups& groups);

  const Xapian::Database& db_;
  Stemmer stem_;
  HighlightTerms highlight_;
};

}  // namespace prepsearch
