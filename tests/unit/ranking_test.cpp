// Each ranking signal puts the right answer first, and without it (the knob at 0, through
// the same RankingParams prepsearch-query --ranking sets) the answer is not first: the
// test of a signal fails when the signal is gone.
#include "search/ranking.h"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "search/query_builder.h"
#include "search/query_parser.h"
#include "search/searcher.h"

#include "search_fixture.h"

namespace {

using prepsearch::RankingParams;

// Records whose bodies say the query's words more often than the one whose title is the
// query: without title signals, BM25 puts those first.
const char* const kExtra =
    R"jsonl({"id": "t/redux", "kind": "question", "title": "What is Redux?", "text": "A predictable state container for JavaScript apps."}
{"id": "t/redux-toolkit", "kind": "question", "title": "Why use Redux Toolkit over plain Redux?", "text": "Redux Toolkit wraps Redux: redux store setup, redux slices, redux thunks and less redux boilerplate than redux alone."}
{"id": "t/redux-saga", "kind": "question", "title": "How does redux-saga differ from redux-thunk in Redux?", "text": "Both are Redux middleware; redux-saga uses generators, redux-thunk plain functions; with Redux either works."}
{"id": "t/validation", "kind": "section", "title": "Form and field validation", "text": "Cleaning happens in steps."}
{"id": "t/validators", "kind": "section", "title": "Writing validators", "text": "A form field validation routine: form validation runs field validation, then form validation again; field and form validation errors are collected per field."}
{"id": "t/raw-sql", "kind": "question", "title": "How can I see the raw SQL queries Django is running?", "text": "Use connection.queries when DEBUG is on."}
{"id": "t/see-more", "kind": "question", "title": "Where can I see what changed?", "text": "How can I see it? I can see the list: you can see how the changes are listed, and I see them all."}
{"id": "t/reduce", "kind": "section", "title": "Array methods", "text": "reduce reduces reduces reduced reducing: reduce reduces the array."}
{"id": "t/reduce-2", "kind": "section", "title": "Folding", "text": "To reduce a list, fold it."}
{"id": "t/reduce-3", "kind": "section", "title": "Sums", "text": "Sums reduce many numbers to one."}
{"id": "t/reduce-4", "kind": "section", "title": "Costs", "text": "Caching can reduce costs."}
{"id": "t/output", "kind": "question", "title": "What is the output?\nconsole.log(typeof typeof 1)", "text": "string"}
)jsonl";

// Django-docs-shaped records: a reference section documenting several QuerySet methods (each
// a name, then its signature) and release notes whose titles name one of them.
const char* const kReference =
    R"jsonl({"id": "ref/querysets", "kind": "section", "section": "QuerySet API reference", "title": "Methods that return new QuerySets", "text": "filter()\n\nfilter(*args, **kwargs)\n\nReturns a new QuerySet containing objects that match the given lookup parameters.\n\nselect_related()\n\nselect_related(*fields)\n\nReturns a QuerySet that will follow foreign-key relationships, selecting additional related-object data when it executes its query.\n\nprefetch_related()\n\nprefetch_related(*lookups)\n\nReturns a QuerySet that will automatically retrieve, in a single batch, related objects for each of the specified lookups."}
{"id": "releases/1.8", "kind": "section", "section": "Django 1.8 release notes", "title": "select_related() now checks given fields", "text": "select_related() now validates that the given fields actually exist. Previously, nonexistent fields were silently ignored by select_related()."}
{"id": "releases/1.10", "kind": "section", "section": "Django 1.10 release notes", "title": "select_related() prohibits non-relational fields for nested relations", "text": "Django 1.8 added validation for non-relational fields in select_related(); nested relations are now checked too, so select_related() raises FieldError."}
{"id": "releases/1.5", "kind": "section", "section": "Django 1.5 release notes", "title": "depth keyword argument in select_related", "text": "The depth keyword argument in select_related() is deprecated."}
)jsonl";

std::string first(prepsearch::SearchService& service, const std::string& query) {
  prepsearch::SearchRequest request;
  request.query = query;
  const auto results = service.searcher().search(request);
  return results.hits.empty() ? std::string() : results.hits.front().doc.id;
}

// The fixture's index searched with `params`.
std::string first_with(const prepsearch::test::SearchFixture& fixture, const RankingParams& params,
                       const std::string& query) {
  prepsearch::SearchService service(fixture.db(), params);
  return first(service, query);
}

RankingParams without_titles() {
  RankingParams params;
  params.title_exact = params.title_start = params.title_phrase = params.title_all = 0;
  params.title_word = 0;
  return params;
}

}  // namespace

