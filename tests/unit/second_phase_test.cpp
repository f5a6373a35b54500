// The second phase of ranking: the order its features imply (docs/ranking.md), the reader's
// language, version history below the reference, and collapsing. Each check fails when the
// feature it is about is taken away.
#include "search/second_phase.h"

#include <deque>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/document.h"
#include "core/rank_record.h"

#include "search/searcher.h"

#include "search_fixture.h"

namespace {

using prepsearch::Candidate;
using prepsearch::RankingParams;

// A window document whose title is `title`, holding every word of the query, BM25 10.
Candidate candidate(const std::string& title, std::uint8_t keys,
                    const std::string& language = "en") {
  prepsearch::Document doc;
  doc.id = "t/" + title;
  doc.title = title;
  doc.language = language;
  prepsearch::Analyzer analyzer;
  Candidate c;
  c.bm25 = 10;
  c.all_words = true;
  c.keys = keys;
  // The record's bytes live as long as the test: the candidate reads them in place.
  static std::deque<std::string> bytes;
  bytes.push_back(prepsearch::encode(prepsearch::rank_record(doc, analyzer)));
  c.record = *prepsearch::view_rank_record(bytes.back());
  return c;
}

prepsearch::BuiltQuery query(const std::string& text) {
  prepsearch::BuiltQuery built;
  built.words = prepsearch::tokenize(text);
  built.word_groups = built.words.size();
  built.tiered = true;
  return built;
}

// The scores of the table's rows, in its order, for a query of two words and two stopwords.
std::vector<double> scores(const RankingParams& params) {
  using prepsearch::kHoldsExactTitle;
  using prepsearch::kHoldsTitleStart;
  auto built = query("what is redux state");
  built.word_groups = 2;  // the stopwords are not searched as words
  prepsearch::Stemmers stemmers;
  prepsearch::SecondPhase second(built, "en", params, stemmers);
  std::vector<double> out;
  for (const auto& row :
       {candidate("What is Redux state?", kHoldsExactTitle | kHoldsTitleStart),
        candidate("What is Redux state management?", kHoldsTitleStart),
        candidate("So what is Redux state?", 0), candidate("Redux state: what is it?", 0),
        candidate("Is Redux state slow?", 0), candidate("Widgets", 0)}) {
    out.push_back(second.score(row));
  }
  return out;
}

bool descending(const std::vector<double>& values) {
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (!(values[i - 1] > values[i])) return false;
  }
  return true;
}

std::string first_id(prepsearch::test::SearchFixture& fixture, const std::string& q,
                     const RankingParams& params = {}, const std::string& lang = "en") {
  prepsearch::SearchService service(fixture.db(), params);
  prepsearch::SearchRequest request;
  request.query = q;
  request.lang = lang;
  const auto results = service.searcher().search(request);
  return results.hits.empty() ? std::string() : results.hits.front().doc.id;
}

}  // namespace

TEST_CASE("exact title > title start > side by side > every title word > some > body only",
          "[ranking]") {
  CHECK(descending(scores({})));
  for (double RankingParams::*feature :
       {&RankingParams::title_exact, &RankingParams::title_start, &RankingParams::title_phrase,
        &RankingParams::title_all, &RankingParams::title_word}) {
    RankingParams without;
    without.*feature = 0;
    CHECK_FALSE(descending(scores(without)));
  }
}

TEST_CASE("any document in the reader's language ranks before one in another", "[ranking]") {
  const auto built = query("form validation");
  prepsearch::Stemmers stemmers;
  const Candidate spanish = candidate("Form validation", prepsearch::kHoldsExactTitle, "es");
  const Candidate english = candidate("Widgets", 0, "en");
  RankingParams params;
  CHECK(prepsearch::SecondPhase(built, "en", params, stemmers).score(english) >
        prepsearch::SecondPhase(built, "en", params, stemmers).score(spanish));
  CHECK(prepsearch::SecondPhase(built, "es", params, stemmers).score(spanish) >
        prepsearch::SecondPhase(built, "es", params, stemmers).score(english));
  params.reader_language = 0;
  CHECK(prepsearch::SecondPhase(built, "en", params, stemmers).score(spanish) >
        prepsearch::SecondPhase(built, "en", params, stemmers).score(english));
}

