// The query analytics over HTTP: searches counted, GET /api/stats/queries served only to this
// machine or with the admin token, the public popular list, POST /api/events.
#include <filesystem>
#include <fstream>
#include <string>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/text_fold.h"

#include "server/popular.h"
#include "server/query_log.h"

#include "raw_http.h"
#include "running_server.h"
#include "search_fixture.h"
#include "test_support.h"

namespace fs = std::filesystem;
using prepsearch::QueryLog;
using prepsearch::test::get_json;
using prepsearch::test::RunningServer;
using prepsearch::test::ScratchDir;

namespace {

// An IPv4 address of this machine that is not loopback, or "" if it has none.
std::string outside_address() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return "";
  std::string found;
  for (const ifaddrs* a = list; a && found.empty(); a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK))
      continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) found = text;
  }
  ::freeifaddrs(list);
  return found;
}

// A server over `fixture` that keeps its query log in `dir`.
prepsearch::ServerOptions logging_options(const prepsearch::test::SearchFixture& fixture,
                                          const ScratchDir& dir) {
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = dir / "queries.json";
  return options;
}

// Searches `q` as `client` would through nginx on this machine (a trusted proxy).
nlohmann::json search_as(httplib::Client& http, const std::string& client, const std::string& q) {
  auto res = http.Get("/api/search?q=" + httplib::detail::encode_query_param(q),
                      {{"X-Forwarded-For", client}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return nlohmann::json::parse(res->body);
}

// Reports a click on the first hit of `found` for `q` as `client`; the status.
int click_as(httplib::Client& http, const std::string& client, const std::string& q,
             const nlohmann::json& found) {
  REQUIRE_FALSE(found["results"].empty());
  const auto& hit = found["results"][0];
  const nlohmann::json event = {
      {"type", "click"}, {"q", q}, {"id", hit["id"]}, {"token", hit["click"]}};
  auto res =
      http.Post("/api/events", {{"X-Forwarded-For", client}}, event.dump(), "application/json");
  REQUIRE(res);
  return res->status;
}

}  // namespace

TEST_CASE("the server counts searches and serves the counts to the admin only", "[query-log]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  std::ofstream(dir / "token") << "0123456789abcdef0123\n";
  auto options = logging_options(fixture, dir);
  options.admin_token_file = dir / "token";
  options.trusted_proxies = {"127.0.0.1"};
  {
    RunningServer server(options);
    auto client = server.client();
    get_json(client, "/api/search?q=celery", 200);
    get_json(client, "/api/search?q=Celery", 200);
    get_json(client, "/api/search?q=celery&offset=10", 200);  // a second page: not a search
    get_json(client, "/api/search?q=celer&log=0", 200);       // typed on the way: not counted
    get_json(client, "/api/search?q=qwxzv", 200);
    // Without --local-admin even this machine needs the token; a raw header is compared, in
    // any case of the scheme.
    CHECK(get_json(client, "/api/stats/queries", 403)["error"]["code"] == "forbidden");
    const auto stats = [&](const std::string& authorization) {
      auto res =
          client.Get("/api/stats/queries?kind=top&limit=5", {{"Authorization", authorization}});
      REQUIRE(res);
      return std::make_pair(res->status, res->body);
    };
    CHECK(stats("Bearer 0123456789abcdef0124").first == 403);
    CHECK(stats("Bearer %30123456789abcdef0123").first == 403);  // no percent-decoding
    CHECK(stats("Basic 0123456789abcdef0123").first == 403);
    CHECK(stats("bearer 0123456789abcdef0123").first == 200);
    const auto [status, body] = stats("Bearer 0123456789abcdef0123");
    REQUIRE(status == 200);
    const auto top = nlohmann::json::parse(body);
    REQUIRE(top["queries"].size() == 2);
    CHECK(top["queries"][0]["q"] == "celery");
    CHECK(top["queries"][0]["searches"] == 2);
    CHECK(top["queries"][0]["clients"] == 1);
  }
  // --local-admin: loopback peers without the token, but never what a trusted proxy relays,
  // even with an empty relay header the HTTP library would drop.
  options.local_admin = true;
  {
    RunningServer server(options);
    auto client = server.client();
    CHECK(get_json(client, "/api/stats/queries", 403)["error"]["code"] == "forbidden");
    options.trusted_proxies.clear();
  }
  {
    RunningServer server(options);
    auto client = server.client();
    get_json(client, "/api/stats/queries?kind=other", 400);
    const auto zero = get_json(client, "/api/stats/queries?kind=zero", 200);
    REQUIRE(zero["queries"].size() == 1);
    CHECK(zero["queries"][0]["q"] == "qwxzv");
  }
  // From another address of this machine, the client is not loopback: 403 without the token.
  const std::string address = outside_address();
  if (address.empty()) {
    WARN("this machine has no address but loopback: the non-loopback client is not tried");
  } else {
    auto open_to_all = options;
    open_to_all.host = "0.0.0.0";
    RunningServer server(open_to_all);
    httplib::Client outside(address, server.port());
    auto res = outside.Get("/api/stats/queries");
    REQUIRE(res);
    CHECK(res->status == 403);
    res = outside.Get("/api/stats/queries", {{"Authorization", "Bearer 0123456789abcdef0123"}});
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  // Written at shutdown: a new server starts from the counts.
  RunningServer again(options);
  auto client = again.client();
  const auto restored = get_json(client, "/api/stats/queries", 200)["queries"];
  REQUIRE(restored.size() == 2);
  CHECK(restored[0]["q"] == "celery");
  CHECK(restored[0]["searches"] == 2);
  CHECK(restored[1]["q"] == "qwxzv");
}

TEST_CASE("popular searches need several clients who searched and clicked and nothing one can push",
          "[query-log][popular]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  auto options = logging_options(fixture, dir);
  options.trusted_proxies = {"127.0.0.1"};
  options.search_rate = 0;
  RunningServer server(options);
  auto http = server.client();
  const auto popular = [&] { return get_json(http, "/api/popular", 200)["queries"]; };
  // One client, any number of searches and clicks (within its event limit), from any address
  // of its /24 or /64.
  for (int i = 0; i < 10; ++i) {
    const std::string me = "198.51.100." + std::to_string(i);
    CHECK(click_as(http, me, "celery", search_as(http, me, "celery")) == 202);
    search_as(http, "2001:db8:1:2::" + std::to_string(i + 1), "Celery");
  }
  CHECK(popular().empty());
  // Three networks search it, but only one clicked: not yet.
  search_as(http, "203.0.113.5", "celery");
  CHECK(popular().empty());
  const auto found = search_as(http, "192.0.2.7", "celery");
  CHECK(click_as(http, "192.0.2.7", "celery", found) == 202);
  CHECK(popular() == nlohmann::json::array({"celery"}));
  // A click needs the token served with that hit for that query.
  auto forged = found;
  forged["results"][0]["click"] = std::string(32, '0');
  CHECK(click_as(http, "192.0.2.8", "celery", forged) == 400);
  CHECK(click_as(http, "192.0.2.8", "django", found) == 400);
  // A page on another site may not report events.
  auto res = http.Post("/api/events", {{"Origin", "https://evil.example"}},
                       R"({"type": "search", "q": "celery"})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 403);
  // Text that could deface the page is never published, however popular.
  for (const char* spam : {"http://spam.example/celery", "celery www.spam", "<b>celery</b>",
                           "celery \x1b[31m", "buy celery.com"}) {
    INFO(spam);
    CHECK_FALSE(prepsearch::is_publishable(spam));
  }
  CHECK(prepsearch::is_publishable("select_related"));
  CHECK(prepsearch::is_publishable("node.js vs django"));
}

TEST_CASE("POST /api/events counts clicks, and refuses what is too big, malformed or too much",
          "[query-log][events]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  auto options = logging_options(fixture, dir);
  options.local_admin = true;
  RunningServer server(options);
  auto client = server.client();
  const auto hit = get_json(client, "/api/search?q=celery", 200)["results"][0];
  const auto post = [&](const std::string& body) {
    auto res = client.Post("/api/events", body, "application/json");
    REQUIRE(res);
    return std::make_pair(res->status, res->body);
  };
  const auto click = [&](const std::string& q, const nlohmann::json& served) {
    return nlohmann::json{
        {"type", "click"}, {"q", q}, {"id", served["id"]}, {"token", served["click"]}}
        .dump();
  };
  auto [status, body] = post(click("Celery", hit));  // the token holds for the query's normal form
  CHECK(status == 202);
  CHECK(nlohmann::json::parse(body)["counted"] == true);
  const auto unlogged = get_json(client, "/api/search?q=broker&log=0", 200)["results"][0];
  std::tie(status, body) = post(click("broker", unlogged));
  CHECK(status == 202);
  CHECK(nlohmann::json::parse(body)["counted"] == false);  // that query was never counted
  std::tie(status, body) = post(R"({"type": "search", "q": "broker"})");  // settled: counted
  CHECK(status == 202);
  CHECK(nlohmann::json::parse(body)["counted"] == true);
  for (const char* bad : {"not json", "[]", R"({"type": "view", "q": "a", "id": "b"})",
                          R"({"type": "click", "q": 3, "id": "b"})", R"({"type": "click"})"}) {
    INFO(bad);
    CHECK(post(bad).first == 400);
  }
  CHECK(post(std::string(3000, 'x')).first == 413);
  const auto stats = get_json(client, "/api/stats/queries", 200);
  for (const auto& entry : stats["queries"]) {
    CHECK(entry["clicks"] == (entry["q"] == "celery" ? 1 : 0));
  }
  // The burst is 20 events an address, 8 used: the rest of a flood gets 429.
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    refused += post(R"({"type": "click", "q": "celery", "id": "x"})").first == 429;
  }
  CHECK(refused >= 15);
  // A body that does not come in full within the head timeout never reaches a worker.
  auto quick = options;
  quick.head_timeout_seconds = 0.5;
  RunningServer impatient(quick);
  const auto slow = prepsearch::test::exchange_one(
      impatient.port(),
      "POST /api/events HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"type\"");
  CHECK(slow.status == 408);
  // Still the only POST there is.
  auto res = client.Post("/api/search", "x", "text/plain");
  REQUIRE(res);
  CHECK(res->status == 405);
}

TEST_CASE("a long pasted query is searched and counted and never gets a 500", "[query-log]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  auto options = logging_options(fixture, dir);
  RunningServer server(options);
  auto client = server.client();
  std::string pluses;
  for (int i = 0; i < 333; ++i) pluses += "+a";
  for (const std::string& query :
       {std::string(200, 'q') + " celery", std::string(198, 'q') + " \xD0\xB9\xD0\xB9", pluses,
        "Celery is a task queue " + std::string(190, 'x') + " and the broker carries messages"}) {
    INFO(query.size() << " bytes");
    get_json(client, "/api/search?q=" + httplib::detail::encode_query_param(query), 200);
    auto res = client.Post("/api/events", nlohmann::json{{"type", "search"}, {"q", query}}.dump(),
                           "application/json");
    REQUIRE(res);
    CHECK(res->status / 100 == 2);
  }
}
