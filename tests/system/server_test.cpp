// The HTTP API over real sockets: a server started in-process on an ephemeral port.
#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/http_server.h"

#include "child_process.h"
#include "running_server.h"
#include "search_fixture.h"

using nlohmann::json;
using prepsearch::test::get_json;
using prepsearch::test::RunningServer;
using prepsearch::test::SearchFixture;
using prepsearch::test::wait_until;

namespace {

prepsearch::ServerOptions options_for(const SearchFixture& fixture) {
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  return options;
}

// corpus/ (the Django page and its Spanish translation) indexed into `dir`.
prepsearch::ServerOptions options_for_corpus(const prepsearch::test::ScratchDir& dir) {
  REQUIRE(prepsearch::test::run_indexer(
              {"--quiet", "--db", dir / "index", prepsearch::test::source_path("corpus")})
              .status == 0);
  prepsearch::ServerOptions options;
  options.db = dir / "index";
  return options;
}

void check_error(httplib::Client& client, const std::string& path, int status) {
  const json body = get_json(client, path, status);
  CHECK(body["error"]["code"].is_string());
  CHECK(body["error"]["message"].is_string());
}

}  // namespace

TEST_CASE("GET /api/search returns ranked results with every documented field", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  auto client = server.client();
  const json body = get_json(client, "/api/search?q=N%2B1&limit=2&offset=0", 200);
  CHECK(body["query"] == "N+1");
  CHECK(body["total"].get<int>() >= 3);
  CHECK(body["offset"] == 0);
  CHECK(body["limit"] == 2);
  CHECK(body["took_ms"].is_number());
  CHECK(body["suggestion"].is_null());
  REQUIRE(body["results"].size() == 2);
  for (const auto& hit : body["results"]) {
    for (const char* key : {"id", "title", "topic", "section", "kind", "level", "url", "snippet"}) {
      CHECK(hit[key].is_string());
    }
    CHECK(hit["score"].is_number());
  }
  for (const char* field : {"topic", "kind", "level", "section"})
    CHECK(body["facets"][field].is_object());
  CHECK(body["facets"]["topic"]["django"] == body["total"]);
  const json page2 = get_json(client, "/api/search?q=N%2B1&limit=2&offset=2&unknown=1", 200);
  CHECK(page2["results"][0]["id"] != body["results"][0]["id"]);
  CHECK(page2["total"] == body["total"]);
  CHECK(page2["facets"].empty());  // a later page is read for its hits
  const json no_facets = get_json(client, "/api/search?q=N%2B1&limit=2&facets=0", 200);
  CHECK(no_facets["total"] == body["total"]);
  CHECK(no_facets["facets"].empty());
  CHECK(no_facets["results"] == body["results"]);
  const json filtered = get_json(client, "/api/search?q=&level=advanced&level=mistake", 200);
  CHECK(filtered["total"] == 12);
  const json typo = get_json(client, "/api/search?q=celary", 200);
  CHECK(typo["suggestion"] == "celery");
  CHECK(typo["corrected"] == true);
  CHECK(typo["total"] == 4);
}

