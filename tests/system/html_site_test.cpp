// prepsearch-index over a built site's HTML: bad pages refused with FILE:LINE and nothing
// changed, --update replacing a page's sections together, and Debian's Sphinx-built Django
// documentation searched by its headings.
#include <filesystem>
#include <map>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/document.h"

#include "running_server.h"
#include "test_support.h"

using prepsearch::test::read_file;
using prepsearch::test::run_indexer;
using prepsearch::test::source_path;
using prepsearch::test::write_file;

namespace {

namespace fs = std::filesystem;

std::string broken(const std::string& name) { return source_path("tests/data/broken/" + name); }

std::string page(const std::string& title, const std::string& sections) {
  return "<!DOCTYPE html>\n<html lang=en><head><title>" + title +
         " — Site</title></head>\n<body><nav>Home</nav><main><h1>" + title + "</h1>\n" + sections +
         "</main></body></html>\n";
}

std::vector<std::string> ids_in(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::vector<std::string> ids;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it)
    ids.push_back((*it).substr(1));
  return ids;
}

}  // namespace

TEST_CASE("a bad HTML page exits 1 with FILE:LINE and leaves the live index as it was",
          "[cli][html]") {
  prepsearch::test::ScratchDir dir;
  const std::string deep = dir / "deep.html";
  std::string nested = "<!DOCTYPE html>\n<html><body>\n";
  for (int i = 0; i < 10000; ++i) nested += "<div>";
  write_file(deep, nested + "\n</body></html>\n");
  const std::string huge = dir / "huge.html";
  write_file(huge, "<html>");
  fs::resize_file(huge, (std::uintmax_t{8} << 20) + 1);  // sparse: nothing is written
  const std::vector<std::pair<std::string, std::string>> table = {
      {broken("bad_utf8.html"), broken("bad_utf8.html") + ":4: error: invalid UTF-8"},
      {broken("not_html.html"),
       broken("not_html.html") +
           ":1: error: not an HTML page: it does not start with a tag or <!DOCTYPE html>"},
      {deep, deep + ":3: error: elements nested deeper than 256 levels: the page is not indexed"},
      {huge, huge + ":1: error: file is 8.0 MiB; HTML pages are limited to 8 MiB"},
  };
  REQUIRE(run_indexer({"--db", dir / "index", source_path("corpus")}).status == 0);
  const std::string before = read_file(dir / "index");
  for (const auto& [path, diagnostic] : table) {
    for (const bool update : {false, true}) {
      std::vector<std::string> args = {"--db", dir / "index", path};
      if (update) args.insert(args.begin(), "--update");
      const auto run = run_indexer(args);
      CAPTURE(diagnostic, update, run.output);
      CHECK(run.status == 1);
      CHECK(run.output.find(diagnostic) == 0);
      CHECK(run.output.find("is unchanged") != std::string::npos);
      CHECK(read_file(dir / "index") == before);
    }
  }
  CHECK(Xapian::Database(dir / "index").get_doccount() == 92);
}

TEST_CASE("an --update replaces an HTML page's sections together", "[cli][html]") {
  prepsearch::test::ScratchDir dir;
  const std::string site = dir / "site";
  fs::create_directories(site + "/guide");
  write_file(site + "/guide/cache.html", page("Cache",
                                              "<h2 id=setup>Setup</h2><p>Install it.</p>"
                                              "<h2 id=usage>Usage</h2><p>Call cache.get.</p>"));
  write_file(site + "/index.html", page("Home", "<p>Welcome.</p><h2 id=news>News</h2><p>New.</p>"));
  const std::string db_path = dir / "index";
  REQUIRE(run_indexer({"--db", db_path, site}).status == 0);
  CHECK(ids_in(db_path) ==
        std::vector<std::string>{"guide/cache.html#cache", "guide/cache.html#setup",
                                 "guide/cache.html#usage", "index.html#home", "index.html#news"});

  // One section changed, one gone, one new; the other page as it was.
  write_file(site + "/guide/cache.html", page("Cache",
                                              "<h2 id=setup>Setup</h2><p>Install it with apt.</p>"
                                              "<h2 id=expiry>Expiry</h2><p>Timeouts.</p>"));
  const auto run = run_indexer({"--db", db_path, "--update", site});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(run.output.find(
            "prepsearch-index: 5 documents (1 added, 1 replaced, 1 deleted, 3 unchanged)") == 0);
  CHECK(ids_in(db_path) ==
        std::vector<std::string>{"guide/cache.html#cache", "guide/cache.html#expiry",
                                 "guide/cache.html#setup", "index.html#home", "index.html#news"});
  Xapian::Database db(db_path);
  const auto setup = prepsearch::find_document(db, "guide/cache.html#setup");
  REQUIRE(setup);
  CHECK(setup->text == "Install it with apt.");
  CHECK(setup->url == "/guide/cache.html#setup");
  CHECK(setup->section == "Cache");
}

