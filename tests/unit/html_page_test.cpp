// A built site's HTML page: sections at headings, what is skipped, fields from markup, and
// the pages that must be refused or warned about.
#include "indexer/html_page.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/document.h"

#include "indexer/corpus_reader.h"
#include "indexer/html_scan.h"

#include "test_support.h"

using prepsearch::Document;

namespace {

struct Parsed {
  std::vector<Document> docs;
  std::vector<std::size_t> lines;
  std::vector<std::string> diagnostics;
};

Parsed parse(const std::string& html, unsigned depth = prepsearch::kDefaultHtmlHeadingDepth) {
  Parsed parsed;
  prepsearch::parse_html(
      html, "site/guide/cache.html", "/guide/cache.html", depth,
      [&](Document&& doc, std::size_t line) {
        parsed.docs.push_back(std::move(doc));
        parsed.lines.push_back(line);
      },
      [&](prepsearch::Diagnostic&& d) { parsed.diagnostics.push_back(to_string(d)); });
  return parsed;
}

const std::string kPage = R"(<!DOCTYPE html>
<html lang="es-MX">
<head><title>Caché — Site</title>
<meta name="prepsearch-topic" content="Django">
<meta name="prepsearch-tags" content="cache, rendimiento"></head>
<body>
<nav>nav words</nav>
<header><p>banner words</p></header>
<main>
<h1 id="cache">Caché en Django <a class="headerlink" href="#cache">¶</a></h1>
<p>Intro &amp; more.</p>
<section id="per-view"><h2>Per-view <code>cache</code>s</h2>
<p>Use <code>cache_page</code>. <img src="a.png" alt="diagram words"></p>
<pre><code>@cache_page(60 * 15)
def view(request):
    return cache.get("k")</code></pre>
<ul><li><p>one</p></li><li>two<ul><li>nested</li></ul></li></ul>
<h4>Minor heading</h4><p>Minor text.</p>
<aside>aside words</aside><script>script words</script>
<div data-prepsearch-ignore>ignored words</div>
<div role="navigation">landmark words</div>
</section>
<h2 data-prepsearch-kind="question" data-prepsearch-level="basic">What is <abbr title="time to live">TTL</abbr>?</h2>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<h2 id="per-view">Again</h2><p>dup</p>
</main>
<footer>footer words</footer>
</body></html>
)";

}  // namespace

TEST_CASE("an HTML page is a document per heading, with its url#id", "[html]") {
  const Parsed parsed = parse(kPage);
  REQUIRE(parsed.docs.size() == 4);
  const Document& top = parsed.docs[0];
  CHECK(top.id == "guide/cache.html#cache");
  CHECK(top.url == "/guide/cache.html#cache");
  CHECK(top.title == "Caché en Django");    // the permalink's ¶ is not the heading's
  CHECK(top.section == "Caché en Django");  // the page: its first h1 over the <title>
  CHECK(top.text == "Intro & more.");
  CHECK(top.language == "es");
  CHECK(top.topic == "django");
  CHECK(top.tags == std::vector<std::string>{"cache", "rendimiento"});
  CHECK(top.kind == "section");
  CHECK(top.source == "site/guide/cache.html");
  CHECK(parsed.lines[0] == 10);

  const Document& per_view = parsed.docs[1];
  CHECK(per_view.id == "guide/cache.html#per-view");  // the <section>'s id
  CHECK(per_view.title == "Per-view caches");
  CHECK(per_view.text ==
        "Use cache_page. diagram words\n\n"
        "@cache_page(60 * 15)\ndef view(request):\n    return cache.get(\"k\")\n\n"
        "- one\n- two\n  - nested\n\nMinor heading\n\nMinor text.");

  const Document& question = parsed.docs[2];
  CHECK(question.kind == "question");
  CHECK(question.level == "basic");
  CHECK(question.title == "What is TTL?");
  CHECK(question.id == "guide/cache.html#what-is-ttl");
  CHECK(question.text == "a | b\n1 | 2");

  CHECK(parsed.docs[3].id == "guide/cache.html#per-view-2");
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0] ==
        "site/guide/cache.html:25: warning: duplicate heading id \"per-view\": this section's is "
        "\"per-view-2\"");
  for (const auto& doc : parsed.docs) {
    for (const char* chrome :
         {"nav words", "banner", "aside", "script", "ignored", "landmark", "footer words"}) {
      INFO(doc.id << " holds " << chrome);
      CHECK(doc.text.find(chrome) == std::string::npos);
    }
  }
}

