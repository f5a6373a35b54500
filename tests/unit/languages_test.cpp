// Pages in several languages: each document stemmed in its own language, queries stemmed in
// the languages present with accents folded, the language facet and filter, and the link
// between a page and its translation. Over corpus/ (django.md and django.es.md) indexed by
// the real prepsearch-index, with a few Spanish and Portuguese records beside it. Over HTTP:
// tests/system/server_test.cpp.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/schema.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "search/searcher.h"

#include "test_support.h"

using nlohmann::json;
using prepsearch::SearchRequest;
using prepsearch::SearchResults;
using prepsearch::starts_with;

namespace {

constexpr char kRecords[] =
    R"({"id": "es/1", "title": "Una canción", "text": "La acción del formulario.", "language": "es"})"
    "\n"
    R"({"id": "pt/1", "title": "Migrações do banco", "text": "A configuração das migrações.", "language": "pt"})"
    "\n"
    R"({"id": "en/1", "title": "Song", "text": "Formulario as an English word.", "language": "en"})"
    "\n";

class Languages {
 public:
  Languages() : service_(index(dir_)) {}
  std::string db() const { return dir_ / "index"; }
  prepsearch::Searcher& searcher() { return service_.searcher(); }

  SearchResults search(const std::string& query, prepsearch::Filters filters = {},
                       const std::string& lang = {}) {
    SearchRequest request;
    request.query = query;
    request.filters = std::move(filters);
    request.lang = lang;
    request.limit = 20;
    return searcher().search(request);
  }
  std::vector<std::string> ids(const std::string& query, prepsearch::Filters filters = {},
                               const std::string& lang = {}) {
    std::vector<std::string> ids;
    for (const auto& hit : search(query, std::move(filters), lang).hits) ids.push_back(hit.doc.id);
    return ids;
  }

 private:
  static std::string index(const prepsearch::test::ScratchDir& dir) {
    prepsearch::test::write_file(dir / "records.jsonl", kRecords);
    const auto run = prepsearch::test::run_indexer({"--quiet", "--db", dir / "index",
                                                    prepsearch::test::source_path("corpus"),
                                                    dir / "records.jsonl"});
    INFO(run.output);
    REQUIRE(run.status == 0);
    return dir / "index";
  }

