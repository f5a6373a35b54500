// The Markdown page format: sections, subsections, Q&A items, ids and diagnostics.
#include "indexer/markdown_parser.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "test_support.h"

using prepsearch::Document;
using prepsearch::test::parse_page;

namespace {

std::vector<std::string> diagnostics_of(const std::string& text) {
  std::vector<std::string> out;
  prepsearch::parse_markdown(
      text, "page.md", [](Document&&, std::size_t) {},
      [&](prepsearch::Diagnostic&& d) { out.push_back(to_string(d)); });
  return out;
}

const std::string kFrontMatter = "---\ntitle: T\nslug: t\ntopic: t\n---\n";

}  // namespace

TEST_CASE("the Django page has every section and all 28 answers with their levels", "[parser]") {
  const auto docs =
      parse_page(prepsearch::test::read_file(prepsearch::test::source_path("corpus/django.md")));
  std::map<std::string, int> levels;
  std::vector<std::string> sections;
  for (const auto& doc : docs) {
    CHECK(doc.topic == "django");
    if (doc.kind == "question") {
      ++levels[doc.level];
      CHECK_FALSE(doc.text.empty());
      CHECK(doc.title.back() != ' ');
    } else {
      sections.push_back(doc.title);
    }
  }
  CHECK(levels == std::map<std::string, int>{
                      {"basic", 8}, {"technical", 8}, {"advanced", 6}, {"mistake", 6}});
  for (const char* title :
       {"Django", "Market demand", "Technical requirements", "Use cases", "Real Projects",
        "Types of Company", "Production Scenarios", "Scalability", "Advantages and Disadvantages",
        "Advantages", "Disadvantages", "Comparison", "Advantages of Flask", "Considerations",
        "Basic questions", "Technical questions", "Advanced questions",
        "Common interview mistakes"}) {
    CAPTURE(title);
    CHECK(std::count(sections.begin(), sections.end(), title) == 1);
  }
  CHECK(docs.size() == 28 + sections.size());
}

TEST_CASE("front matter topic language ecosystem and tags reach every document of the page",
          "[parser]") {
  const auto docs = parse_page(
      "---\ntitle: T\nslug: t\ntopic: Flask\nlanguage: ES\necosystem: Python\ntags: [Web, \"Micro "
      "framework\"]\nrank: 2\n---\n"
      "# T\n\nIntro.\n\n## Basic questions {level=basic}\n\n### Q?\n\nA.\n");
  REQUIRE(docs.size() == 3);
  for (const auto& doc : docs) {
    CHECK(doc.topic == "flask");
    CHECK(doc.language == "es");
    CHECK(doc.ecosystem == "python");
    CHECK(doc.tags == std::vector<std::string>{"Web", "Micro framework"});
    CHECK(doc.rank == "2");
  }
}

TEST_CASE("a Q&A item has its question and answer and section and level and id and url",
          "[parser]") {
  const auto docs =
      parse_page(prepsearch::test::read_file(prepsearch::test::source_path("corpus/django.md")));
  const auto found = std::find_if(docs.begin(), docs.end(), [](const Document& d) {
    return d.title == "What is the difference between select_related and prefetch_related?";
  });
  REQUIRE(found != docs.end());
  CHECK(found->id == "django/what-is-the-difference-between-select-related-and-prefetch-related");
  CHECK(found->url == "/django#what-is-the-difference-between-select-related-and-prefetch-related");
  CHECK(found->section == "Technical questions");
  CHECK(found->level == "technical");
  CHECK(found->kind == "question");
  CHECK(found->tags == std::vector<std::string>{"Python", "ORM", "REST", "MVC"});
  CHECK(found->text.rfind("select_related uses SQL JOIN", 0) == 0);
  CHECK(found->text.find("Both avoid the N+1 problem.") != std::string::npos);
}

TEST_CASE("every answer of the seed page is in the corpus word for word", "[parser]") {
  const std::string shared = prepsearch::test::shared_path();
  if (shared.empty()) {
    WARN("../shared is absent: skipped");
    return;
  }
  const auto docs =
      parse_page(prepsearch::test::read_file(prepsearch::test::source_path("corpus/django.md")));
  std::istringstream seed(prepsearch::test::read_file(shared + "/seeds/000_b5edb24ea00482bd.txt"));
  bool in_qa = false;
  int answers = 0;
  for (std::string line; std::getline(seed, line);) {
    if (line == "Basic questions") in_qa = true;
    if (!in_qa || line.empty() || line.find(" questions") != std::string::npos ||
        line == "Common interview mistakes") {
      continue;
    }
    ++answers;
    CAPTURE(line);
    CHECK(std::any_of(docs.begin(), docs.end(),
                      [&](const Document& d) { return d.kind == "question" && d.text == line; }));
  }
  CHECK(answers == 28);
}

