// Running queries against this thread's handle, with reopen-and-retry around every read.
#include "search/searcher.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/schema.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "search/first_phase.h"
#include "search/ranking.h"
#include "search/related.h"
#include "search/second_phase.h"
#include "search/snippet.h"
#include "search/spelling.h"

namespace prepsearch {
namespace {

// The reader's language: the request's, if it is one of the index's languages; else the default.
std::string reader_language(const SearchRequest& request) {
  return is_allowed(schema::field(schema::FieldId::kLanguage), request.lang)
             ? request.lang
             : std::string(schema::kDefaultLanguage);
}

}  // namespace

Searcher::Searcher(const LiveIndex& live, RevisionTableCache& tables, const RankingParams& params)
    : live_(live), tables_(tables), params_(params) {}

void Searcher::refresh() {
  const std::uint64_t now = live_.epoch();
  if (now == epoch_) return;
  db_ = live_.open();
  lexicon_ = Lexicon(live_.separate_lexicon() ? live_.open_lexicon() : db_);
  one_local_ = is_one_local_database(db_);
  languages_ = languages_of(db_);
  epoch_ = now;
}

QueryLanguages Searcher::query_languages(const SearchRequest& request,
                                         const std::vector<Clause>& clauses) {
  QueryLanguages query{stemmers_, {}};
  const auto known = [](const std::string& language) {
    return is_allowed(schema::field(schema::FieldId::kLanguage), language);
  };
  const auto add = [&](const std::string& language) {
    if (known(language) && std::find(query.languages.begin(), query.languages.end(), language) ==
                               query.languages.end())
      query.languages.push_back(language);
  };
  // The languages the reader keeps to, if a filter says (a parameter or a language: clause);
  // else the reader's, English, and those the query's letters show that the index holds.
  const std::string& param = schema::field(schema::FieldId::kLanguage).param;
  const auto filter = request.filters.find(param);
  if (filter != request.filters.end()) {
    for (const auto& language : filter->second) add(language);
  }
  for (const auto& clause : clauses) {
    if (clause.field == param && clause.sign != Clause::Sign::kExcluded) add(clause.text);
  }
  if (query.languages.empty()) {
    add(reader_language(request));
    add(schema::kDefaultLanguage);
    for (const auto& language : languages_written_in(request.query)) {
      if (std::find(languages_.begin(), languages_.end(), language) != languages_.end())
        add(language);
    }
  }
  if (query.languages.empty()) query.languages.emplace_back(schema::kDefaultLanguage);
  return query;
}

// A long read can meet an --update commit that overwrote the blocks it was reading
// (DatabaseModifiedError): reopen and run it again. A remote shard's connection can break
// (xapian-tcpsrv restarted): connect again and run it again. What still fails leaves the
// engine as a SearchError.
template <typename Work>
auto Searcher::read(Work work) -> decltype(work()) {
  try {
    refresh();
    for (int attempt = 0;; ++attempt) {
      try {
        return work();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 2) throw;
        db_.reopen();
      } catch (const Xapian::NetworkError&) {
        if (attempt == 2) throw;
        epoch_ = 0;
        refresh();
      }
    }
  } catch (const Xapian::Error& e) {
    epoch_ = 0;  // the next search opens the index afresh
    throw SearchError("cannot read the index " + live_.path() + ": " + e.get_description());
  }
}

SearchResults Searcher::run(const std::string& query, const SearchRequest& request) {
  const auto clauses = parse_query(query);
  // One local database: the revision's tables (held while the window's views point into
  // them) answer term lookups, give the lengths an OR of terms is weighed with, and each
  // window document's record.
  window_tables_ = one_local_ ? tables_.get(db_) : nullptr;
  const TermDictionary* terms = window_tables_ ? &window_tables_->terms : nullptr;
  QueryBuilder builder(db_, lexicon_, query_languages(request, clauses), params_, terms);
  const BuiltQuery built = builder.build(clauses, request.filters);
  SearchResults results;
  results.unsearchable = built.unsearchable;
  const std::vector<Candidate> page = ranked_page(built, request, results);
  add_hits(page, built, request, results);
  if (built.has_words) results.suggestion = correct_spelling(db_, lexicon_.db(), query, terms);
  return results;
}