TEST_CASE("a title that is the query ranks first, and without title signals it does not",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  CHECK(first(fixture.service(), "what is redux ") == "t/redux");
  CHECK(first(fixture.service(), "What is Redux?") == "t/redux");
  CHECK(first(fixture.service(), "form and field validation ") == "t/validation");
  CHECK(first_with(fixture, without_titles(), "what is redux ") != "t/redux");
  CHECK(first_with(fixture, without_titles(), "form and field validation ") != "t/validation");
}

TEST_CASE("each title signal alone lifts the exact title", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  for (double RankingParams::*signal :
       {&RankingParams::title_exact, &RankingParams::title_start, &RankingParams::title_phrase}) {
    RankingParams params = without_titles();
    params.*signal = 500;
    CHECK(first_with(fixture, params, "what is redux ") == "t/redux");
  }
}

TEST_CASE("a title started as typed, its last word unfinished, ranks first", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  CHECK(first(fixture.service(), "how can i see the raw s") == "t/raw-sql");
  CHECK(first(fixture.service(), "what is red") == "t/redux");
  CHECK(first_with(fixture, without_titles(), "what is red") != "t/redux");
}

TEST_CASE("a question of stopwords finds the title that starts with it", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  // Every word but "see" is a stopword; the body of t/see-more repeats them all.
  CHECK(first(fixture.service(), "how can i see the ") == "t/raw-sql");
  CHECK(first_with(fixture, without_titles(), "how can i see the ") != "t/raw-sql");
}

TEST_CASE("a typo beside a known word also finds what it means", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  const auto results = fixture.search("reduxx toolkit ");
  REQUIRE_FALSE(results.hits.empty());
  CHECK(results.hits.front().doc.id == "t/redux-toolkit");
  REQUIRE(results.suggestion);
  CHECK(*results.suggestion == "redux toolkit ");
  CHECK_FALSE(results.corrected);  // "toolkit" matched as typed: "Did you mean" is offered
}

TEST_CASE("the same corpus gives the same order every time it is indexed", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  const auto before = fixture.ids("django ");
  fixture.reindex(kExtra);
  prepsearch::SearchService again(fixture.db());
  prepsearch::SearchRequest request;
  request.query = "django ";
  request.limit = 100;
  std::vector<std::string> after;
  for (const auto& hit : again.searcher().search(request).hits) after.push_back(hit.doc.id);
  CHECK(before == after);
}

TEST_CASE("a score does not depend on the page size", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  for (const char* query : {"what is redux", "form and field validation", "how can i see the",
                            "django cache", "celery"}) {
    INFO(query);
    prepsearch::SearchRequest one;
    one.query = query;
    one.limit = 1;
    prepsearch::SearchRequest many = one;
    many.limit = 50;
    const auto a = fixture.service().searcher().search(one);
    const auto b = fixture.service().searcher().search(many);
    REQUIRE_FALSE(a.hits.empty());
    CHECK(a.hits.front().doc.id == b.hits.front().doc.id);
    CHECK(a.hits.front().score == Approx(b.hits.front().score));
  }
}

TEST_CASE("ranking knobs are set by name and bad ones refused", "[ranking]") {
  RankingParams params;
  CHECK(params.set("title_exact=250"));
  CHECK(params.title_exact == 250);
  CHECK(params.set("max_tiered_words=2"));
  CHECK(params.max_tiered_words == 2);
  CHECK_FALSE(params.set("title_exact"));
  CHECK_FALSE(params.set("nope=1"));
  CHECK_FALSE(params.set("b=-1"));
  CHECK_FALSE(params.set("k1=1x"));
}

TEST_CASE("suggestions: one form per stem, titles first, one line each", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kExtra);
  auto& searcher = fixture.service().searcher();
  const auto red = searcher.suggest("what is red");
  REQUIRE_FALSE(red.empty());
  CHECK(red.front() == "what is redux");  // it starts a title; "reduce" is in more documents
  std::size_t reduce_forms = 0;
  for (const auto& s : red) reduce_forms += s.rfind("what is reduc", 0) == 0 ? 1U : 0U;
  CHECK(reduce_forms == 1);  // reduce, reduces, reduced, reducing: one stem
  const auto output = searcher.suggest("what is the outp");
  CHECK(std::find(output.begin(), output.end(), "What is the output?") != output.end());
  for (const auto& s : output) CHECK(s.find('\n') == std::string::npos);
}