TEST_CASE("ids do not change when sections are reordered", "[parser]") {
  const std::string a = "## Alpha\n\nfirst\n\n### Sub\n\nx\n\n";
  const std::string b = "## Beta {level=basic}\n\n### Why?\n\nBecause.\n\n";
  const auto ids_and_titles = [](const std::vector<Document>& docs) {
    std::map<std::string, std::string> out;
    for (const auto& d : docs) out[d.id] = d.title;
    return out;
  };
  const auto one = ids_and_titles(parse_page(kFrontMatter + a + b));
  const auto two = ids_and_titles(parse_page(kFrontMatter + b + a));
  CHECK(one == two);
  CHECK(one.count("t/alpha/sub") == 1);
  CHECK(one.count("t/why") == 1);
}

TEST_CASE("lists and paragraphs become readable plain text", "[parser]") {
  const auto docs =
      parse_page(kFrontMatter + "## S\n\nIntro `code` and *em*.\n\n- one\n- two\n\nAfter.\n");
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].text == "Intro code and em.\n\n- one\n- two\n\nAfter.");
}

TEST_CASE("bad pages are reported with file and line", "[parser]") {
  struct Row {
    std::string text;
    std::string diagnostic;
  };
  const std::vector<Row> table = {
      {"# No front matter\n",
       "page.md:1: error: missing front matter: a Markdown page must start with a --- line"},
      {"---\ntitle: T\nslug: t\n",
       "page.md:1: error: the front matter opened here is not closed by a --- line"},
      // The body read as front matter: one error at the opening ---, not one per body line.
      {"---\ntitle: T\nslug: t\ntopic: t\n\n# T\n\n## Section\n\nSome text.\n- a list\n",
       "page.md:1: error: the front matter opened here is not closed by a --- line"},
      {"---\ntitle: T\nslug: t\ntopic: t\ncolour: red\n---\n",
       "page.md:5: error: unknown front matter key \"colour\" (expected title, slug, url, "
       "translates, topic, language, ecosystem, tags, rank)"},
      {"---\ntitle: T\nslug: t\ntopic: t\nlanguage: french\n---\n",
       "page.md:5: error: unknown language \"french\" (expected a two-letter ISO 639-1 code such "
       "as en or uk)"},
      {"---\ntitle: T\nslug: t\ntopic: t\ntranslates: Not A Slug\n---\n",
       "page.md:5: error: translates \"Not A Slug\" must be the slug of another page"},
      {"---\ntitle: T\nslug: t\ntopic: t\n---\n## S {#Bad_Slug}\n\nText.\n",
       "page.md:6: error: unknown heading attribute {#Bad_Slug} (expected {#slug} or {level=...})"},
      {"---\ntitle: T\nslug: t\ntopic: t\n---\n## S\n\n### Q {level=basic}\n\nText.\n",
       "page.md:8: error: unknown heading attribute {level=basic} (expected {#slug})"},
      {"---\ntitle: T\ntopic: t\n---\n", "page.md:1: error: front matter has no \"slug\""},
      {"---\ntitle: T\nslug: Bad Slug\ntopic: t\n---\n",
       "page.md:1: error: front matter slug \"Bad Slug\" must be lower-case a-z, 0-9 and -"},
      {"---\ntitle T\n---\n",
       "page.md:2: error: malformed front matter line (expected key: value)"},
      {kFrontMatter + "\n## Expert questions {level=expert}\n\n### Q?\n\nA.\n",
       "page.md:7: error: unknown level \"expert\" (expected basic, technical, advanced or "
       "mistake)"},
      {kFrontMatter + "## Basic {level=basic}\n\n### Why?\n\n### Next?\n\nAnswer.\n",
       "page.md:8: error: question \"Why?\" has no answer"},
      {kFrontMatter + "### Orphan\n\ntext\n",
       "page.md:6: error: ### heading \"Orphan\" comes before any ## section"},
      // Found by fuzz_markdown: a heading of no text gave a document with an empty title.
      {kFrontMatter + "#\nr\n", "page.md:6: error: heading with no text: a document needs a title"},
      {kFrontMatter + "## \n\ntext\n",
       "page.md:6: error: heading with no text: a document needs a title"},
  };
  for (const auto& row : table) {
    CAPTURE(row.text);
    CHECK(diagnostics_of(row.text) == std::vector<std::string>{row.diagnostic});
  }
}

TEST_CASE("a section with a heading and no body is fine", "[parser]") {
  const auto docs = parse_page(kFrontMatter + "## Empty\n\n## Full\n\nText.\n");
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].text.empty());
  CHECK(docs[1].text == "Text.");
}