TEST_CASE("Debian's Sphinx-built Django documentation is searched by its headings", "[cli][html]") {
  // python-django-doc is installed by `make test` (load-deps).
  const std::string site = "/usr/share/doc/python-django-doc/html";
  prepsearch::test::ScratchDir dir;
  const auto run = run_indexer({"--db", dir / "index", "--quiet", "--html-depth", "4", site});
  INFO(run.output);
  REQUIRE(run.status == 0);
  const auto search = [&](const std::string& query) {
    const auto found = prepsearch::test::run_command(
        PREPSEARCH_QUERY_BIN, {"--db", dir / "index", "--format", "json", "--limit", "10", query});
    REQUIRE(found.status == 0);
    return nlohmann::json::parse(found.output);
  };
  const auto holds = [](const nlohmann::json& answer, const std::string& url) {
    for (const auto& hit : answer["results"]) {
      if (hit["url"] == url) return true;
    }
    return false;
  };
  const auto select_related = search("select_related");
  CHECK(holds(select_related, "/ref/models/querysets.html#select-related"));
  const auto sessions = search("How to use sessions");
  CHECK(holds(sessions, "/topics/http/sessions.html#how-to-use-sessions"));
  // Each url#id names an id the page holds.
  for (const auto* answer : {&select_related, &sessions}) {
    for (const auto& hit : (*answer)["results"]) {
      const std::string url = hit["url"];
      const auto hash = url.find('#');
      REQUIRE(hash != std::string::npos);
      const std::string html = read_file(site + url.substr(0, hash));
      CHECK(html.find("id=\"" + url.substr(hash + 1) + "\"") != std::string::npos);
    }
  }
}

TEST_CASE("with --site-url, a hit and a document link to their section on the site",
          "[cli][html][server]") {
  prepsearch::test::ScratchDir dir;
  const std::string site = dir / "site";
  fs::create_directories(site + "/guide");
  write_file(site + "/guide/cache.html",
             page("Cache", "<h2 id=setup>Setup zebrafish</h2><p>Install it.</p>"));
  write_file(dir / "other.jsonl",
             R"({"id": "ext/1", "title": "Zebrafish elsewhere", "url": "https://example.org/z#a"})"
             "\n"
             R"({"id": "ext/2", "title": "Zebrafish nowhere"})"
             "\n");
  REQUIRE(run_indexer({"--db", dir / "index", site, dir / "other.jsonl"}).status == 0);
  const auto links = [&](const std::string& site_url) {
    prepsearch::ServerOptions options;
    options.db = dir / "index";
    options.site_url = site_url;
    prepsearch::test::RunningServer server(options);
    auto client = server.client();
    std::map<std::string, std::string> by_id;
    const auto answer = prepsearch::test::get_json(client, "/api/search?q=zebrafish", 200);
    for (const auto& hit : answer["results"])
      by_id[hit["id"]] = hit.contains("link") ? hit["link"].get<std::string>() : "(none)";
    const auto doc =
        prepsearch::test::get_json(client, "/api/docs/guide%2Fcache.html%23setup", 200);
    by_id["doc"] = doc.contains("link") ? doc["link"].get<std::string>() : "(none)";
    return by_id;
  };
  CHECK(links("https://docs.example.com") ==
        std::map<std::string, std::string>{
            {"guide/cache.html#setup", "https://docs.example.com/guide/cache.html#setup"},
            {"ext/1", "https://example.org/z#a"},
            {"ext/2", "(none)"},
            {"doc", "https://docs.example.com/guide/cache.html#setup"}});
  // Without a site, a path leads nowhere this server knows: no link.
  CHECK(links("") == std::map<std::string, std::string>{{"guide/cache.html#setup", "(none)"},
                                                        {"ext/1", "https://example.org/z#a"},
                                                        {"ext/2", "(none)"},
                                                        {"doc", "(none)"}});
}

TEST_CASE("the --site-url option takes only an http(s) URL", "[cli][server]") {
  for (const std::string bad : {"ftp://x", "docs.example.com", "https://a b", "javascript:x"}) {
    const auto run =
        prepsearch::test::run_command(PREPSEARCH_SERVE_BIN, {"--db", "x", "--site-url", bad});
    INFO(bad << ": " << run.output);
    CHECK(run.status == 2);
    CHECK(run.output.find("--site-url") != std::string::npos);
  }
}
