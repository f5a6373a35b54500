// prepsearch-query: argv parsing, the queries file, and the three output formats, run
// in-process over corpus/ indexed by the real prepsearch-index.
#include "search/query_tool.h"

#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "search_fixture.h"

using prepsearch::test::SearchFixture;

namespace {

struct ToolRun {
  int status = -1;
  std::string out, err;
};

ToolRun run_tool(std::vector<std::string> args) {
  args.insert(args.begin(), "prepsearch-query");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out, err;
  ToolRun run;
  const auto options = prepsearch::parse_query_tool_options(static_cast<int>(argv.size()),
                                                            argv.data(), out, err, run.status);
  if (options) run.status = prepsearch::run_query_tool(*options, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::vector<std::vector<std::string>> columns(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    auto& row = rows.emplace_back();
    for (std::string word; words >> word;) row.push_back(word);
  }
  return rows;
}

}  // namespace

TEST_CASE("prepsearch-query prints the server's ranking as text and as a TREC run",
          "[query_tool]") {
  SearchFixture fixture;
  const auto expected = fixture.ids("N+1");
  REQUIRE(expected.size() >= 2);

  const ToolRun text = run_tool({"--db", fixture.db(), "N+1"});
  CHECK(text.status == 0);
  CHECK(text.out.rfind("# 1: N+1  (" + std::to_string(expected.size()) + " matches", 0) == 0);
  CHECK(text.out.find("1. " + expected[0] + "  ") != std::string::npos);

  const ToolRun trec =
      run_tool({"--db", fixture.db(), "--format", "trec", "--run-tag", "mine", "N+1"});
  REQUIRE(trec.status == 0);
  const auto rows = columns(trec.out);
  REQUIRE(rows.size() == expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 6);
    CHECK(rows[i][0] == "1");
    CHECK(rows[i][1] == "Q0");
    CHECK(rows[i][2] == expected[i]);
    CHECK(rows[i][3] == std::to_string(i + 1));
    CHECK(rows[i][5] == "mine");
    if (i > 0) CHECK(std::stod(rows[i][4]) <= std::stod(rows[i - 1][4]));
  }
  // Unquoted words are one query.
  CHECK(columns(
            run_tool({"--db", fixture.db(), "--format", "trec", "select_related", "celery"}).out) ==
        columns(run_tool({"--db", fixture.db(), "--format", "trec", "select_related celery"}).out));
}

TEST_CASE("prepsearch-query reads a queries file with ids and filters and writes JSON lines",
          "[query_tool]") {
  SearchFixture fixture;
  prepsearch::test::ScratchDir dir;
  prepsearch::test::write_file(
      dir / "queries.jsonl",
      "{\"id\": \"a\", \"q\": \"celery\"}\n"
      "\n"
      "{\"id\": 7, \"text\": \"celery\", \"level\": [\"advanced\", \"mistake\"]}\n");
  const ToolRun run = run_tool({"--db", fixture.db(), "--format", "json", "--limit", "3",
                                "--queries", dir / "queries.jsonl"});
  REQUIRE(run.status == 0);
  std::istringstream lines(run.out);
  std::string first, second, extra;
  REQUIRE(std::getline(lines, first));
  REQUIRE(std::getline(lines, second));
  CHECK_FALSE(std::getline(lines, extra));
  const auto a = nlohmann::json::parse(first);
  const auto b = nlohmann::json::parse(second);
  CHECK(a["id"] == "a");
  CHECK(a["total"] == fixture.search("celery").total);
  CHECK(a["results"].size() == 3);
  CHECK(a["results"][0]["snippet"].get<std::string>().find("<mark>") != std::string::npos);
  CHECK(b["id"] == "7");
  CHECK(b["total"] == fixture.search("celery", {{"level", {"advanced", "mistake"}}}).total);
  for (const auto& hit : b["results"])
    CHECK((hit["level"] == "advanced" || hit["level"] == "mistake"));
  // --topic etc. apply to every query, on top of the line's own.
  const ToolRun none = run_tool({"--db", fixture.db(), "--format", "json", "--topic", "flask",
                                 "--queries", dir / "queries.jsonl"});
  CHECK(none.out.find("\"total\":0") != std::string::npos);
}

TEST_CASE("prepsearch-query names the file and line of a bad query, and refuses bad usage",
          "[query_tool]") {
  SearchFixture fixture;
  prepsearch::test::ScratchDir dir;
  const std::string file = dir / "queries.jsonl";
  for (const auto& [line, message] : std::vector<std::pair<std::string, std::string>>{
           {"{\"id\": \"x\"", "parse error"},
           {"[1, 2]", "must be a JSON object"},
           {"{\"id\": \"x\"}", "needs a string `q`"},
           {"{\"q\": \"a\", \"topic\": 3}", "`topic` must be a string"},
           {"{\"q\": \"" + std::string(1001, 'a') + "\"}", "over 1000 bytes"}}) {
    prepsearch::test::write_file(file, "{\"q\": \"fine\"}\n" + line + "\n");
    const ToolRun run = run_tool({"--db", fixture.db(), "--queries", file});
    INFO(line);
    CHECK(run.status == 1);
    CHECK(run.err.rfind(file + ":2: error: ", 0) == 0);
    CHECK(run.err.find(message) != std::string::npos);
    CHECK(run.out.empty());
  }
  CHECK(run_tool({"--db", fixture.db()}).status == 2);
  CHECK(run_tool({"--db", fixture.db(), "--format", "xml", "q"}).status == 2);
  CHECK(run_tool({"--db", fixture.db(), "--queries", file, "also a query"}).status == 2);
  CHECK(run_tool({"--db", fixture.db(), "--queries", dir / "missing.jsonl"}).status == 1);
}

TEST_CASE("prepsearch-query --lang is the reader's: stemmed in it and English, another refused",
          "[query_tool]") {
  SearchFixture fixture(
      R"({"id": "es/slow", "title": "Consultas lentas", "text": "Sin índices.", "language": "es"})"
      "\n");
  // The record's "consultas" is Spanish "consult"; "consultar" stems to that in Spanish only.
  const ToolRun spanish = run_tool({"--db", fixture.db(), "--lang", "es", "consultar"});
  CHECK(spanish.status == 0);
  CHECK(spanish.out.find("1. es/slow  ") != std::string::npos);
  const ToolRun english = run_tool({"--db", fixture.db(), "--lang", "en", "consultar"});
  CHECK(english.out.find("es/slow") == std::string::npos);
  // Without --lang, the reader is English: not stemmed in every language of the index.
  CHECK(run_tool({"--db", fixture.db(), "consultar"}).out.find("es/slow") == std::string::npos);
  const ToolRun refused = run_tool({"--db", fixture.db(), "--lang", "french", "x"});
  CHECK(refused.status == 2);
  CHECK(refused.err.find("--lang") != std::string::npos);
}
