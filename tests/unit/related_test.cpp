// /api/docs/{id}/related judged: for each question of corpus/django.md, the related items a
// reader would expect (tests/relevance/related.jsonl) must be in its top 5.
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "search_fixture.h"
#include "test_support.h"

namespace {

struct Judgment {
  std::string id;
  std::vector<std::string> expect;
};

std::vector<Judgment> judgments() {
  std::ifstream in(prepsearch::test::source_path("tests/relevance/related.jsonl"));
  std::vector<Judgment> all;
  for (std::string line; std::getline(in, line);) {
    const auto json = nlohmann::json::parse(line);
    all.push_back({json.at("id"), json.at("expect").get<std::vector<std::string>>()});
  }
  return all;
}

}  // namespace

TEST_CASE("each Django question's related top 5 holds what a reader expects", "[related]") {
  prepsearch::test::SearchFixture fixture;
  auto& searcher = fixture.service().searcher();
  const auto all = judgments();
  CHECK(all.size() == 28);
  std::size_t met = 0;
  for (const auto& judged : all) {
    INFO("related to " << judged.id);
    const auto hits = searcher.related(judged.id, 5);
    REQUIRE(hits);
    CHECK(hits->size() == 5);
    std::set<std::string> top;
    for (const auto& hit : *hits) top.insert(hit.doc.id);
    CHECK(top.size() == hits->size());  // no document twice
    CHECK(top.count(judged.id) == 0);   // never itself
    bool all_found = true;
    for (const auto& expected : judged.expect) {
      INFO("expected " << expected);
      CHECK(top.count(expected) == 1);
      all_found = all_found && top.count(expected) == 1;
    }
    if (all_found) ++met;
  }
  CHECK(met == all.size());
}

TEST_CASE("related documents prefer questions of the document's topic", "[related]") {
  // A JavaScript question with the N+1 answer's words: same words, another topic.
  prepsearch::test::SearchFixture fixture(
      R"({"id": "js/n-plus-one", "title": "N+1 queries in an ORM", "topic": "javascript", )"
      R"("kind": "question", "text": "Iterating over querysets with relationships without )"
      R"(select_related or prefetch_related generates one query per record."})"
      "\n");
  auto& searcher = fixture.service().searcher();
  const auto hits = searcher.related("django/not-knowing-the-n-1-query-problem", 5);
  REQUIRE(hits);
  std::vector<std::string> ids;
  for (const auto& hit : *hits) ids.push_back(hit.doc.id);
  INFO("related: " << nlohmann::json(ids).dump());
  // Its words match best, yet the Django questions on the same problem come first.
  REQUIRE(!ids.empty());
  CHECK(ids.front() != "js/n-plus-one");
  CHECK_FALSE(searcher.related("django/nope", 5));
}
