// The tokeniser: code terms kept whole, parts findable, index and query sides agreeing.
#include "core/analyzer.h"

#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "core/text_fold.h"

using prepsearch::Analyzer;

namespace {

// Every term index_text() adds for `text`, without the stemmed Z terms.
std::set<std::string> index_terms(const std::string& text) {
  Analyzer analyzer;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  analyzer.index_text(doc, text, "", 1, pos);
  std::set<std::string> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t)[0] != 'Z') terms.insert(*t);
  }
  return terms;
}

}  // namespace

TEST_CASE("code terms are indexed whole and by their parts and queried whole", "[analyzer]") {
  struct Row {
    std::string typed;
    std::string query_term;         // what a query for `typed` looks up
    std::vector<std::string> also;  // further terms the index side must hold
  };
  const std::vector<Row> table = {
      {"N+1", "n+1", {"n", "1"}},
      {"C++", "c++", {"c"}},
      {"C#", "c#", {"c"}},
      {".NET", ".net", {"net"}},
      {"Node.js", "node.js", {"node", "js"}},
      {"select_related", "select_related", {"select", "related"}},
      {"cache.get", "cache.get", {"cache", "get"}},
      {"cache_page", "cache_page", {"cache", "page"}},
      {"DJANGO_SETTINGS_MODULE", "django_settings_module", {"django", "settings", "module"}},
      {"Django-Q", "django-q", {"django", "q"}},
      {"post_save", "post_save", {"post", "save"}},
      {"only()", "only()", {"only"}},
      {"@login_required", "login_required", {"@login_required", "login", "required"}},
      {"CI/CD", "ci/cd", {"ci", "cd"}},
      {"HTTP/2", "http/2", {"http", "2"}},
      {"cache.get()", "cache.get", {"cache.get()", "cache", "get"}},
      {"__init__", "__init__", {"init"}},
      {"std::vector", "std::vector", {"std", "vector"}},
  };
  Analyzer analyzer;
  for (const auto& row : table) {
    CAPTURE(row.typed);
    const auto in_index = index_terms("Use " + row.typed + " here.");
    const auto query = analyzer.query_terms(row.typed);
    REQUIRE(query == std::vector<std::string>{row.query_term});
    CHECK(in_index.count(row.query_term) == 1);
    for (const auto& term : row.also) CHECK(in_index.count(term) == 1);
  }
}

TEST_CASE("plain words are stemmed the same way on both sides", "[analyzer]") {
  Analyzer analyzer;
  CHECK(analyzer.query_terms("Caching queries") == std::vector<std::string>{"Zcach", "Zqueri"});
  const auto terms = index_terms("caching queries");
  CHECK(terms.count("caching") == 1);
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  analyzer.index_text(doc, "cached query", "", 1, pos);
  std::set<std::string> all;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) all.insert(*t);
  CHECK(all.count("Zcach") == 1);
  CHECK(all.count("Zqueri") == 1);
}

TEST_CASE("sentence punctuation does not make code terms", "[analyzer]") {
  CHECK(index_terms("Redis. Then, celery - or not; a/ b.") ==
        std::set<std::string>{"redis", "then", "celery", "or", "not", "a", "b"});
  Analyzer analyzer;
  CHECK(analyzer.query_terms("n + 1") == std::vector<std::string>{"Zn", "Z1"});
}

TEST_CASE("case and Latin accents are folded on both sides", "[analyzer]") {
  CHECK(prepsearch::fold("Café") == "cafe");
  CHECK(prepsearch::fold("FAÇADE") == "facade");
  CHECK(prepsearch::fold("Señor") == "senor");
  CHECK(prepsearch::fold("Straße") == "strasse");
  CHECK(prepsearch::fold("Django") == "django");
  CHECK(prepsearch::fold("Їжак") == "їжак");  // Cyrillic keeps its letters, only lower-cased
  Analyzer analyzer;
  CHECK(analyzer.query_terms("cafe") == analyzer.query_terms("CAFÉ"));
  CHECK(index_terms("Café").count("cafe") == 1);
}

TEST_CASE("possessives and apostrophes", "[analyzer]") {
  CHECK(index_terms("Django's ORM") == std::set<std::string>{"django", "orm"});
  CHECK(index_terms("don’t").count("don't") == 1);
}

TEST_CASE("a code term sits at its first part's position so phrases still work", "[analyzer]") {
  Analyzer analyzer;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  analyzer.index_text(doc, "avoid N+1 queries", "", 1, pos);
  const auto positions = [&](const std::string& term) {
    std::vector<Xapian::termpos> found;
    for (auto p = doc.termlist_begin(); p != doc.termlist_end(); ++p) {
      if (*p != term) continue;
      for (auto q = p.positionlist_begin(); q != p.positionlist_end(); ++q) found.push_back(*q);
    }
    return found;
  };
  CHECK(positions("avoid") == std::vector<Xapian::termpos>{1});
  CHECK(positions("n+1") == std::vector<Xapian::termpos>{2});
  CHECK(positions("n") == std::vector<Xapian::termpos>{2});
  CHECK(positions("1") == std::vector<Xapian::termpos>{3});
  CHECK(positions("queries") == std::vector<Xapian::termpos>{4});
  CHECK(pos == 4);
}