// Django's documentation has both: the CSRF reference and release notes titled by the term.
const char* const kCsrf =
    R"jsonl({"id": "ref/csrf#how-to-use-it", "section": "Cross Site Request Forgery protection", "title": "How to use Django's CSRF protection", "text": "Add the middleware and the token to each form."}
{"id": "releases/1.2#csrf-protection", "section": "Django 1.2 release notes", "title": "CSRF protection", "text": "CSRF protection moved to a middleware, and the csrf token tag is required in forms; CSRF protection is on by default."}
{"id": "releases/1.1.4#csrf", "section": "Django 1.1.4 release notes", "title": "CSRF exception for AJAX requests", "text": "Django includes a CSRF protection mechanism that makes use of a token inserted into outgoing forms."}
{"id": "releases/1.2.5#csrf", "section": "Django 1.2.5 release notes", "title": "CSRF exception for AJAX requests", "text": "Django includes a CSRF protection mechanism that makes use of a token inserted into outgoing forms."}
)jsonl";

TEST_CASE("the reference page ranks above release notes for a term that titles both", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kCsrf);
  CHECK(first_id(fixture, "csrf protection ") == "ref/csrf#how-to-use-it");
  RankingParams without;
  without.page_rank = 1;  // a factor: 1 leaves every score as it is
  CHECK(first_id(fixture, "csrf protection ", without) == "releases/1.2#csrf-protection");
  // Unless the query names the release notes' page.
  CHECK(first_id(fixture, "Django 1.2 release notes ") == "releases/1.2#csrf-protection");
}

TEST_CASE("the same section on two pages is one hit, the other listed on it", "[ranking]") {
  prepsearch::test::SearchFixture fixture(kCsrf);
  prepsearch::SearchRequest request;
  request.query = "csrf exception for ajax requests ";
  const auto results = fixture.service().searcher().search(request);
  REQUIRE_FALSE(results.hits.empty());
  std::size_t shown = 0;
  for (const auto& hit : results.hits) {
    if (hit.doc.title != "CSRF exception for AJAX requests") continue;
    ++shown;
    REQUIRE(hit.translations.size() == 1);
    CHECK(hit.translations.front().id != hit.doc.id);
  }
  CHECK(shown == 1);
}

TEST_CASE("a declared-uk document ranks below an English one for an English reader", "[ranking]") {
  // Its title is the query (devlovers-uk writes the English terms); the English one only
  // mentions the words.
  prepsearch::test::SearchFixture fixture(
      R"({"id": "other/closures", "language": "uk", "title": "closures in javascript", "text": "Що таке closures в javascript."})"
      "\n"
      R"({"id": "en/closure", "title": "What is a closure?", "text": "A function with its scope: closures in JavaScript keep variables alive."})"
      "\n");
  CHECK(first_id(fixture, "closures in javascript ") == "en/closure");
  CHECK(first_id(fixture, "closures in javascript ", {}, "uk") == "other/closures");
  RankingParams without;
  without.reader_language = 0;
  CHECK(first_id(fixture, "closures in javascript ", without) == "other/closures");
}

TEST_CASE("a page whose title holds the query ranks its sections above another page's",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture(
      R"({"id": "topics/performance#sessions", "section": "Performance and optimization", "title": "Sessions and caching", "text": "Cached sessions avoid a database query per request."})"
      "\n"
      R"({"id": "topics/http/sessions#saved", "section": "How to use sessions", "title": "When sessions are saved", "text": "The session is saved when it was modified."})"
      "\n");
  CHECK(first_id(fixture, "sessions ") == "topics/http/sessions#saved");
  RankingParams without;
  without.page_all = 0;
  CHECK(first_id(fixture, "sessions ", without) == "topics/performance#sessions");
}