TEST_CASE("the heading depth decides which headings start a document", "[html]") {
  CHECK(parse(kPage, 4).docs.size() == 5);
  const Parsed top_only = parse(kPage, 1);
  REQUIRE(top_only.docs.size() == 1);
  CHECK(top_only.docs[0].text.find("Per-view caches") != std::string::npos);
}

TEST_CASE("a page without headings or markup of its content is one document", "[html]") {
  const Parsed parsed =
      parse("<html><head><title>Notes</title></head><body><p>Just text.</p></body></html>");
  REQUIRE(parsed.docs.size() == 1);
  CHECK(parsed.docs[0].id == "guide/cache.html");
  CHECK(parsed.docs[0].url == "/guide/cache.html");
  CHECK(parsed.docs[0].title == "Notes");
  CHECK(parsed.docs[0].text == "Just text.");
  CHECK(parsed.docs[0].language.empty());  // the run's --language fills it
  CHECK(parsed.diagnostics ==
        std::vector<std::string>{"site/guide/cache.html:1: warning: no heading h1-h3 in its "
                                 "content: the page is one document"});
}

TEST_CASE("without <main>, the content is what holds the subheadings, not the site's header",
          "[html]") {
  const Parsed parsed = parse(
      "<html><body><div id=hd><h1>Site name</h1><a href=/>Home</a></div>"
      "<div id=bd><div class=section id=guide><h1>Guide</h1><p>Intro.</p>"
      "<div class=section id=setup><h2>Setup</h2><p>Steps.</p></div></div></div></body></html>");
  REQUIRE(parsed.docs.size() == 2);
  CHECK(parsed.docs[0].id == "guide/cache.html#guide");
  CHECK(parsed.docs[0].section == "Guide");
  CHECK(parsed.docs[1].id == "guide/cache.html#setup");
}

TEST_CASE("a bad value in a prepsearch meta tag is a warning, and left out", "[html]") {
  const Parsed parsed = parse(
      "<html lang=english><head><meta name=prepsearch-level content=expert></head>"
      "<body><h1>T</h1><p>x</p></body></html>");
  REQUIRE(parsed.docs.size() == 1);
  CHECK(parsed.docs[0].level.empty());
  REQUIRE(parsed.diagnostics.size() == 2);
  CHECK(parsed.diagnostics[0].find("warning: lang=\"english\"") != std::string::npos);
  CHECK(parsed.diagnostics[1].find("unknown level \"expert\"") != std::string::npos);
}

TEST_CASE("a file that is not HTML, or nests too deep, is an error naming its line", "[html]") {
  const Parsed json = parse("{\"id\": \"x\"}\n");
  CHECK(json.docs.empty());
  REQUIRE(json.diagnostics.size() == 1);
  CHECK(json.diagnostics[0] ==
        "site/guide/cache.html:1: error: not an HTML page: it does not start with a tag or "
        "<!DOCTYPE html>");

  std::string deep = "<!DOCTYPE html>\n<html><body>\n";
  for (int i = 0; i < 10000; ++i) deep += "<div>";
  deep += "x";
  const Parsed nested = parse(deep);
  CHECK(nested.docs.empty());
  REQUIRE(nested.diagnostics.size() == 1);
  CHECK(nested.diagnostics[0] ==
        "site/guide/cache.html:3: error: elements nested deeper than 256 levels: the page is "
        "not indexed");
}

