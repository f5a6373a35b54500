// Search behaviour on corpus/django.md: code terms, ranking, typos, synonyms, filters,
// facets and snippets, through the same Searcher the server uses.
#include "search/searcher.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "core/schema.h"

#include "child_process.h"
#include "search_fixture.h"

using prepsearch::test::SearchFixture;

namespace {

const std::string kNPlusOneQuestion = "django/not-knowing-the-n-1-query-problem";
const std::string kCachingQuestion =
    "django/what-caching-strategies-would-you-use-in-a-django-application";
const std::string kCbvQuestion =
    "django/when-would-you-use-class-based-views-cbvs-instead-of-function-based-views-fbvs";

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::size_t facet(const prepsearch::SearchResults& results, const std::string& field,
                  const std::string& value) {
  for (const auto& [name, values] : results.facets) {
    if (name != field) continue;
    for (const auto& [v, count] : values) {
      if (v == value) return count;
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("code terms are found as typed", "[search]") {
  SearchFixture fixture;
  const auto n_plus_one = fixture.ids("N+1 ");
  REQUIRE(!n_plus_one.empty());
  CHECK(contains(n_plus_one, "django/how-do-you-optimize-database-queries-in-django"));
  CHECK(fixture.ids("cache.get ").front() == kCachingQuestion);
  CHECK(fixture.ids("Django-Q ") ==
        std::vector<std::string>{"django/running-slow-tasks-synchronously-in-the-request-cycle"});
  CHECK(fixture.ids("select_related ").size() == 3);
  CHECK(fixture.ids("Celery ").size() == 4);
}

TEST_CASE("hyphenated words also match when written apart and count once", "[search]") {
  SearchFixture fixture(
      R"({"id": "t/apart", "title": "Cross Site Request Forgery protection", "text": "Tokens in forms."})"
      "\n"
      R"({"id": "t/hyphen", "title": "What does cross-site mean?", "text": "Requests from another origin."})"
      "\n"
      R"({"id": "t/other", "title": "Site maps", "text": "A cross in the margin marks the site."})"
      "\n");
  const auto ids = fixture.ids("cross-site ");
  CHECK(contains(ids, "t/apart"));
  CHECK(contains(ids, "t/hyphen"));
  CHECK_FALSE(contains(ids, "t/other"));  // both words, but not side by side
  // One word for the tiers: "cross-site forms" puts the document with both first.
  CHECK(fixture.ids("cross-site forms ").front() == "t/apart");
  // Code terms are not split: N+1 must not match "n" and "1" written apart.
  SearchFixture apart(R"({"id": "t/n1", "title": "Step n 1", "text": "Take n, then 1."})"
                      "\n");
  CHECK_FALSE(contains(apart.ids("N+1 "), "t/n1"));
}

TEST_CASE("documents with all the words rank before those with some", "[search]") {
  SearchFixture fixture;
  const auto results = fixture.search("celery redis ", {}, 100);
  REQUIRE(results.hits.size() > 2);
  // Celery is in 4 documents, Redis in more; a word missing never empties the result.
  const auto has_both = [&](const prepsearch::SearchHit& hit) {
    const auto doc = fixture.service().searcher().document(hit.doc.id);
    REQUIRE(doc);
    const std::string all = doc->title + " " + doc->text;
    return all.find("Celery") != std::string::npos && all.find("Redis") != std::string::npos;
  };
  std::size_t both = 0;
  while (both < results.hits.size() && has_both(results.hits[both])) ++both;
  CHECK(both >= 2);
  for (std::size_t i = both; i < results.hits.size(); ++i) CHECK_FALSE(has_both(results.hits[i]));
  CHECK(fixture.search("celery zzzunknownword ").total == 4);
}

TEST_CASE("a question whose title matches outranks a long section mentioning the term",
          "[search]") {
  SearchFixture fixture;
  const auto ids = fixture.ids("middleware ");
  REQUIRE(ids.size() >= 2);
  CHECK(ids.front() == "django/what-is-middleware-in-django-and-when-would-you-write-a-custom-one");
}

TEST_CASE("the last word is matched as a prefix while typing", "[search]") {
  SearchFixture fixture;
  CHECK(contains(fixture.ids("prefetch_rel"),
                 "django/what-is-the-difference-between-select-related-and-prefetch-related"));
  CHECK(fixture.ids("middlew").front() ==
        "django/what-is-middleware-in-django-and-when-would-you-write-a-custom-one");
  CHECK(fixture.ids("middlew ").empty());  // a finished word is not a prefix
}

TEST_CASE("typos get a suggestion and the corrected results when nothing matched", "[search]") {
  SearchFixture fixture;
  auto results = fixture.search("celary ");
  REQUIRE(results.suggestion);
  CHECK(*results.suggestion == "celery ");
  CHECK(results.corrected);
  CHECK(results.total == 4);
  results = fixture.search("middlware ");
  REQUIRE(results.suggestion);
  CHECK(*results.suggestion == "middleware ");
  CHECK(results.corrected);
  results = fixture.search("celery ");
  CHECK_FALSE(results.suggestion);
  CHECK_FALSE(results.corrected);
}

TEST_CASE("synonyms from corpus/synonyms.txt expand queries", "[search]") {
  SearchFixture fixture;
  CHECK(fixture.ids("CBV ").front() == kCbvQuestion);
  CHECK(contains(fixture.ids("class-based views "), kCbvQuestion));
  // DRF = Django REST Framework: the DRF answers say "Django REST Framework" or "DRF".
  const auto drf = fixture.ids("DRF ");
  CHECK(contains(drf, "django/what-do-serializers-do-in-django-rest-framework"));
  CHECK(contains(
      fixture.ids("JSON Web Token "),
      "django/how-do-you-implement-authentication-and-permissions-in-django-rest-framework"));
  CHECK(contains(fixture.ids("n plus one queries "), kNPlusOneQuestion));
}

TEST_CASE("the lexicon holds the synonym table and the terms its keys begin with", "[search]") {
  SearchFixture fixture;
  const prepsearch::Lexicon lexicon{Xapian::Database(fixture.db())};
  const Xapian::Database& db = lexicon.db();
  std::size_t keys = 0;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key, ++keys) {
    const std::string text = *key;
    const auto* synonyms = lexicon.synonyms(text);
    REQUIRE(synonyms);
    CHECK(*synonyms == std::vector<std::string>(db.synonyms_begin(text), db.synonyms_end(text)));
    CHECK(lexicon.begins_a_key(text.substr(0, text.find(' '))));
  }
  CHECK(keys > 10);
  CHECK_FALSE(lexicon.synonyms("zebrafish"));
  CHECK_FALSE(lexicon.begins_a_key("zebrafish"));
}

TEST_CASE("phrases and exclusion and OR and fields", "[search]") {
  SearchFixture fixture;
  CHECK(fixture.ids("\"message broker\" ") ==
        std::vector<std::string>{"django/how-do-you-run-background-tasks-in-django"});
  const auto with = fixture.ids("celery ");
  const auto without = fixture.ids("celery -redis ");
  CHECK(without.size() < with.size());
  CHECK_FALSE(contains(without, "django/how-do-you-run-background-tasks-in-django"));
  CHECK(fixture.ids("Django-Q OR DJANGO_SETTINGS_MODULE ").size() == 2);
  for (const auto& hit : fixture.search("level:advanced cache ", {}, 100).hits) {
    CHECK(hit.doc.level == "advanced");
  }
  CHECK(fixture.ids("title:middleware ").front() ==
        "django/what-is-middleware-in-django-and-when-would-you-write-a-custom-one");
  CHECK(fixture.ids("kind:question topic:django ").size() == 28);
  const auto technical = fixture.search("section:\"Technical questions\" celery ", {}, 100);
  REQUIRE(technical.total > 0);
  for (const auto& hit : technical.hits) CHECK(hit.doc.section == "Technical questions");
}

TEST_CASE("what a query parser would reject is searched as words", "[search]") {
  SearchFixture fixture;
  for (const std::string text : {"\"celery", "celery AND", "AND OR", "- celery", "((celery",
                                 "celery\"\" OR", "NOT", "title:", "::", "+", "\"\""}) {
    INFO("query: " << text);
    CHECK_NOTHROW(fixture.search(text));
  }
  CHECK(fixture.search("\"celery").total == 4);
  CHECK(fixture.search("AND OR").total > 0);  // only stopwords: searched after all
}

TEST_CASE("filters OR values of one field and AND fields while facets count every match",
          "[search]") {
  SearchFixture fixture;
  const auto all = fixture.search("django ", {}, 1);
  CHECK(all.hits.size() == 1);
  std::size_t by_kind = facet(all, "kind", "question") + facet(all, "kind", "section");
  CHECK(by_kind == all.total);
  const auto two_levels = fixture.search("", {{"level", {"advanced", "mistake"}}}, 100);
  CHECK(two_levels.total == 12);
  CHECK(facet(two_levels, "level", "advanced") == 6);
  CHECK(facet(two_levels, "level", "mistake") == 6);
  const auto and_fields = fixture.search("", {{"level", {"advanced"}}, {"kind", {"section"}}});
  CHECK(and_fields.total == 0);
  CHECK(fixture.search("", {{"topic", {"Django"}}}).total == 46);
}

TEST_CASE("snippets mark matches and keep code terms whole and escape HTML", "[search]") {
  SearchFixture fixture(
      R"({"id": "xss/1", "title": "Templates", "text": "Never trust <script>alert('N+1')</script> in select_related output & more.", "topic": "django"})"
      "\n");
  const auto results = fixture.search("select_related script ");
  const auto hit = std::find_if(results.hits.begin(), results.hits.end(),
                                [](const auto& h) { return h.doc.id == "xss/1"; });
  REQUIRE(hit != results.hits.end());
  CHECK(hit->snippet.find("<script>") == std::string::npos);
  CHECK(hit->snippet.find("&lt;<mark>script</mark>&gt;") != std::string::npos);
  CHECK(hit->snippet.find("<mark>select_related</mark>") != std::string::npos);
  CHECK(hit->snippet.find("&amp; more") != std::string::npos);
  const auto n_plus_one = fixture.search("N+1 ");
  bool whole = false;
  for (const auto& h : n_plus_one.hits) {
    CHECK(h.snippet.find("<mark>N+</mark>") == std::string::npos);
    whole = whole || h.snippet.find("<mark>N+1</mark>") != std::string::npos;
  }
  CHECK(whole);
}

TEST_CASE("documents are found by id and suggestions complete what is typed", "[search]") {
  SearchFixture fixture;
  auto& searcher = fixture.service().searcher();
  const auto doc = searcher.document("django/scalability");
  REQUIRE(doc);
  CHECK(doc->title == "Scalability");
  CHECK_FALSE(searcher.document("django/nope"));
  const auto prefe = searcher.suggest("prefe");
  CHECK(std::find(prefe.begin(), prefe.end(), "prefetch_related") != prefe.end());
  const auto cel = searcher.suggest("cel");
  REQUIRE(!cel.empty());
  CHECK(cel.front() == "celery");
  CHECK(cel.size() <= 8);
  const auto titles = searcher.suggest("middlew");
  CHECK(std::find(titles.begin(), titles.end(),
                  "What is middleware in Django and when would you write a custom one?") !=
        titles.end());
}

TEST_CASE("a database of another schema version is refused at start with what to do", "[search]") {
  prepsearch::test::ScratchDir dir;
  {
    Xapian::WritableDatabase old(dir / "old", Xapian::DB_CREATE);
    old.set_metadata(prepsearch::schema::metadata::kSchema, "3");
    old.commit();
  }
  try {
    prepsearch::SearchService service(dir / "old");
    FAIL("the old database was opened");
  } catch (const prepsearch::SearchError& e) {
    const std::string message = e.what();
    CHECK(message.find("schema version 3") != std::string::npos);
    CHECK(message.find("rebuild it with prepsearch-index") != std::string::npos);
  }
}

TEST_CASE("an index that cannot be opened leaves the engine as its own error type", "[search]") {
  prepsearch::test::ScratchDir dir;
  CHECK_THROWS_AS(prepsearch::SearchService(dir / "missing"), prepsearch::SearchError);
  CHECK_THROWS_WITH(prepsearch::SearchService(dir / "missing"),
                    Catch::Contains("cannot open the index"));
}

TEST_CASE("totals and facets are exact below the count limit and flagged above it", "[search]") {
  SearchFixture fixture;
  prepsearch::SearchRequest request;  // no words: every document matches
  request.limit = 1;
  const auto all = fixture.service().searcher().search(request);
  CHECK(all.counts_exact);
  CHECK(all.total == 46);
  REQUIRE_FALSE(all.facets.empty());
  CHECK(all.facets.front().first == "topic");
  CHECK(all.facets.front().second.front().second == all.total);  // every document is django

  request.exact_count_limit = 5;
  const auto bounded = fixture.service().searcher().search(request);
  CHECK_FALSE(bounded.counts_exact);
  CHECK(bounded.total >= 5);
  const auto counted = bounded.facets.front().second.front().second;
  CHECK(counted >= 5);
  CHECK(counted < all.total);
}

TEST_CASE("a search without facets counts the same total, by every way of counting", "[search]") {
  SearchFixture fixture;
  // In memory, Xapian's match of a phrase, a filter, every document; and past the limit.
  for (const std::string query : {"celery", "\"message broker\"", "celery topic:django", ""}) {
    for (const Xapian::doccount limit : {prepsearch::kExactCountLimit, Xapian::doccount{5}}) {
      INFO(query << " limit " << limit);
      prepsearch::SearchRequest with;
      with.query = query;
      with.exact_count_limit = limit;
      prepsearch::SearchRequest without = with;
      without.facets = false;
      const auto a = fixture.service().searcher().search(with);
      const auto b = fixture.service().searcher().search(without);
      CHECK(a.total == b.total);
      // Without facets only the total must be exact: every document's count is, at any limit.
      CHECK(b.counts_exact == (a.counts_exact || query.empty()));
      CHECK_FALSE(a.facets.empty());
      CHECK(b.facets.empty());
    }
  }
}

TEST_CASE("a first page holding every match counts it as the second pass does", "[search]") {
  SearchFixture fixture;
  for (const char* query : {"N+1", "select_related", "celery", "middleware cache", "zzzz"}) {
    INFO(query);
    prepsearch::SearchRequest whole;
    whole.query = query;
    whole.limit = 100;  // the page holds every match: no second pass
    prepsearch::SearchRequest later = whole;
    later.offset = 1;  // not the first page: the second pass counts
    const auto a = fixture.service().searcher().search(whole);
    const auto b = fixture.service().searcher().search(later);
    CHECK(a.total == b.total);
    CHECK(a.counts_exact);
    CHECK(b.counts_exact);
    CHECK(a.facets == b.facets);
  }
}

TEST_CASE("the facet table of each revision is built before searches see it and not in a request",
          "[search]") {
  SearchFixture fixture;
  auto& service = fixture.service();
  CHECK(service.tables().builds() == 1);  // at start
  fixture.search("celery");
  CHECK(service.tables().builds() == 1);
  const auto epoch = service.live().epoch();
  fixture.reindex("");
  REQUIRE(prepsearch::test::wait_until([&] { return service.live().epoch() != epoch; },
                                       std::chrono::seconds(5)));
  CHECK(service.tables().builds() == 2);  // by the watcher, before the switch
  fixture.search("celery");
  fixture.search("N+1");
  CHECK(service.tables().builds() == 2);
}

TEST_CASE("a word too long to index matches nothing, not everything", "[search]") {
  SearchFixture fixture;
  CHECK(fixture.search(std::string(70, 'q')).total == 0);
  CHECK(fixture.search(std::string(70, 'q') + " django").total > 0);  // the other word still counts
  CHECK(fixture.search("").total > 0);  // no words at all: every document
}

TEST_CASE("a hit's snippet is the same with its text read from memory or from the database",
          "[search]") {
  SearchFixture fixture;
  const prepsearch::LiveIndex live(fixture.db(), "");
  prepsearch::RevisionTableCache texts_not_held(0);  // every text past the budget
  const prepsearch::RankingParams params;            // the searcher keeps a reference
  prepsearch::Searcher from_database(live, texts_not_held, params);
  for (const std::string query : {"celery", "N+1", "select_related prefetch", "caching "}) {
    INFO(query);
    prepsearch::SearchRequest request;
    request.query = query;
    const auto held = fixture.search(query);
    const auto read = from_database.search(request);
    REQUIRE(!held.hits.empty());
    REQUIRE(held.hits.size() == read.hits.size());
    for (std::size_t i = 0; i < held.hits.size(); ++i) {
      CHECK(held.hits[i].doc.id == read.hits[i].doc.id);
      CHECK(!held.hits[i].snippet.empty());
      CHECK(held.hits[i].snippet == read.hits[i].snippet);
      CHECK(held.hits[i].title_marked == read.hits[i].title_marked);
    }
  }
}
