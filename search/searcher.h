// Query string → parsed clauses → Xapian query → ranked, faceted, highlighted results.
// No HTTP in here: routes.cpp turns these structs into JSON.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/document.h"

#include "search/bm25_window.h"
#include "search/candidate.h"
#include "search/facets.h"
#include "search/live_index.h"
#include "search/match_counter.h"
#include "search/query_builder.h"
#include "search/ranking.h"
#include "search/revision_tables.h"
#include "search/search_error.h"

namespace prepsearch {

class FirstPhase;

// Totals and facets are exact up to this many matches (Meilisearch's default bound). Past
// it, counting stops (the work per search is bounded whatever the collection's size): the
// total is an estimate and the facets count the matches seen, and
// SearchResults::counts_exact says so.
inline constexpr Xapian::doccount kExactCountLimit = 1000;

// The bitmap count, and the in-memory window before it prunes, read at most this many
// postings per match the exact-count limit allows: a posting costs a small fraction of a
// match in Xapian's matcher, so it never costs more than the bounded pass it replaces.
inline constexpr Xapian::doccount kPostingsPerCountedMatch = 4;

// The longest query text a search takes (the server answers 400 past it; the query tool
// reports the line).
inline constexpr std::size_t kMaxQueryBytes = 1000;

struct SearchRequest {
  std::string query;
  Filters filters;
  // The reader's language (an ISO 639-1 code): its documents rank first and stand for
  // their translations, and the query is stemmed in it and English (and any language its
  // letters show). Empty: schema::kDefaultLanguage.
  std::string lang;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  bool snippets = true;  // false: leave SearchHit::snippet empty (a TREC run has no use for it)
  // false: no facet counts (SearchResults::facets empty), where no one shows them: the total
  // alone costs less.
  bool facets = true;
  Xapian::doccount exact_count_limit = kExactCountLimit;  // lower in tests only
};

struct SearchHit {
  Document doc;  // its text may be empty (the snippet read it from memory): no answer shows it
  // The documents this hit stands for: its translations and the same section elsewhere
  // that the query also found (without their texts).
  std::vector<Document> translations;
  double score = 0;
  std::string snippet;       // HTML: escaped text with <mark> around matches
  std::string title_marked;  // HTML: the whole title, escaped, its matches in <mark>
};

struct SearchResults {
  Xapian::doccount total = 0;  // every match, or an estimate past the exact-count limit
  // False past the exact-count limit: `total` is Xapian's estimate (a MatchAll total may
  // still be exact) and the facets count only the matches seen.
  bool counts_exact = true;
  std::optional<std::string> suggestion;  // the query with typos corrected
  bool corrected = false;  // nothing matched as typed: these are the suggestion's results
  // Words were given but none can be searched (each over schema::kMaxTermBytes): nothing
  // matched, and the answer says why.
  bool unsearchable = false;
  std::vector<SearchHit> hits;
  FacetCounts facets;
};

// Nothing found as typed (even if a correction then found something): what the query log
// counts as a search without results.
inline bool found_nothing_as_typed(const SearchResults& results) {
  return results.total == 0 || results.corrected;
}

struct IndexStatus {
  Xapian::doccount documents = 0;
  unsigned generation = 0;  // as stamped by prepsearch-index; 0 if unknown
};

// Searches one handle on the live index. Not thread-safe: one per thread (see live_index.h).
class Searcher {
 public:
  Searcher(const LiveIndex& live, RevisionTableCache& tables, const RankingParams& params);

  // Each throws SearchError (search_error.h) only if the index cannot be read at all.
  SearchResults search(const SearchRequest& request);
  std::optional<Document> document(const std::string& id);
  // The same document in other languages: the one `doc` translates and every other
  // translation of that one (schema::FieldId::kTranslates), without their texts.
  std::vector<Document> translations(const Document& doc);
  // Up to `limit` documents most like the one with `id` (itself excluded), questions of its
  // topic first; nullopt if there is no such document. No snippets.
  std::optional<std::vector<SearchHit>> related(const std::string& id, Xapian::doccount limit);
  // Up to `max` completions of the word being typed (index vocabulary, most frequent first)
  // and question titles that match what is typed.
  std::vector<std::string> suggest(std::string_view text, std::size_t max = 8);
  IndexStatus status();

 private:
  void refresh();
  QueryLanguages query_languages(const SearchRequest& request, const std::vector<Clause>& clauses);
  template <typename Work>
  auto read(Work work) -> decltype(work());
  SearchResults run(const std::string& query, const SearchRequest& request);
  std::vector<Candidate> ranked_page(const BuiltQuery& built, const SearchRequest& request,
                                     SearchResults& results);
  void read_records(std::vector<Candidate>& window);
  Document hit_document(Xapian::docid docid, bool with_text,
                        schema::FieldRole only = schema::FieldRole{}) const;
  void add_hits(const std::vector<Candidate>& page, const BuiltQuery& built,
                const SearchRequest& request, SearchResults& results);
  void count(const Xapian::Query& query, const SearchRequest& request, const FirstPhase& first,
             SearchResults& results);
  void count_over_shards(const Xapian::Query& query, const SearchRequest& request,
                         SearchResults& results);
  std::vector<std::string> complete_word(std::string_view text, std::size_t max);
  std::vector<std::string> matching_titles(std::string_view text, std::size_t max);

  const LiveIndex& live_;
  RevisionTableCache& tables_;
  const RankingParams& params_;
  Xapian::Database db_;
  Lexicon lexicon_;        // db_ itself unless the lexicon is apart (remote shards)
  bool one_local_ = true;  // db_ is one local database: MatchCounter and the tables apply
  std::uint64_t epoch_ = 0;
  std::vector<std::string> languages_;  // those the index's documents are in
  Stemmers stemmers_;
  MatchCounter counter_;
  // What this search's window records are read from: the revision's tables (one local
  // database), or their bytes read from the shards.
  std::shared_ptr<const RevisionTables> window_tables_;
  Bm25Window bm25_window_;  // this thread's: an OR of terms weighed in memory
  std::deque<std::string> remote_records_;
};

// The searchers of all threads: hands each thread its own.
class SearchService {
 public:
  // Opens the live index and builds the tables of its revision before serving; those of
  // each later revision are built by the watcher before searches switch to it.
  // `params`: the shipped ranking unless a tuning run (prepsearch-query --ranking) says otherwise.
  // `lexicon`: where spelling and synonyms are read when `db` lists remote shards (see
  // live_index.h); empty: `db` itself.
  explicit SearchService(const std::string& db, const RankingParams& params = {},
                         const std::string& lexicon = {})
      : params_(params), live_(db, lexicon, [this](const Xapian::Database& d) {
          if (is_one_local_database(d)) tables_.get(d);
        }) {}
  ~SearchService();
  SearchService(const SearchService&) = delete;
  SearchService& operator=(const SearchService&) = delete;
  Searcher& searcher();  // this thread's, created on first use
  const LiveIndex& live() const { return live_; }
  // Makes a change just committed (a write over HTTP) visible to the next search.
  void refresh() { live_.check_now(); }
  const RevisionTableCache& tables() const { return tables_; }

 private:
  const RankingParams params_;
  RevisionTableCache tables_;  // before live_: its watcher fills this until live_ is gone
  LiveIndex live_;
  const std::uint64_t id_ = next_id();
  static std::uint64_t next_id();
};

}  // namespace prepsearch