TEST_CASE("documents and suggestions and health and metrics", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  auto client = server.client();
  const json doc = get_json(client, "/api/docs/django%2Fscalability", 200);
  CHECK(doc["id"] == "django/scalability");
  CHECK(doc["text"].get<std::string>().find("Celery") != std::string::npos);
  for (const char* key : {"title", "topic", "section", "kind", "level", "url"})
    CHECK(doc[key].is_string());
  CHECK(get_json(client, "/api/docs/django/scalability", 200)["id"] == "django/scalability");
  check_error(client, "/api/docs/django%2Fnope", 404);
  // Related documents: hits without snippets, never the document itself, `limit` bounded.
  const json related =
      get_json(client, "/api/docs/django/not-knowing-the-n-1-query-problem/related?limit=3", 200);
  CHECK(related["id"] == "django/not-knowing-the-n-1-query-problem");
  CHECK(related["took_ms"].is_number());
  REQUIRE(related["results"].size() == 3);
  for (const auto& hit : related["results"]) {
    CHECK(hit["id"] != related["id"]);
    CHECK(hit["snippet"] == "");
    CHECK(hit["score"].is_number());
  }
  CHECK(get_json(client, "/api/docs/django%2Fscalability/related", 200)["results"].size() == 5);
  check_error(client, "/api/docs/django%2Fnope/related", 404);
  check_error(client, "/api/docs/django/scalability/related?limit=0", 400);
  check_error(client, "/api/docs/django/scalability/related?limit=21", 400);
  const json suggest = get_json(client, "/api/suggest?q=prefe", 200);
  CHECK(suggest["query"] == "prefe");
  const auto& list = suggest["suggestions"];
  CHECK(std::find(list.begin(), list.end(), "prefetch_related") != list.end());
  CHECK(get_json(client, "/api/suggest?q=cel", 200)["suggestions"][0] == "celery");
  const json health = get_json(client, "/healthz", 200);
  CHECK(health["status"] == "ok");
  CHECK(health["documents"] == 46);
  CHECK(health["generation"].is_number());
  const auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find("prepsearch_requests_total{route=\"/api/search\"") == std::string::npos);
  get_json(client, "/api/search?q=django", 200);
  // A request is counted just after its response is sent: poll for it.
  std::string metrics_text;
  wait_until(
      [&] {
        const auto res = client.Get("/metrics");
        metrics_text = res ? res->body : "";
        return metrics_text.find("route=\"/api/search\",status=\"200\"") != std::string::npos;
      },
      std::chrono::seconds(1));
  const auto* after = &metrics_text;
  CHECK(after->find("prepsearch_requests_total{route=\"/api/search\",status=\"200\"} 1") !=
        std::string::npos);
  CHECK(after->find(
            "prepsearch_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 1") !=
        std::string::npos);
  CHECK(after->find("prepsearch_documents 46") != std::string::npos);
  CHECK(after->find("prepsearch_index_reloads_total 0") != std::string::npos);
}

TEST_CASE("opensearch.xml is built from the Host header and refuses odd ones", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  auto client = server.client();
  const auto described = [&](const httplib::Headers& headers) {
    return client.Get("/opensearch.xml", headers);
  };
  const auto plain = described({{"Host", "search.example.com:8080"}});
  REQUIRE(plain);
  CHECK(plain->status == 200);
  CHECK(plain->get_header_value("Content-Type") == "application/opensearchdescription+xml");
  CHECK(plain->body.find("template=\"http://search.example.com:8080/?q={searchTerms}\"") !=
        std::string::npos);
  const auto proxied = described({{"Host", "search.example.com"}, {"X-Forwarded-Proto", "https"}});
  REQUIRE(proxied);
  CHECK(proxied->body.find("template=\"https://search.example.com/?q={searchTerms}\"") !=
        std::string::npos);
  for (const char* host :
       {"evil.com\"/><x", "a b", "example.com/path", "[::1", "example.com:99999x"}) {
    const auto refused = described({{"Host", host}});
    REQUIRE(refused);
    INFO(host);
    CHECK(refused->status == 400);
    CHECK(json::parse(refused->body)["error"]["code"] == "invalid_host");
  }
  const auto suggestions = client.Get("/api/suggest?format=opensearch&q=cel");
  REQUIRE(suggestions);
  CHECK(suggestions->get_header_value("Content-Type") == "application/x-suggestions+json");
  CHECK(json::parse(suggestions->body) == json::array({"cel", json::array({"celery"})}));
}

TEST_CASE("bad requests get JSON errors with the right status and never a 500", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  auto client = server.client();
  check_error(client, "/api/search?q=" + std::string(1001, 'a'), 400);
  get_json(client, "/api/search?q=" + std::string(1000, 'a'), 200);
  check_error(client, "/api/search?q=%FF%FE", 400);
  check_error(client, "/api/search?q=caf%C3", 400);
  for (const char* bad : {"limit=0", "limit=101", "limit=abc", "limit=-1", "limit=1e2",
                          "offset=10001", "offset=x", "limit=", "offset=99999999999999999999"}) {
    check_error(client, std::string("/api/search?q=django&") + bad, 400);
  }
  get_json(client, "/api/search?q=django&limit=100&offset=10000", 200);
  check_error(client, "/api/suggest?q=%C0%AF", 400);
  check_error(client, "/api/nothing", 404);
  check_error(client, "/nothing/here", 404);
  const auto post = client.Post("/api/search", "{}", "application/json");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  CHECK(json::parse(post->body)["error"]["code"] == "method_not_allowed");
  const auto del = client.Delete("/healthz");
  REQUIRE(del);
  CHECK(del->status == 405);
  for (const char* q : {"%22", "AND%20OR", "-", "(((", "title%3A", "%5C%5C", "%00", "N%2B1%22%20OR",
                        "level%3A", "%E2%80%99s", "*", "NOT%20NOT", "%2B%2B%2B"}) {
    const auto res = client.Get((std::string("/api/search?q=") + q).c_str());
    REQUIRE(res);
    INFO(q);
    CHECK(res->status < 500);
  }
}

