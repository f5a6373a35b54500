// Clauses → Xapian::Query, with the terms each clause matches kept for highlighting.
//
// Every word is looked up as the indexer's Analyzer wrote it (code terms whole, other words
// stemmed), so index and query always agree. Each word, phrase or synonym group is one
// tier; the bonuses that rank (tiers, title signals) are built here too: see ranking.h.
#pragma once

#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/schema.h"

#include "search/query_parser.h"
#include "search/ranking.h"

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
  Xapian::Query query;     // what matches: no word gives MatchAll (filtered), unsearchable nothing
  Xapian::Query ranking;   // `query` with the bonuses that rank (an OP_AND_MAYBE)
  bool has_words = false;  // false when only filters (or nothing) were given
  // Words were given but not one can be searched (over schema::kMaxTermBytes): `query`
  // matches nothing.
  bool unsearchable = false;
  std::size_t word_groups = 0;  // words, phrases and synonym groups that rank: the tiers
  HighlightTerms highlight;
};

// The languages (schema::kLanguages) a query's plain words are stemmed in: a word matches a
// document by its stem in any of them (OP_SYNONYM, one tier), so `migraciones` finds Spanish
// answers and `migrations` English ones. Synonyms and spelling stay English: so are their tables.
struct QueryLanguages {
  Stemmers& stemmers;
  std::vector<std::string> languages;  // never empty
  // The languages the query is written in, as far as known (`lang=`, or its letters: ñ, ã):
  // their documents get RankingParams::written_language.
  std::vector<std::string> written = {};
};

class QueryBuilder {
 public:
  // `db` is read for prefix expansion and spelling checks, `lexicon` (a local database
  // holding the synonym and spelling tables, see live_index.h) for synonyms and spellings.
  QueryBuilder(const Xapian::Database& db, const Xapian::Database& lexicon,
               const QueryLanguages& languages, const RankingParams& params = {});

  // Builds the query for `clauses` within `filters`.
  BuiltQuery build(const std::vector<Clause>& clauses, const Filters& filters);

 private:
  struct Group;
  struct Groups;
  struct Words;
  void add_clause(const Clause& clause, bool with_stopwords, Groups& groups, Words& words);
  static void join_alternatives(std::vector<Group>& list, std::size_t first);
  // The groups of a clause of words; `tokens` are its text's.
  void add_words(const Clause& clause, const std::vector<Token>& tokens, bool keep_stopwords,
                 Groups& groups);
  std::vector<Xapian::Query> title_bonuses(const std::vector<Token>& words, bool typing);
  Xapian::Query stemmed(const Token& token, const std::string& prefix);
  Xapian::Query title_word(const Token& token) { return stemmed(token, schema::prefix::kTitle); }
  Xapian::Query word_query(const Token& token, const std::string& prefix, bool typing);
  Xapian::Query phrase_query(const std::vector<Token>& tokens, const std::string& prefix);
  Xapian::Query completions(const std::string& prefix, Xapian::termcount max,
                            bool most_frequent) const;
  Xapian::Query synonym_group(const std::vector<Token>& tokens, std::size_t first,
                              const std::string& prefix, std::size_t& used, Xapian::Query& title);
  void add_highlight(const Token& token, bool stemmed);
  void correct_typos(Groups& groups);
  Xapian::Query named_page(const std::vector<Token>& words) const;
  Xapian::Query with_bonuses(const Xapian::Query& query, const Groups& groups, const Words& words,
                             bool tiered);
  BuiltQuery combine(Groups& groups, double tier);

  const Xapian::Database& db_;
  const Xapian::Database& lexicon_;
  const RankingParams params_;
  Stemmer& english_;             // synonym keys and spelling
  std::vector<Stemmer*> stems_;  // one per language the query is read in
  std::vector<std::string> written_;
  HighlightTerms highlight_;
  std::size_t phrases_left_ = 0;                // of kMaxPhrases, for this query
  std::unordered_set<std::string> seen_words_;  // a word searched twice counts once
};

}  // namespace prepsearch
