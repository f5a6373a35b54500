// JSONL records: accepted shapes, every rejected one, and bounded reading.
#include "indexer/jsonl_reader.h"

#include <sstream>

#include <catch2/catch.hpp>

#include "core/document.h"

using prepsearch::Document;

namespace {

struct Read {
  std::vector<Document> docs;
  std::vector<std::string> errors;
};

Read read(const std::string& text) {
  Read out;
  std::istringstream in(text);
  prepsearch::read_jsonl(
      in, "x.jsonl", [&](Document&& d, std::size_t) { out.docs.push_back(std::move(d)); },
      [&](prepsearch::Diagnostic&& d) { out.errors.push_back(to_string(d)); });
  return out;
}

}  // namespace

TEST_CASE("a record in the shared corpora shape becomes a document", "[jsonl]") {
  const auto r = read(
      R"({"id": "a:1/b#c", "title": "Q?", "text": "A.", "topic": "Django", "section": "S", "kind": "question", "url": "u", "source": "src"})"
      "\n\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].id == "a:1/b#c");
  CHECK(r.docs[0].topic == "django");
  CHECK(r.docs[0].kind == "question");
  CHECK(r.docs[0].source == "src");
}

TEST_CASE("language ecosystem and tags are read from a record", "[jsonl]") {
  const auto r = read(R"({"id": "1", "title": "T", "language": "PT", "ecosystem": "Python",)"
                      R"( "tags": ["ORM", "Web dev"]})"
                      "\n"
                      R"({"id": "2", "title": "T"})");
  REQUIRE(r.errors.empty());
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0].language == "pt");
  CHECK(r.docs[0].ecosystem == "python");
  CHECK(r.docs[1].language.empty());  // not said: the run's --language (default en) fills it
  CHECK(r.docs[0].tags == std::vector<std::string>{"ORM", "Web dev"});
}

TEST_CASE("a page rank is a number or a string from -3 to 3", "[jsonl]") {
  const auto r = read(R"({"id": "1", "title": "T", "rank": 2})"
                      "\n"
                      R"({"id": "2", "title": "T", "rank": "-1"})"
                      "\n"
                      R"({"id": "3", "title": "T"})");
  REQUIRE(r.errors.empty());
  REQUIRE(r.docs.size() == 3);
  CHECK(r.docs[0].rank == "2");
  CHECK(r.docs[1].rank == "-1");
  CHECK(r.docs[2].rank.empty());  // the default, core/rank_record.h
}

TEST_CASE("kind defaults from level and a title alone is enough", "[jsonl]") {
  const auto r = read(R"({"id": "1", "title": "T", "level": "advanced"})"
                      "\n"
                      R"({"id": "2", "text": "only text"})");
  REQUIRE(r.errors.empty());
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0].kind == "question");
  CHECK(r.docs[1].kind == "section");
  CHECK(r.docs[1].source == "x.jsonl");
}

TEST_CASE("bad records are reported with their line and the rest still read", "[jsonl]") {
  struct Row {
    std::string line;
    std::string error;
  };
  const std::vector<Row> table = {
      {R"({"id": "1", "title": )", "x.jsonl:2: error: invalid JSON"},
      {R"(["id"])", "x.jsonl:2: error: a JSONL record must be a JSON object"},
      {R"({"title": "T"})", "x.jsonl:2: error: record has no \"id\""},
      {R"({"id": "", "title": "T"})", "x.jsonl:2: error: record has no \"id\""},
      {R"({"id": "1", "title": "", "text": ""})",
       "x.jsonl:2: error: record has neither \"title\" nor \"text\""},
      {R"({"id": "1", "title": 5})", "x.jsonl:2: error: field \"title\" must be a string"},
      {R"({"id": "1", "title": "T", "tags": "orm"})",
       "x.jsonl:2: error: field \"tags\" must be an array of strings"},
      {R"({"id": "1", "title": "T", "tags": ["orm", 3]})",
       "x.jsonl:2: error: field \"tags\" must be an array of strings"},
      {R"({"id": "1", "title": "T", "level": "expert"})",
       "x.jsonl:2: error: unknown level \"expert\" (expected basic, technical, advanced or "
       "mistake)"},
      {R"({"id": "1", "title": "T", "rank": 7})",
       "x.jsonl:2: error: unknown rank \"7\" (expected -3, -2, -1, 0, 1, 2 or 3)"},
      {R"({"id": "1", "title": "T", "rank": 1.5})",
       "x.jsonl:2: error: field \"rank\" must be a string"},
      {R"({"id": "1", "title": 5})", "x.jsonl:2: error: field \"title\" must be a string"},
      {R"({"id": "1", "title": "T", "kind": "page"})",
       "x.jsonl:2: error: unknown kind \"page\" (expected section or question)"},
      {"{\"id\": \"1\", \"title\": \"bad \xFF\"}",
       "x.jsonl:2: error: invalid UTF-8 at byte 27 of the line"},
      // Links a result must never become (a script, or another host under a template such
      // as "https://site{url}").
      {R"x({"id": "1", "title": "T", "url": "javascript:alert(1)"})x",
       "x.jsonl:2: error: url \"javascript:alert(1)\" must be a path on the site "
       "(/django#scalability) or an http(s) URL"},
      {R"({"id": "1", "title": "T", "url": "//evil.example/x"})",
       "x.jsonl:2: error: url \"//evil.example/x\" must be a path on the site "
       "(/django#scalability) or an http(s) URL"},
      {R"({"id": "1", "title": "T", "url": "@evil.example/x"})",
       "x.jsonl:2: error: url \"@evil.example/x\" must be a path on the site "
       "(/django#scalability) or an http(s) URL"},
  };
  for (const auto& row : table) {
    CAPTURE(row.line);
    const auto r = read(R"({"id": "ok", "title": "fine"})"
                        "\n" +
                        row.line +
                        "\n"
                        R"({"id": "ok2", "title": "fine"})");
    CHECK(r.errors == std::vector<std::string>{row.error});
    CHECK(r.docs.size() == 2);
  }
}

TEST_CASE("a line over 16 MiB is reported and skipped", "[jsonl]") {
  const std::string huge =
      R"({"id": "big", "text": ")" + std::string(prepsearch::kMaxJsonlLineBytes, 'x') + "\"}";
  const auto r = read(huge +
                      "\n"
                      R"({"id": "next", "title": "after"})");
  CHECK(r.errors == std::vector<std::string>{
                        "x.jsonl:1: error: line is over the 16 MiB limit for a JSONL record"});
  REQUIRE(r.docs.size() == 1);
  CHECK(r.docs[0].id == "next");
}