TEST_CASE("the depth scan counts what a parser nests, not what it closes itself", "[html]") {
  std::string items = "<ul>";
  std::string paragraphs;
  std::string svg = "<svg>";
  for (int i = 0; i < 5000; ++i) {
    items += "<li>item";
    paragraphs += "<p>para";
    svg += "<path d='M0 0'/>";
  }
  CHECK_FALSE(prepsearch::check_html("<html><body>" + items + "</ul></body></html>"));
  CHECK_FALSE(prepsearch::check_html("<html><body>" + paragraphs + "</body></html>"));
  CHECK_FALSE(prepsearch::check_html("<html><body>" + svg + "</svg></body></html>"));
  CHECK_FALSE(prepsearch::check_html("<html><body><script>" + std::string(3000, '<') +
                                     "div></script></body></html>"));
  // <div/> opens a div in HTML: it is counted.
  std::string self_closed = "<html><body>";
  for (int i = 0; i < 300; ++i) self_closed += "<div/>";
  CHECK(prepsearch::check_html(self_closed));
  std::string closed = "<html><body>";
  for (int i = 0; i < 5000; ++i) closed += "<div><span title='>'>x</span></div>";
  CHECK_FALSE(prepsearch::check_html(closed));
}

TEST_CASE("a Sphinx-built site (Debian's python-django-doc) is found by its headings", "[html]") {
  // Installed by `make test` (load-deps): Django's documentation as Sphinx built it.
  const std::string site = "/usr/share/doc/python-django-doc/html";
  std::vector<std::string> problems;
  const auto files = prepsearch::list_corpus_files(
      {site}, [&](prepsearch::Diagnostic&& d) { problems.push_back(to_string(d)); });
  REQUIRE(files.size() > 500);
  std::map<std::string, Document> by_id;
  for (const auto& file : files) {
    if (file.path.find("/ref/models/") == std::string::npos) continue;
    prepsearch::read_corpus_file(
        file, [&](Document&& doc, std::size_t) { by_id.emplace(doc.id, std::move(doc)); },
        [&](prepsearch::Diagnostic&& d) {
          if (!d.warning) problems.push_back(to_string(d));
        },
        {}, 4);
  }
  CHECK(problems.empty());
  const auto found = by_id.find("ref/models/querysets.html#select-related");
  REQUIRE(found != by_id.end());
  CHECK(found->second.title == "select_related()");
  CHECK(found->second.url == "/ref/models/querysets.html#select-related");
  CHECK(found->second.section == "QuerySet API reference");
  CHECK(found->second.text.find("will “follow” foreign-key relationships, selecting additional") !=
        std::string::npos);
  // The theme's header, sidebar and footer are no document's text.
  const auto reference = by_id.find("ref/models/querysets.html#queryset-api-reference");
  REQUIRE(reference != by_id.end());
  CHECK(reference->second.text.find("Table of Contents") == std::string::npos);
  // The anchor is the page's own: the HTML holds id="select-related".
  const std::string html = prepsearch::test::read_file(site + "/ref/models/querysets.html");
  CHECK(html.find("id=\"select-related\"") != std::string::npos);
}

TEST_CASE("a heading's anchor is the site's own: its id, a label before it, its section's",
          "[html]") {
  const Parsed parsed = parse(
      "<html><body><main>"
      "<div id=s-one><span id=old-name></span> <span id=one></span><h2>First</h2></div>"
      "<section id=two><h2>Second</h2></section>"
      "<div id=three><p>Before.</p><h2>Third heading</h2></div>"
      "<h2 id=four><a href='#four'>#</a>Fourth</h2></main></body></html>");
  std::vector<std::string> ids;
  for (const auto& doc : parsed.docs) ids.push_back(doc.id);
  CHECK(ids == std::vector<std::string>{"guide/cache.html#one", "guide/cache.html#two",
                                        "guide/cache.html#third-heading", "guide/cache.html#four"});
  CHECK(parsed.docs.back().title == "Fourth");
}

TEST_CASE("any id a page gives makes a safe link", "[html]") {
  const Parsed parsed = parse(
      "<html><body><main><h2 id='a b\"<x>#%é'>T</h2>"
      "<h2 id='javascript:alert(1)'>U</h2></main></body></html>");
  REQUIRE(parsed.docs.size() == 2);
  CHECK(parsed.docs[0].url == "/guide/cache.html#a%20b%22%3cx%3e%23%25%c3%a9");
  CHECK(parsed.docs[0].id == "guide/cache.html#a b\"<x>#%é");
  CHECK(parsed.docs[1].url == "/guide/cache.html#javascript:alert(1)");
  for (const auto& doc : parsed.docs) CHECK(prepsearch::is_safe_url(doc.url));
}