TEST_CASE("a code term ranks the section that defines it first, ahead of release notes",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture(kReference);
  for (const char* query : {"select_related", "select_related ", "prefetch_related "}) {
    INFO(query);
    CHECK(first(fixture.service(), query) == "ref/querysets");
  }
  RankingParams without;
  without.defines = 0;
  CHECK(first_with(fixture, without, "select_related ") != "ref/querysets");
  // Defining one name does not lift the reference for a query about something else.
  CHECK(first(fixture.service(), "nested relations ") == "releases/1.10");
}

TEST_CASE("a query that names a page ranks that page's sections first", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kReference);
  // releases/1.10's text says "Django 1.8"; releases/1.8 is in the page of that name.
  CHECK(first(fixture.service(), "Django 1.8 release notes ") == "releases/1.8");
  RankingParams without;
  without.section_exact = 0;
  CHECK(first_with(fixture, without, "Django 1.8 release notes ") != "releases/1.8");
}

TEST_CASE("a query's cost is capped: repeats count once, at most 32 words and 4 phrase checks",
          "[ranking][limits]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const auto build = [&](const std::string& text) {
    return prepsearch::test::english_query(db, text);
  };
  const auto count = [](const Xapian::Query& query, const std::string& what) {
    const std::string description = query.get_description();
    std::size_t n = 0;
    for (auto at = description.find(what); at != std::string::npos;
         at = description.find(what, at + 1)) {
      ++n;
    }
    return n;
  };
  std::string repeated;
  for (int i = 0; i < 200; ++i) repeated += "django ";
  CHECK(build(repeated).word_groups == 1);
  std::string many;
  for (int i = 0; i < 60; ++i) many += "w" + std::to_string(i) + " ";
  CHECK(build(many).word_groups == prepsearch::kMaxWordGroups);
  std::string hyphens, phrases;
  for (char c = 'a'; c <= 'l'; ++c) {
    hyphens += std::string(1, c) + "-x" + std::string(1, c) + " ";
    phrases += "\"" + std::string(1, c) + " y" + std::string(1, c) + "\" ";
  }
  CHECK(count(build(hyphens).query, "PHRASE") == prepsearch::kMaxPhrases);
  CHECK(count(build(phrases).query, "PHRASE") == prepsearch::kMaxPhrases);
  CHECK(build(phrases).word_groups == 12);  // the others are still searched, words in any order
}

TEST_CASE("a short query's document holding every word ranks above one BM25 puts first",
          "[ranking]") {
  // t/one says "fold" twelve times; t/both says "fold" and the common "paper" once each.
  std::string extra =
      R"({"id": "t/one", "title": "Folding", "text": "fold fold fold fold fold fold fold fold fold fold fold fold"})"
      "\n"
      R"({"id": "t/both", "title": "Crafts", "text": "Fold the paper in half."})"
      "\n";
  for (int i = 0; i < 10; ++i) {
    extra += R"({"id": "t/paper-)" + std::to_string(i) +
             R"(", "title": "Supplies", "text": "paper and glue"})" + "\n";
  }
  prepsearch::test::SearchFixture fixture(extra);
  CHECK(first_with(fixture, RankingParams{}, "fold paper ") == "t/both");
  RankingParams no_tiers;
  no_tiers.tier_bonus = 0;
  CHECK(first_with(fixture, no_tiers, "fold paper ") == "t/one");
}

TEST_CASE("a tiered query's word groups list the terms that hold each", "[ranking]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const prepsearch::Lexicon lexicon(db);
  prepsearch::Stemmers stemmers;
  prepsearch::QueryBuilder builder(db, lexicon, {stemmers, {"en"}});
  const auto groups = [&](const std::string& text) {
    return builder.build(prepsearch::parse_query(text), {}).tier_groups;
  };
  // One word: no tiers. Two: one alternative of one term each.
  CHECK(groups("celery ").empty());
  const auto two = groups("celery redis ");
  REQUIRE(two.size() == 2);
  CHECK(two[0] == prepsearch::TermAlternatives{{"Zceleri"}});
  // A phrase is one alternative of all its words; a hyphenated word is held either way.
  const auto phrase = groups("\"task queue\" redis ");
  REQUIRE(phrase.size() == 2);
  CHECK(phrase[0].size() == 1);
  CHECK(phrase[0][0].size() == 2);
  const auto hyphen = groups("cross-site forms ");
  REQUIRE(hyphen.size() == 2);
  CHECK(hyphen[0].size() == 2);  // the whole term, or both words
  // Past max_tiered_words, none.
  CHECK(groups("celery redis worker broker ").empty());
}