TEST_CASE("CJK runs become overlapping letter pairs, a lone letter stays whole", "[analyzer]") {
  const auto raws = [](const std::string& text) {
    std::vector<std::string> found;
    for (const auto& token : prepsearch::tokenize(text)) found.emplace_back(token.raw);
    return found;
  };
  using Words = std::vector<std::string>;
  CHECK(raws("机器学习") == Words{"机器", "器学", "学习"});
  CHECK(raws("书") == Words{"书"});
  CHECK(raws("Django的ORM框架") == Words{"Django", "的", "ORM", "框架"});
  CHECK(raws("数据。索引") == Words{"数据", "索引"});  // punctuation ends a run
  CHECK(raws("データベース") == Words{"デー", "ータ", "タベ", "ベー", "ース"});  // ー is in the run
  CHECK(raws("데이터 인덱스") == Words{"데이", "이터", "인덱", "덱스"});
  CHECK(raws("Café größe") == Words{"Café", "größe"});  // other scripts keep their words
  const auto tokens = prepsearch::tokenize("用机器学习");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[1].offset == 3);
  CHECK(tokens[1].cjk);
  CHECK(tokens[1].parts == Words{"机器"});
  CHECK_FALSE(prepsearch::tokenize("celery").front().cjk);
  // One position a pair, so a phrase of pairs is the phrase of letters.
  Analyzer analyzer;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  analyzer.index_text(doc, "学习 机器学习", "", 1, pos);
  CHECK(pos == 4);
  CHECK(index_terms("机器学习") == std::set<std::string>{"机器", "器学", "学习"});
}

TEST_CASE("overlong words are skipped and not truncated", "[analyzer]") {
  const std::string blob(100, 'x');
  CHECK(index_terms("a " + blob + " b") == std::set<std::string>{"a", "b"});
}

TEST_CASE("invalid UTF-8 is found at its byte offset", "[analyzer]") {
  CHECK_FALSE(prepsearch::find_invalid_utf8("plain ascii and Ünïcödé").has_value());
  CHECK(prepsearch::find_invalid_utf8("ok\xC3(").value() == 2);
  CHECK(prepsearch::find_invalid_utf8("\xED\xA0\x80").value() == 0);  // a surrogate
  CHECK(prepsearch::find_invalid_utf8("ab\xC0\xAF").value() == 2);    // overlong
}

TEST_CASE("any mix of tricky characters gives valid Xapian terms", "[analyzer]") {
  // Connectors, decorations, accents, combining and invisible code points, other scripts.
  const std::vector<std::string> pieces = {
      "a", "Z", "1",      "+",      "#",      ".",      "_",      "-",      "/",      ":", "@", "(",
      ")", "'", "\u2019", "\u00e9", "\u0301", "\u00ad", "\u200b", "\u00df", "\u0439", " ", "\n"};
  std::uint32_t seed = 12345;
  const auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Analyzer analyzer;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (unsigned n = next() % 24; n > 0; --n) text += pieces[next() % pieces.size()];
    CAPTURE(text);
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    REQUIRE_NOTHROW(analyzer.index_text(doc, text, "S", 1, pos));
    REQUIRE_NOTHROW(analyzer.index_text(doc, text, "", 1, pos));
    REQUIRE_NOTHROW(db.add_document(doc));
    for (const auto& term : analyzer.query_terms(text)) CHECK_FALSE(term.empty());
  }
}

TEST_CASE("the ASCII and Cyrillic fast paths of folding agree with ICU", "[analyzer]") {
  std::vector<std::string> words = {
      "Django",           "ЩО", "Що", "таке", "ҐАНОК", "ґанок", "Їжак",   "ЙОГО", "Ёлка", "п'ять",
      "DRF-серіалізатор", "Ѐ",  "Џ",  "ѢѣѲ",  "ӀӏҒ",   "café",  "Straße", "ﬁle"};
  for (char32_t c = 0x0400; c <= 0x04FF; ++c) {
    std::string word = "a";
    word += static_cast<char>(0xC0 | (c >> 6));
    word += static_cast<char>(0x80 | (c & 0x3F));
    words.push_back(word);
  }
  for (const auto& word : words) {
    INFO(word);
    std::string reference;
    prepsearch::fold_with_icu(word, reference);
    CHECK(prepsearch::fold(word) == reference);
  }
}

TEST_CASE("a word the stemmer reduces to nothing is found by its unstemmed term", "[analyzer]") {
  // Found by fuzz_analyzer: combining accents fold away and leave "''s", whose English stem
  // is empty. The index has no "Z" term for it, so the query must not ask for one.
  const std::string text = "\xCC\x81'\xCC\x81'\xCC\x81s";
  Analyzer analyzer;
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  analyzer.index_text(doc, text, "", 1, pos);
  const auto terms = analyzer.query_terms(text);
  REQUIRE(terms.size() == 1);
  CHECK(terms[0] == "''s");
  auto it = doc.termlist_begin();
  it.skip_to(terms[0]);
  CHECK((it != doc.termlist_end() && *it == terms[0]));
}

TEST_CASE("a visitor may analyse another text while its own token is in use", "[analyzer]") {
  // analyze() reuses one token per thread; a nested call must not write into the outer one.
  const std::string outer = "prefetch_related() then Django-Q, N+1 and C++";
  const auto expected = prepsearch::tokenize(outer);
  std::vector<std::string> seen;
  prepsearch::analyze(outer, [&](const prepsearch::Token& token) {
    const std::string before = prepsearch::whole_word(token);
    const auto inner = prepsearch::tokenize("select_related cache.get");
    CHECK(inner.size() == 2);
    CHECK(prepsearch::whole_word(token) == before);
    seen.push_back(before);
  });
  REQUIRE(seen.size() == expected.size());
  for (std::size_t i = 0; i < seen.size(); ++i)
    CHECK(seen[i] == prepsearch::whole_word(expected[i]));
}
