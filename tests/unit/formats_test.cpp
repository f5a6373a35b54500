// The formats two languages share: the stored text (written by the Markdown parser, read by
// web/app.js) and the snippet wire format (written by snippet.cpp, read by web/client.js).
// The browser test renders both from a real server; this checks the C++ side and that the
// JavaScript names the same pieces.
#include <map>
#include <regex>

#include <catch2/catch.hpp>

#include "core/schema.h"

#include "search/snippet.h"

#include "test_support.h"

namespace stored_text = prepsearch::schema::stored_text;

TEST_CASE("the Markdown parser writes the stored-text shape the schema names", "[formats]") {
  const auto docs = prepsearch::test::parse_page(
      prepsearch::test::read_file(prepsearch::test::source_path("tests/data/formats.md")),
      "formats.md");
  REQUIRE(docs.size() == 1);
  const std::string expected =
      std::string("First paragraph with formatsword and a < b && c > \"d\" 'e'.") +
      stored_text::kBlockBreak + stored_text::kListItem + "first item\n" +
      stored_text::kListIndent + stored_text::kListItem + "nested item\n" + stored_text::kListItem +
      "second item" + stored_text::kBlockBreak + "head one" + stored_text::kCellSeparator +
      "head two\n" + "cell one" + stored_text::kCellSeparator + "cell two" +
      stored_text::kBlockBreak + "Last paragraph.";
  CHECK(docs[0].text == expected);
}

TEST_CASE("web/app.js splits the stored text by the same block break and list item", "[formats]") {
  const std::string app = prepsearch::test::read_file(prepsearch::test::source_path("web/app.js"));
  // renderText: blocks on a blank line, items on a line starting with "- ".
  CHECK(std::string(stored_text::kBlockBreak) == "\n\n");
  CHECK(app.find("split(/\\n\\s*\\n/)") != std::string::npos);
  CHECK(std::string(stored_text::kListItem) == "- ");
  CHECK(app.find("/^\\s*[-*] /") != std::string::npos);
}

TEST_CASE("snippets are escaped with the entities and marks web/client.js decodes", "[formats]") {
  prepsearch::HighlightTerms terms;
  terms.exact.insert("formatsword");
  prepsearch::Stemmer stem;
  const std::string snippet =
      prepsearch::make_snippet("a < b && formatsword > \"d\" 'e'", terms, stem);
  CHECK(snippet == "a &lt; b &amp;&amp; <mark>formatsword</mark> &gt; &quot;d&quot; &#39;e&#39;");

  // client.js: `const ENTITIES = { lt: '<', ... }` and the tags it splits on.
  const std::string embed =
      prepsearch::test::read_file(prepsearch::test::source_path("web/client.js"));
  std::smatch table;
  REQUIRE(std::regex_search(embed, table, std::regex(R"(ENTITIES = \{([^}]*)\})")));
  std::map<std::string, char> decoded;
  const std::string body = table[1];
  const std::regex pair(R"('?(#?\w+)'?: ['"](.)['"])");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), pair); it != std::sregex_iterator();
       ++it) {
    decoded[(*it)[1]] = (*it)[2].str()[0];
  }
  std::map<std::string, char> written;
  for (const auto& entity : prepsearch::kHtmlEntities) {
    const std::string name(entity.entity);
    written[name.substr(1, name.size() - 2)] = entity.character;
  }
  CHECK(decoded == written);
  CHECK(std::string(prepsearch::kMarkOpen) == "<mark>");
  CHECK(std::string(prepsearch::kMarkClose) == "</mark>");
  CHECK(embed.find("split(/(<\\/?mark>)/)") != std::string::npos);
  CHECK(embed.find("part === '<mark>'") != std::string::npos);
  CHECK(embed.find("part === '</mark>'") != std::string::npos);
}