// The two phases (first_phase.h, second_phase.h) and the count. The page is cut from the
// window as the second phase ranked and collapsed it, then from first-phase order past it.
std::vector<Candidate> Searcher::ranked_page(const BuiltQuery& built, const SearchRequest& request,
                                             SearchResults& results) {
  // Several databases (shards) match with check_at_least: over local shards, Xapian 1.4
  // skips documents that belong in the page once it has a full page from the first shard
  // (36 of 692 queries lost hits), and visiting the matches stops that.
  InMemoryWeights in_memory;
  if (one_local_) {
    in_memory = {&window_tables_->lengths, &bm25_window_,
                 std::size_t{request.exact_count_limit} * kPostingsPerCountedMatch,
                 &window_tables_->postings};
  }
  FirstPhase first(db_, built, params_, one_local_ ? 0 : request.exact_count_limit, in_memory);
  const std::size_t end = std::size_t{request.offset} + request.limit;
  std::vector<Candidate> window =
      first.window(static_cast<Xapian::doccount>(end) + kRankWindow + kMaxKeyDocs);
  read_records(window);
  SecondPhase second(built, reader_language(request), params_, stemmers_);
  const std::vector<std::size_t> shown = second.rank(window);
  if (one_local_) {
    count(built.query, request, first, results);
  } else {
    count_over_shards(built.query, request, results);
  }
  std::vector<Candidate> page;
  for (std::size_t at = request.offset; at < end && at < shown.size(); ++at) {
    page.push_back(std::move(window[shown[at]]));
  }
  if (end <= shown.size()) return page;
  std::unordered_set<Xapian::docid> ranked;
  for (const auto& candidate : window) ranked.insert(candidate.docid);
  std::size_t at = shown.size();
  for (const Xapian::docid docid :
       first.order(static_cast<Xapian::doccount>(end + window.size()))) {
    if (ranked.count(docid) != 0) continue;
    if (at++ >= request.offset) page.push_back({docid, 0, false, 0, {}, 0, {}});
    if (at >= end) break;
  }
  return page;
}

// Each window document's rank record: from the revision's table when the index is one local
// database, else from its value slot (over a remote shard, a round trip per document).
void Searcher::read_records(std::vector<Candidate>& window) {
  if (one_local_) {
    for (auto& candidate : window) candidate.record = window_tables_->ranks.record(candidate.docid);
    return;
  }
  remote_records_.clear();
  for (auto& candidate : window) {
    const auto& bytes = remote_records_.emplace_back(
        matched_document(db_, candidate.docid).get_value(schema::kSlotRank));
    if (const auto record = view_rank_record(bytes)) candidate.record = *record;
  }
}

// A hit's fields from the revision's records in memory (one local database), else from its
// value slot; its text, if asked for, from its own slot.
// `only`: just the fields of that role are copied out of the in-memory record (a hit's
// translation shows a few).
Document Searcher::hit_document(Xapian::docid docid, bool with_text, schema::FieldRole only) const {
  const std::string_view record =
      window_tables_ ? window_tables_->records.bytes(docid) : std::string_view();
  // One named result, so that it is built in place (a second return would move it).
  Document doc = record.empty() ? read_document(matched_document(db_, docid), with_text)
                                : read_record(record, only);
  if (with_text && !record.empty()) read_apart_fields(matched_document(db_, docid), doc);
  return doc;
}

void Searcher::add_hits(const std::vector<Candidate>& page, const BuiltQuery& built,
                        const SearchRequest& request, SearchResults& results) {
  // A text's words are stemmed in its own language to find the query's stems in it.
  std::map<std::string, std::unique_ptr<SnippetMaker>> snippets;
  // The texts, when the revision's are held in memory: not copied into each hit.
  const SlotTable* texts =
      window_tables_ && window_tables_->texts.held() ? &window_tables_->texts : nullptr;
  for (const auto& candidate : page) {
    SearchHit& hit = results.hits.emplace_back();
    hit.doc = hit_document(candidate.docid, request.snippets && !texts);
    hit.score = candidate.score;
    hit.translations.reserve(candidate.collapsed.size());
    for (const auto docid : candidate.collapsed)
      hit.translations.push_back(hit_document(docid, false, schema::kInTranslation));
    if (!request.snippets) continue;
    auto& maker = snippets[hit.doc.language];
    if (!maker)
      maker = std::make_unique<SnippetMaker>(built.highlight, stemmers_[hit.doc.language]);
    std::string_view text = texts ? texts->bytes(candidate.docid) : hit.doc.text;
    if (text.empty()) text = hit.doc.title;
    hit.snippet = maker->make(text);
    hit.title_marked = maker->mark_all(hit.doc.title);
  }
}