TEST_CASE("oversized requests are refused before they reach a handler", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  auto client = server.client();
  const auto long_uri = client.Get(("/api/search?q=" + std::string(9000, 'a')).c_str());
  REQUIRE(long_uri);
  CHECK(long_uri->status == 414);
  httplib::Headers headers;
  for (int i = 0; i < 150; ++i) headers.emplace("X-Filler-" + std::to_string(i), "x");
  const auto many = client.Get("/healthz", headers);
  REQUIRE(many);
  CHECK(many->status == 431);
  const auto body =
      client.Post("/api/search", std::string(std::size_t{100} * 1024, 'x'), "text/plain");
  REQUIRE(body);
  CHECK(body->status == 413);
}

TEST_CASE("static files are served safely from --web", "[http]") {
  SearchFixture fixture;
  prepsearch::test::ScratchDir web;
  prepsearch::test::write_file(web / "index.html", "<!doctype html><title>t</title>");
  prepsearch::test::write_file(web / "app.js", "console.log(1);");
  prepsearch::test::write_file(web / ".secret", "no");
  auto options = options_for(fixture);
  options.web = web.path();
  RunningServer server(options);
  auto client = server.client();
  const auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") !=
        std::string::npos);
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  const auto script = client.Get("/app.js");
  REQUIRE(script);
  CHECK(script->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  const std::string etag = script->get_header_value("ETag");
  CHECK(etag.size() > 2);
  const auto cached = client.Get("/app.js", {{"If-None-Match", etag}});
  REQUIRE(cached);
  CHECK(cached->status == 304);
  CHECK(cached->body.empty());
  const auto gzipped = client.Get("/app.js", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gzipped);
  CHECK(gzipped->get_header_value("Content-Encoding") == "gzip");
  for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.secret",
                           "/..%2f..%2fetc%2fpasswd", "/app.js/..", "/%00"}) {
    const auto res = client.Get(path);
    REQUIRE(res);
    INFO(path);
    CHECK(res->status == 404);
    CHECK(res->body.find("root:") == std::string::npos);
  }
}

// The Access-Control-Allow-Origin a server started with `allowed` origins sends to a GET
// from `origin`; "" if none.
std::string allowed_origin(const SearchFixture& fixture, const std::vector<std::string>& allowed,
                           const std::string& origin) {
  auto options = options_for(fixture);
  options.cors_origins = allowed;
  RunningServer server(options);
  auto client = server.client();
  const auto res = client.Get("/api/search?q=django", {{"Origin", origin}});
  REQUIRE(res);
  return res->get_header_value("Access-Control-Allow-Origin");
}

TEST_CASE("CORS headers go only to configured origins and answer preflight", "[http]") {
  SearchFixture fixture;
  const std::vector<std::string> example = {"https://example.com"};
  CHECK(allowed_origin(fixture, example, "https://example.com") == "https://example.com");
  CHECK(allowed_origin(fixture, example, "https://evil.example").empty());
  CHECK(allowed_origin(fixture, {"*"}, "https://anyone.example") == "*");
  CHECK(allowed_origin(fixture, {}, "https://example.com").empty());

  auto options = options_for(fixture);
  options.cors_origins = example;
  RunningServer server(options);
  auto client = server.client();
  const auto preflight = client.Options(
      "/api/search", {{"Origin", "https://example.com"}, {"Access-Control-Request-Method", "GET"}});
  REQUIRE(preflight);
  CHECK(preflight->status == 204);
  CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "https://example.com");
  CHECK(preflight->get_header_value("Access-Control-Allow-Methods").find("GET") !=
        std::string::npos);
}

TEST_CASE("100 concurrent keep-alive clients are all served", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  std::atomic<int> ok{0};
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::vector<std::thread> clients;
  clients.reserve(100);
  for (int c = 0; c < 100; ++c) {
    clients.emplace_back([&] {
      auto client = server.client();
      client.set_keep_alive(true);
      for (int i = 0; i < 5; ++i) {
        const auto res = client.Get("/api/search?q=celery");
        if (res && res->status == 200) {
          ++ok;
        } else {
          std::lock_guard lock(errors_mutex);
          errors.push_back(res ? "status " + std::to_string(res->status)
                               : httplib::to_string(res.error()));
        }
      }
    });
  }
  for (auto& thread : clients) thread.join();
  INFO("first failure: " << (errors.empty() ? "none" : errors.front()));
  CHECK(ok == 500);
}

