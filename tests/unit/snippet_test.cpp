// Snippets: the window, the marks and the escaping, on cases whose expected output is what
// the earlier full-text scan produced (before snippets tokenised only where a match may
// start), and a match near the end of a 60 KB text.
#include "search/snippet.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace {

struct SnippetCase {
  std::string name, text;
  std::vector<std::string> exact, stems, prefixes;
  std::string expected;
};

std::vector<SnippetCase> snippet_cases() {
  std::string filler;
  for (int i = 0; i < 1200; ++i)
    filler += "lorem ipsum dolor sit amet, consectetur adipiscing elit ";
  return {
      {"code terms whole",
       "Use select_related to avoid N+1 queries; cache.get works and n alone does not.",
       {"select_related", "n+1", "cache.get"},
       {},
       {},
       "Use <mark>select_related</mark> to avoid <mark>N+1</mark> queries; <mark>cache.get</mark> "
       "works and n alone does not."},
      {"stems",
       "Running runners run daily; the runner ran.",
       {},
       {"run", "runner"},
       {},
       "<mark>Running</mark> <mark>runners</mark> <mark>run</mark> daily; the <mark>runner</mark> "
       "ran."},
      {"html escaped",
       "<script>alert('x')</script> & a \"script\" tag",
       {},
       {"script"},
       {},
       "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; a "
       "&quot;<mark>script</mark>&quot; tag"},
      {"prefix typed",
       "Middleware and middlewares; a mid-size app.",
       {},
       {},
       {"middl"},
       "<mark>Middleware</mark> and <mark>middlewares</mark>; a mid-size app."},
      {"cyrillic",
       "Що таке Docker? Docker — це платформа для контейнерів.",
       {},
       {"що", "docker"},
       {},
       "<mark>Що</mark> таке <mark>Docker</mark>? <mark>Docker</mark> — це платформа для "
       "контейнерів."},
      {"accents folded",
       "Un café crème et une CAFÉ noir.",
       {},
       {"cafe"},
       {},
       "Un <mark>café</mark> crème et une <mark>CAFÉ</mark> noir."},
      {"decorated",
       "Use @login_required or login_required() on views.",
       {"@login_required", "login_required"},
       {},
       {},
       "Use <mark>@login_required</mark> or <mark>login_required()</mark> on views."},
      {"late match cut",
       filler.substr(0, 700) + " the celery worker runs tasks " + filler.substr(0, 400),
       {},
       {"celeri", "worker"},
       {},
       "…amet, consectetur adipiscing elit lorem ipsum dolor sit amet,  the <mark>celery</mark> "
       "<mark>worker</mark> runs tasks lorem ipsum dolor sit amet, consectetur adipiscing elit "
       "lorem ipsum dolor sit amet, consectetur adipiscing…"},
      {"no match",
       "Nothing here matches at all, and the text runs past the snippet length so that it is cut "
       "somewhere after two hundred bytes of plain words.",
       {},
       {"zebra"},
       {},
       "Nothing here matches at all, and the text runs past the snippet length so that it is cut "
       "somewhere after two hundred bytes of plain words."},
      {"stems the stemmer changed at the end",
       "Academy capabilities: dying, lying and tying.",
       {},
       {"academi", "capabl", "die", "lie", "tie"},
       {},
       "<mark>Academy</mark> <mark>capabilities</mark>: <mark>dying</mark>, <mark>lying</mark> and "
       "<mark>tying</mark>."},
      {"cyrillic cases, marks and words inside words",
       "ЗАПИТИ до бази, Запити; рука ка; \u0438\u0306ти.",
       {},
       {"запити", "ка", "йти"},
       {},
       "<mark>ЗАПИТИ</mark> до бази, <mark>Запити</mark>; рука <mark>ка</mark>; "
       "<mark>\u0438\u0306ти</mark>."},
      {"CJK pairs overlap into one mark",
       "我想知道如何使用数据库索引。数据很多。",
       {},
       {"数据", "据库"},
       {},
       "我想知道如何使用<mark>数据库</mark>索引。<mark>数据</mark>很多。"},
      {"match at 60 KB",
       filler + " finally the needle appears near the end.",
       {},
       {"needl"},
       {},
       "…lorem ipsum dolor sit amet, consectetur adipiscing elit  finally the <mark>needle</mark> "
       "appears near the end."},
  };
}

}  // namespace

TEST_CASE("snippets match the full-text scan on every case", "[snippet]") {
  prepsearch::Stemmer stem;
  for (const auto& c : snippet_cases()) {
    INFO(c.name);
    prepsearch::HighlightTerms terms;
    terms.exact.insert(c.exact.begin(), c.exact.end());
    terms.stems.insert(c.stems.begin(), c.stems.end());
    terms.prefixes = c.prefixes;
    CHECK(prepsearch::make_snippet(c.text, terms, stem) == c.expected);
  }
}