  prepsearch::test::ScratchDir dir_;
  prepsearch::SearchService service_;
};

std::vector<std::string> terms_of(const Xapian::Database& db, const std::string& id) {
  const auto docid = prepsearch::find_docid(db, id);
  REQUIRE(docid);
  std::vector<std::string> terms;
  for (auto it = db.termlist_begin(*docid); it != db.termlist_end(*docid); ++it)
    terms.push_back(*it);
  return terms;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("each document is stemmed in its own language and stores it", "[languages]") {
  Languages corpus;
  const Xapian::Database db(corpus.db());
  // consultas: Spanish stem "consult"; English would keep "consulta".
  const auto spanish = terms_of(db, "django-es/not-knowing-the-n-1-query-problem");
  CHECK(has(spanish, "Zconsult"));
  CHECK_FALSE(has(spanish, "Zconsulta"));
  CHECK(has(spanish, "Les"));
  const auto english = terms_of(db, "django/not-knowing-the-n-1-query-problem");
  CHECK(has(english, "Zqueri"));  // English: query → queri
  CHECK(has(english, "Len"));
  CHECK(corpus.searcher().document("pt/1")->language == "pt");
  CHECK(corpus.searcher().document("django/scalability")->language == "en");
}

TEST_CASE("accents fold in every language", "[languages]") {
  Languages corpus;
  CHECK(corpus.ids("cancion") == std::vector<std::string>{"es/1"});
  CHECK(corpus.ids("canción") == std::vector<std::string>{"es/1"});
  CHECK(has(corpus.ids("accion"), "es/1"));
  CHECK(has(corpus.ids("acciones"), "es/1"));  // and Spanish plurals stem alike
  CHECK(has(corpus.ids("configuracao", {}, "pt"), "pt/1"));
  CHECK(has(corpus.ids("migracoes"), "pt/1"));
  CHECK(has(corpus.ids("MIGRAÇÕES"), "pt/1"));
  // The snippet marks the accented word the unaccented query found.
  const auto found = corpus.search("accion");
  const auto hit = std::find_if(found.hits.begin(), found.hits.end(),
                                [](const auto& h) { return h.doc.id == "es/1"; });
  REQUIRE(hit != found.hits.end());
  CHECK(hit->snippet.find("<mark>acción</mark>") != std::string::npos);
}

TEST_CASE("Spanish words find the Spanish answers, and code terms both languages", "[languages]") {
  Languages corpus;
  // The letters say Spanish (ñ): stemmed in Spanish too, whoever reads.
  const auto signals = corpus.ids("señales");
  REQUIRE_FALSE(signals.empty());
  CHECK(starts_with(signals.front(), "django-es/"));
  for (const std::string query : {"migraciones", "consultas N+1"}) {
    INFO(query);
    const auto ids = corpus.ids(query, {}, "es");
    REQUIRE_FALSE(ids.empty());
    CHECK(starts_with(ids.front(), "django-es/"));
  }
  // Stemmed in the reader's language and English only, a word another language inflects
  // differently is missed: English keeps "consultas" whole, Spanish stems it to "consult".
  CHECK(has(corpus.ids("consultas", {}, "es"), "django-es/not-knowing-the-n-1-query-problem"));
  CHECK_FALSE(
      has(corpus.ids("consultas", {}, "en"), "django-es/not-knowing-the-n-1-query-problem"));
}

// The reader's version first, its translations listed on it: never both in one page.
TEST_CASE("the reader's language comes first and a page's translations are one hit",
          "[languages]") {
  Languages corpus;
  for (const std::string reader : {"en", "es"}) {
    const std::string own = reader == "en" ? "django/" : "django-es/";
    const std::string other = reader == "en" ? "django-es/" : "django/";
    for (const std::string query :
         {"cache", "middleware", "Daphne uvicorn ASGI", "select_related"}) {
      INFO(reader << ": " << query);
      const auto results = corpus.search(query, {}, reader);
      REQUIRE_FALSE(results.hits.empty());
      const auto& top = results.hits.front();
      CHECK(starts_with(top.doc.id, own));
      std::set<std::string> slugs;
      for (const auto& hit : results.hits) {
        const std::string slug = hit.doc.id.substr(hit.doc.id.find('/') + 1);
        CHECK(slugs.insert(slug).second);
      }
      const std::string slug = top.doc.id.substr(own.size());
      CHECK(std::any_of(top.translations.begin(), top.translations.end(),
                        [&](const auto& t) { return t.id == other + slug; }));
    }
  }
}

TEST_CASE("the language facet counts every language and the filter keeps one", "[languages]") {
  Languages corpus;
  // A Spanish reader's query is stemmed in Spanish and English: it finds both.
  const SearchResults all = corpus.search("django", {}, "es");
  const auto facet = std::find_if(all.facets.begin(), all.facets.end(),
                                  [](const auto& entry) { return entry.first == "language"; });
  REQUIRE(facet != all.facets.end());
  const auto& languages = facet->second;
  const auto count = [&](const std::string& language) {
    const auto found = std::find_if(languages.begin(), languages.end(),
                                    [&](const auto& entry) { return entry.first == language; });
    return found == languages.end() ? 0U : found->second;
  };
  CHECK(count("en") > 0);
  CHECK(count("es") > 0);
  CHECK(count("en") + count("es") + count("pt") == all.total);
  const SearchResults spanish = corpus.search("django", {{"language", {"es"}}});
  CHECK(spanish.total == count("es"));
  for (const auto& hit : spanish.hits) CHECK(hit.doc.language == "es");
  // As a query field too.
  CHECK(corpus.search("django language:es").total == count("es"));
}

TEST_CASE("a page and its translation link to each other by id", "[languages]") {
  Languages corpus;
  auto& searcher = corpus.searcher();
  const std::string english = "django/what-is-the-django-admin-and-when-is-it-a-good-fit";
  const std::string spanish = "django-es/what-is-the-django-admin-and-when-is-it-a-good-fit";
  const auto doc = searcher.document(spanish);
  REQUIRE(doc);
  CHECK(doc->translates == english);
  const auto to_english = searcher.translations(*doc);
  REQUIRE(to_english.size() == 1);
  CHECK(to_english[0].id == english);
  CHECK(to_english[0].language == "en");
  const auto to_spanish = searcher.translations(*searcher.document(english));
  REQUIRE(to_spanish.size() == 1);
  CHECK(to_spanish[0].id == spanish);
  CHECK(to_spanish[0].title == "¿Qué es el admin de Django y cuándo encaja bien?");
  // Every Spanish document has its English original.
  const SearchResults all = corpus.search("", {{"language", {"es"}}});
  for (const auto& hit : corpus.search("", {{"language", {"es"}}}).hits) {
    if (hit.doc.id == "es/1") continue;
    INFO(hit.doc.id);
    CHECK(searcher.document(hit.doc.translates).has_value());
  }
  CHECK(all.total >= 46);
  // Related questions stay in the document's language.
  const auto related = searcher.related(spanish, 5);
  REQUIRE(related);
  for (const auto& hit : *related) CHECK(hit.doc.language == "es");
}

TEST_CASE("a query's letters tell its language", "[languages]") {
  using prepsearch::languages_written_in;
  using List = std::vector<std::string>;
  CHECK(languages_written_in("cache N+1").empty());
  CHECK(languages_written_in("¿qué es?") == List{"es"});
  CHECK(languages_written_in("señales") == List{"es"});
  CHECK(languages_written_in("migrações") == List{"pt"});
  CHECK(languages_written_in("caché") == List{"es", "pt"});  // both write é
  CHECK(languages_written_in("Що таке Docker?").empty());
}