SearchResults Searcher::search(const SearchRequest& request) {
  return read([&] {
    SearchResults results = run(request.query, request);
    if (results.total == 0 && results.suggestion) {
      const std::string suggestion = *results.suggestion;
      results = run(suggestion, request);
      results.suggestion = suggestion;
      results.corrected = true;
    }
    return results;
  });
}

std::optional<Document> Searcher::document(const std::string& id) {
  return read([&] { return find_document(db_, id); });
}

std::vector<Document> Searcher::translations(const Document& doc) {
  return read([&] {
    // The original is the document itself or the one it translates; the others translate it.
    const std::string& original = doc.translates.empty() ? doc.id : doc.translates;
    std::vector<Document> found;
    if (original != doc.id) {
      if (auto document = find_document(db_, original)) found.push_back(std::move(*document));
    }
    const std::string term = translates_term(original);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
      Document translation = read_document(matched_document(db_, *it), false);
      if (translation.id != doc.id) found.push_back(std::move(translation));
    }
    return found;
  });
}

std::optional<std::vector<SearchHit>> Searcher::related(const std::string& id,
                                                        Xapian::doccount limit) {
  return read([&]() -> std::optional<std::vector<SearchHit>> {
    const auto docid = find_docid(db_, id);
    if (!docid) return std::nullopt;
    const Document doc = read_document(matched_document(db_, *docid), false);
    const std::string topic =
        doc.topic.empty() ? std::string() : boolean_term(schema::prefix::kTopic, doc.topic);
    std::vector<SearchHit> hits;
    const Xapian::Query query =
        related_query(db_, *docid, id_term(id), topic, doc.language, params_);
    if (query.empty()) return hits;
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    rank_by_relevance(enquire, params_);
    const Xapian::MSet mset = enquire.get_mset(0, limit);
    hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      SearchHit& hit = hits.emplace_back();
      hit.doc = read_document(it.get_document(), false);
      hit.score = it.get_weight();
    }
    return hits;
  });
}

IndexStatus Searcher::status() {
  return read([&] {
    const std::string generation = db_.get_metadata(schema::metadata::kGeneration);
    const bool number = !generation.empty() && generation.size() < 10 &&
                        generation.find_first_not_of("0123456789") == std::string::npos;
    return IndexStatus{db_.get_doccount(),
                       number ? static_cast<unsigned>(std::stoul(generation)) : 0};
  });
}

std::vector<std::string> Searcher::suggest(std::string_view text, std::size_t max) {
  return read([&] {
    auto suggestions = complete_word(text, max / 2 + 1);
    for (auto& title : matching_titles(text, max)) {
      if (suggestions.size() >= max) break;
      if (std::find(suggestions.begin(), suggestions.end(), title) == suggestions.end()) {
        suggestions.push_back(std::move(title));
      }
    }
    return suggestions;
  });
}

std::uint64_t SearchService::next_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

namespace {

// Each thread's searchers, by service id (not address: tests start several services in one
// process, and an id is never reused).
std::unordered_map<std::uint64_t, std::unique_ptr<Searcher>>& searchers_of_this_thread() {
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<Searcher>> searchers;
  return searchers;
}

}  // namespace

Searcher& SearchService::searcher() {
  auto& searcher = searchers_of_this_thread()[id_];
  if (!searcher) searcher = std::make_unique<Searcher>(live_, tables_, params_);
  return *searcher;
}

// The destroying thread's searcher goes with the service, and with it its handles (a remote
// shard's connections close while its server still runs). Other threads' entries live as
// long as their thread: in the server those are the pool's workers, which the HttpServer
// owning this service joins before it destroys the service; an entry of a service gone (in
// tests) is never looked up again.
SearchService::~SearchService() { searchers_of_this_thread().erase(id_); }

}  // namespace prepsearch