TEST_CASE("a reindex is served without a restart and without a failed request", "[http]") {
  SearchFixture fixture;
  RunningServer server(options_for(fixture));
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, requests{0};
  std::vector<std::thread> searchers;
  searchers.reserve(4);
  for (int t = 0; t < 4; ++t) {
    searchers.emplace_back([&] {
      auto client = server.client();
      while (!done) {
        const auto res = client.Get("/api/search?q=django+celery");
        ++requests;
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  auto client = server.client();
  client.set_keep_alive(true);  // one connection: its worker's handle must be reopened
  REQUIRE(get_json(client, "/api/search?q=zanzibar", 200)["total"] == 0);
  const std::string extra =
      R"({"id": "fresh/1", "title": "Zanzibar consistency", "text": "Zanzibar is new.", "topic": "authz"})"
      "\n";
  for (int round = 0; round < 3; ++round) fixture.reindex(round % 2 == 0 ? extra : "");
  // The last rebuild has the new record; poll until the server answers from it.
  fixture.reindex(extra);
  int found = 0;
  wait_until(
      [&] {
        const auto res = client.Get("/api/search?q=zanzibar");
        found = res ? json::parse(res->body)["total"].get<int>() : -1;
        return found != 0;
      },
      std::chrono::seconds(10));
  done = true;
  for (auto& thread : searchers) thread.join();
  CHECK(found == 1);
  CHECK(failures == 0);
  CHECK(requests > 0);
  CHECK(wait_until(
      [&] {
        const auto metrics = client.Get("/metrics");
        return metrics &&
               metrics->body.find("prepsearch_index_reloads_total 0") == std::string::npos;
      },
      std::chrono::seconds(10)));
}

TEST_CASE("the API returns translations and takes the reader's language", "[languages]") {
  prepsearch::test::ScratchDir dir;
  prepsearch::ServerOptions options = options_for_corpus(dir);
  const prepsearch::test::RunningServer server(options);
  auto client = server.client();
  const json doc = prepsearch::test::get_json(
      client, "/api/docs/django%2Fwhat-are-django-signals-and-when-would-you-use-them", 200);
  REQUIRE(doc["translations"].size() == 1);
  CHECK(doc["translations"][0]["language"] == "es");
  CHECK(doc["translations"][0]["url"] ==
        "/django-es#what-are-django-signals-and-when-would-you-use-them");
  const json search = prepsearch::test::get_json(client, "/api/search?q=se%C3%B1ales&lang=es", 200);
  CHECK(search["results"][0]["language"] == "es");
  CHECK(search["facets"]["language"]["es"] == 2);
  // The reader's version first, the other listed on it; es-MX reads es; a language the
  // index lacks is taken, and the default (en) ranks nothing first for it.
  for (const auto& [lang, first] : std::vector<std::pair<std::string, std::string>>{
           {"es", "es"}, {"es-MX", "es"}, {"en", "en"}, {"", "en"}}) {
    INFO(lang);
    const json found =
        prepsearch::test::get_json(client, "/api/search?q=middleware&lang=" + lang, 200);
    REQUIRE_FALSE(found["results"].empty());
    CHECK(found["results"][0]["language"] == first);
    CHECK(found["results"][0]["translations"].size() == 1);
  }
  CHECK(prepsearch::test::get_json(client, "/api/search?q=middleware&lang=fr", 200)["results"]
            .size() > 0);
  for (const char* bad : {"english", "e1", "%C3%A9s"}) {
    const json refused =
        prepsearch::test::get_json(client, std::string("/api/search?q=x&lang=") + bad, 400);
    CHECK(refused["error"]["message"] ==
          "`lang` must be a two-letter language code (ISO 639-1) such as en or es-MX");
  }
}

TEST_CASE("the server's --default-lang is the reader's language of a search that sends none",
          "[languages]") {
  prepsearch::test::ScratchDir dir;
  prepsearch::ServerOptions options = options_for_corpus(dir);
  options.default_lang = "es";
  const prepsearch::test::RunningServer server(options);
  auto client = server.client();
  CHECK(prepsearch::test::get_json(client, "/api/search?q=middleware",
                                   200)["results"][0]["language"] == "es");
  CHECK(prepsearch::test::get_json(client, "/api/search?q=middleware&lang=en",
                                   200)["results"][0]["language"] == "en");
}