TEST_CASE("one SnippetMaker over many texts gives each text's own snippet", "[snippet]") {
  prepsearch::Stemmer stem;
  prepsearch::HighlightTerms terms;
  terms.stems = {"run", "runner", "celeri", "worker", "запити"};
  terms.exact = {"n+1"};
  const std::vector<std::string> texts = {
      "Running runners run daily; the runner ran.",
      "The celery worker runs; N+1 queries run slowly.",
      "Running runners run daily; the runner ran.",
      "Запити run, запити ran.",
      "Nothing to see.",
      "The celery worker runs; N+1 queries run slowly.",
  };
  prepsearch::SnippetMaker maker(terms, stem);
  for (const auto& text : texts) {
    INFO(text);
    const std::string alone = prepsearch::make_snippet(text, terms, stem);
    CHECK(maker.make(text) == alone);
    const bool marked = alone.find("<mark>") != std::string::npos;
    CHECK(marked == (text.find("Nothing") == std::string::npos));
  }
}

TEST_CASE("a match is found at every offset within and across the scan's blocks", "[snippet]") {
  prepsearch::Stemmer stem;
  prepsearch::HighlightTerms terms;
  terms.stems = {"celeri", "запити"};  // Ukrainian is not stemmed
  terms.exact = {"n+1"};
  // Each word: what the text holds, and whether it is a match there (not after a letter,
  // a digit or a Cyrillic letter).
  const std::vector<std::pair<std::string, bool>> words = {
      {"Celery", true}, {"xcelery", false}, {"9celery", false}, {"-celery", true},
      {"N+1", true},    {"запити", true},   {"язапити", false}, {"(Запити)", true},
      {"cELERY", true}, {"CÉLERY", true},   {"cxlery", false},  {"n+2", false}};
  for (std::size_t offset = 0; offset < 40; ++offset) {
    for (const auto& [word, matches] : words) {
      const std::string text = std::string(offset, ' ') + word + std::string(40, ' ');
      INFO(text);
      const std::string snippet = prepsearch::make_snippet(text, terms, stem);
      CHECK((snippet.find("<mark>") != std::string::npos) == matches);
    }
  }
}

TEST_CASE("a plain word is the one token the analyzer finds in its run", "[snippet]") {
  // Every run of the shipped corpus and some made to be close calls.
  std::vector<std::string> runs = {"Django",   "django,", "queries.", "a",    "I",
                                   "x?",       "DJANGO",  "useRef",   "n+1",  "cache.get",
                                   ".",        "))",      "(see",     "it's", "e.g.",
                                   "Half-way", "URL.",    "naïve",    "é",    "ok!)"};
  const std::string corpus =
      prepsearch::test::read_file(prepsearch::test::source_path("corpus/django.md"));
  for (std::size_t at = 0; at < corpus.size();) {
    const std::size_t end = std::min(corpus.find_first_of(" \n\t", at), corpus.size());
    if (end > at) runs.push_back(corpus.substr(at, end - at));
    at = end + 1;
  }
  std::size_t plain = 0;
  for (const auto& run : runs) {
    const auto word = prepsearch::plain_word(run);
    if (!word) continue;
    INFO(run);
    ++plain;
    const auto tokens = prepsearch::tokenize(run);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].exact.empty());
    CHECK(tokens[0].offset == 0);
    CHECK(tokens[0].raw == std::string_view(run).substr(0, word->length));
    REQUIRE(tokens[0].parts.size() == 1);
    CHECK(tokens[0].parts[0] == word->folded);
  }
  CHECK(plain > runs.size() / 2);
  for (const std::string other : {"useRef", "n+1", "cache.get", "DJANGO", "naïve", "e.g.", "ok!)"})
    CHECK_FALSE(prepsearch::plain_word(other));
}

TEST_CASE("dashes and quotation marks are no places, the words inside them are", "[snippet]") {
  prepsearch::HighlightTerms terms;
  terms.stems = {"celeri"};
  const prepsearch::MatchPlaces places(terms);
  const std::string text = "— “celery” … ‘celery’";
  const std::size_t first = text.find("celery");
  CHECK(places.next(text, 0) == first);
  CHECK(places.next(text, first + 1) == text.find("celery", first + 1));
  // Other non-ASCII letters may fold into a head: they stay places.
  CHECK(places.next("é celery", 0) == 0);
  prepsearch::Stemmer stem;
  CHECK(prepsearch::make_snippet(text, terms, stem) ==
        "— “<mark>celery</mark>” … ‘<mark>celery</mark>’");
}
