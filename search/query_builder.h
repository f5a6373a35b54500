// Clauses → Xapian::Query, with the terms each clause matches kept for highlighting.
//
// Every word is looked up as the indexer's Analyzer wrote it (code terms whole, other words
// stemmed), so index and query always agree. The built query is the first phase of ranking
// (BM25 over the query's own terms); the keys and words it carries rank the second phase
// (search/second_phase.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/schema.h"

#include "search/lexicon.h"
#include "search/query_parser.h"
#include "search/ranking.h"
#include "search/term_dictionary.h"

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

// Which of the query's key terms (QueryKeys) a document holds.
enum KeyBit : std::uint8_t {
  kHoldsExactTitle = 1,
  kHoldsTitleStart = 2,
  kHoldsPage = 4,
  kHoldsDefinition = 8,
};

// The title and page terms of the query's words (each empty when it has none): a document
// holding one joins the first phase's window whatever its BM25 weight, and ranks by it.
struct QueryKeys {
  std::string exact;                // the whole title is the query (schema::prefix::kTitleExact)
  std::vector<std::string> starts;  // the title starts with it (kTitleStart), or, while the last
                                    // word is typed, with its completions
  std::string page;                 // the query names a page (kSection), as the index has it
  std::string defined;              // a query of one word the text defines (kDefines)

  bool empty() const { return exact.empty() && starts.empty() && page.empty() && defined.empty(); }
  // Every key term, ORed; empty if none.
  Xapian::Query any() const;
  // Calls visit(term, KeyBit) for each key term (search/candidate.h says what each bit means).
  template <typename Visit>
  void each(Visit visit) const {
    if (!exact.empty()) visit(exact, kHoldsExactTitle);
    for (const auto& start : starts) visit(start, kHoldsTitleStart);
    if (!page.empty()) visit(page, kHoldsPage);
    if (!defined.empty()) visit(defined, kHoldsDefinition);
  }
};

// What a document holds to hold one word group: every term of one alternative (a word's
// stems, spellings, completions and synonyms are alternatives; a phrase's words are one).
// Phrases count as held without their words' order, which only BM25 and the match check.
using TermAlternatives = std::vector<std::vector<std::string>>;
// At most this many alternatives per group are kept (a group of several phrases, each with
// synonyms, multiplies out); past them, a document holding only a dropped one does not
// hold the group.
inline constexpr std::size_t kMaxTermAlternatives = 64;

struct BuiltQuery {
  // What matches, weighted by BM25 alone: no word gives MatchAll (filtered), unsearchable
  // nothing. The first phase of ranking.
  Xapian::Query query;
  // For a query short enough for tiers (RankingParams::max_tiered_words) of two word groups
  // or more, each group's terms; empty otherwise. The first phase marks the window's
  // documents holding every group (search/first_phase.h), which rank first.
  std::vector<TermAlternatives> tier_groups;
  bool has_words = false;  // false when only filters (or nothing) were given
  // Words were given but not one can be searched (over schema::kMaxTermBytes): `query`
  // matches nothing.
  bool unsearchable = false;
  std::size_t word_groups = 0;  // words, phrases and synonym groups
  bool tiered = false;          // word_groups within RankingParams::max_tiered_words
  QueryKeys keys;
  std::vector<Token> words;  // every word searched (stopwords too), in order: the title features
  bool typing = false;       // the last of them may be unfinished (no space after it)
  // While typing: the title words the last word begins (folded, unstemmed), most frequent first.
  std::vector<std::string> completed;
  HighlightTerms highlight;
  // Each term the query scales alone (OP_SCALE_WEIGHT of one term) with its factor, which
  // Xapian's Query does not give back: the first phase weighs an OR of terms itself.
  std::vector<std::pair<std::string, double>> scaled_terms;
  // Each OP_SYNONYM the query scales, by its description, with its factor.
  std::vector<std::pair<std::string, double>> scaled_synonyms;
};

// The languages (ISO 639-1 codes) a query's plain words are stemmed in: a word matches a
// document by its stem in any of them (OP_SYNONYM, one group), so `migraciones` finds Spanish
// answers and `migrations` English ones. The reader's language and English, and those its
// letters show (ñ, ã): never more, however many languages the index holds. Synonyms and
// spelling stay English: so are their tables.
struct QueryLanguages {
  Stemmers& stemmers;
  std::vector<std::string> languages;  // never empty
};

class QueryBuilder {
 public:
  // `db` is read for prefix expansion and spelling checks, `lexicon` (a local database
  // holding the synonym and spelling tables, see live_index.h) for synonyms and spellings;
  // `terms` (the revision's, or null) answers the lookups it covers instead of `db`.
  QueryBuilder(const Xapian::Database& db, const Lexicon& lexicon, const QueryLanguages& languages,
               const RankingParams& params = {}, const TermDictionary* terms = nullptr);

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
  QueryKeys keys_of(const std::vector<Token>& words, bool typing) const;
  std::vector<std::string> title_completions(const Token& typed) const;
  Xapian::Query stemmed(const Token& token, const std::string& prefix);
  Xapian::Query word_query(const Token& token, const std::string& prefix, bool typing);
  Xapian::Query phrase_query(const std::vector<Token>& tokens, const std::string& prefix);
  Xapian::Query completions(const std::string& prefix, Xapian::termcount max,
                            bool most_frequent) const;
  std::vector<std::string> completion_terms(const std::string& prefix, Xapian::termcount max,
                                            bool most_frequent) const;
  Xapian::Query synonym_group(const std::vector<Token>& tokens, std::size_t first,
                              const std::string& prefix, std::size_t& used);
  void add_highlight(const Token& token, bool stemmed);
  // OP_SCALE_WEIGHT of `query` by `factor`, noted in scaled_terms_ if `query` is one term,
  // in scaled_synonyms_ if it is an OP_SYNONYM.
  Xapian::Query scaled(const Xapian::Query& query, double factor);
  void correct_typos(Groups& groups);
  std::string named_page(const std::vector<Token>& words) const;
  BuiltQuery combine(Groups& groups);
  Xapian::Query within(Xapian::Query query, const Groups& groups) const;

  const Xapian::Database& db_;
  const TermDictionary* terms_;
  const Lexicon& lexicon_;
  const RankingParams params_;
  Stemmer& english_;             // synonym keys and spelling
  std::vector<Stemmer*> stems_;  // one per language the query is read in
  HighlightTerms highlight_;
  std::size_t phrases_left_ = 0;                // of kMaxPhrases, for this query
  std::unordered_set<std::string> seen_words_;  // a word searched twice counts once
  std::vector<std::pair<std::string, double>> scaled_terms_;
  std::vector<std::pair<std::string, double>> scaled_synonyms_;
};

}  // namespace prepsearch
