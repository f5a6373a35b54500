// What people search for: counting, bounds, the file that survives restarts and crashes,
// and GET /api/stats/queries served only to this machine or with the admin token.
#include "server/query_log.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/event_limiter.h"

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

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("queries are counted under one normal form", "[query-log]") {
  using prepsearch::normalise_query;
  CHECK(normalise_query("  Celery   Beat ") == "celery beat");
  CHECK(normalise_query("Canción") == "cancion");
  CHECK(normalise_query("N+1") == "n+1");
  CHECK(normalise_query("   ").empty());
  const std::string long_query(150, 'a');
  CHECK(normalise_query(long_query + " " + long_query).size() <= prepsearch::kMaxLoggedQueryBytes);
  // Cut at a character boundary: the result stays valid UTF-8.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "й";
  const std::string cut = normalise_query(accents);
  CHECK(cut.size() <= prepsearch::kMaxLoggedQueryBytes);
  CHECK(cut.size() % 2 == 0);
}

TEST_CASE("searches, empty searches and clicks are counted and ranked", "[query-log]") {
  ScratchDir dir;
  QueryLog log(dir / "q.json", 100, 0);
  for (int i = 0; i < 3; ++i) log.record_search("Celery", false);
  log.record_search("celery ", false);
  log.record_search("select_related", false);
  log.record_search("zzzz", true);
  log.record_search("zzzz", true);
  CHECK(log.record_click("CELERY"));
  CHECK_FALSE(log.record_click("never searched"));  // a click only counts for a real search
  const auto top = log.top(QueryLog::Order::kMostSearched, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].query == "celery");
  CHECK(top[0].counts.searches == 4);
  CHECK(top[0].counts.clicks == 1);
  CHECK(top[1].query == "zzzz");
  const auto zero = log.top(QueryLog::Order::kMostWithoutResults, 10);
  REQUIRE(zero.size() == 1);
  CHECK(zero[0].query == "zzzz");
  CHECK(zero[0].counts.no_results == 2);
}

TEST_CASE("a flood of distinct queries keeps memory bounded and the frequent ones", "[query-log]") {
  ScratchDir dir;
  QueryLog log(dir / "q.json", 100, 0);
  for (int i = 0; i < 50; ++i) log.record_search("celery", false);
  for (int i = 0; i < 100000; ++i) log.record_search("spam " + std::to_string(i), false);
  CHECK(log.size() <= 100);
  CHECK(log.top(QueryLog::Order::kMostSearched, 1).front().query == "celery");
}

TEST_CASE("the counts survive a restart, and a crash between writes loses no file", "[query-log]") {
  ScratchDir dir;
  const std::string path = dir / "q.json";
  {
    QueryLog log(path, 100, 0);
    log.record_search("celery", false);
    log.record_search("celery", false);
    REQUIRE(log.save());
  }  // and once more at the end
  const std::string saved = read_file(path);
  // A crash in the middle of the next write leaves its temporary file, never half a file.
  std::ofstream(path + ".tmp") << R"({"version": 1, "queries": [{"q": "cel)";
  {
    QueryLog log(path, 100, 0);
    REQUIRE(log.size() == 1);
    CHECK(log.top(QueryLog::Order::kMostSearched, 1).front().counts.searches == 2);
    log.record_search("django", true);
  }
  CHECK(read_file(path) != saved);
  CHECK(nlohmann::json::parse(read_file(path))["queries"].size() == 2);
  CHECK_FALSE(fs::exists(path + ".tmp"));

  // A file that is not the log is set aside, never overwritten, and the log starts empty.
  std::ofstream(path, std::ios::trunc) << "not json";
  {
    QueryLog log(path, 100, 0);
    CHECK(log.size() == 0);
  }
  CHECK(read_file(path + ".bad") == "not json");
}

TEST_CASE("the server counts searches and serves the counts to this machine only", "[query-log]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  std::ofstream(dir / "token") << "0123456789abcdef0123\n";
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = dir / "queries.json";
  options.admin_token_file = dir / "token";
  {
    RunningServer server(options);
    auto client = server.client();
    get_json(client, "/api/search?q=celery", 200);
    get_json(client, "/api/search?q=Celery", 200);
    get_json(client, "/api/search?q=celery&offset=10", 200);  // a second page: not a search
    get_json(client, "/api/search?q=qwxzv", 200);
    const auto top = get_json(client, "/api/stats/queries?kind=top&limit=5", 200);
    REQUIRE(top["queries"].size() == 2);
    CHECK(top["queries"][0]["q"] == "celery");
    CHECK(top["queries"][0]["searches"] == 2);
    // Public: only what enough people searched, and found something for.
    CHECK(get_json(client, "/api/popular", 200)["queries"].empty());
    get_json(client, "/api/search?q=celery", 200);
    for (int i = 0; i < 3; ++i) get_json(client, "/api/search?q=qwxzv", 200);
    CHECK(get_json(client, "/api/popular", 200)["queries"] == nlohmann::json::array({"celery"}));
    get_json(client, "/api/popular?limit=0", 400);
    const auto zero = get_json(client, "/api/stats/queries?kind=zero", 200);
    REQUIRE(zero["queries"].size() == 1);
    CHECK(zero["queries"][0]["q"] == "qwxzv");
    get_json(client, "/api/stats/queries?kind=other", 400);

    // Through a proxy on this machine the client is not this machine: the token decides.
    httplib::Headers relayed = {{"X-Forwarded-For", "203.0.113.9"}};
    auto res = client.Get("/api/stats/queries", relayed);
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(nlohmann::json::parse(res->body)["error"]["code"] == "forbidden");
    relayed.emplace("Authorization", "Bearer 0123456789abcdef0124");
    res = client.Get("/api/stats/queries", relayed);
    REQUIRE(res);
    CHECK(res->status == 403);
    httplib::Headers with_token = {{"X-Forwarded-For", "203.0.113.9"},
                                   {"Authorization", "Bearer 0123456789abcdef0123"}};
    res = client.Get("/api/stats/queries", with_token);
    REQUIRE(res);
    CHECK(res->status == 200);
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
  CHECK(restored[0]["q"] == "qwxzv");
  CHECK(restored[0]["no_results"] == 4);
  CHECK(restored[1]["q"] == "celery");
  CHECK(restored[1]["searches"] == 3);
}

TEST_CASE("events: a flood is refused without memory growing", "[query-log][events]") {
  using Clock = prepsearch::EventLimiter::Clock;
  prepsearch::EventLimiter limiter(2, 20, 100);
  const auto start = Clock::now();
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) allowed += limiter.allow("198.51.100.7", start);
  CHECK(allowed == 20);  // the burst, then nothing within the same instant
  CHECK(limiter.allow("198.51.100.7", start + std::chrono::seconds(1)));  // 2 a second again
  // 100,000 addresses: at most 100 remembered; newcomers are refused while all are busy.
  int newcomers = 0;
  for (int i = 0; i < 100000; ++i) newcomers += limiter.allow("a" + std::to_string(i), start);
  CHECK(limiter.clients() <= 100);
  CHECK(newcomers == 99);
  // Once their buckets have refilled, they are forgotten and new addresses come in.
  CHECK(limiter.allow("late", start + std::chrono::seconds(60)));
  CHECK(limiter.clients() <= 100);
}

TEST_CASE("POST /api/events counts clicks, and refuses what is too big, malformed or too much",
          "[query-log][events]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = dir / "queries.json";
  RunningServer server(options);
  auto client = server.client();
  get_json(client, "/api/search?q=celery", 200);
  const auto post = [&](const std::string& body) {
    auto res = client.Post("/api/events", body, "application/json");
    REQUIRE(res);
    return std::make_pair(res->status, res->body);
  };
  auto [status, body] = post(R"({"type": "click", "q": "Celery", "id": "django/scalability"})");
  CHECK(status == 202);
  CHECK(nlohmann::json::parse(body)["counted"] == true);
  std::tie(status, body) = post(R"({"type": "click", "q": "never searched", "id": "x"})");
  CHECK(status == 202);
  CHECK(nlohmann::json::parse(body)["counted"] == false);
  for (const char* bad : {"not json", "[]", R"({"type": "view", "q": "a", "id": "b"})",
                          R"({"type": "click", "q": 3, "id": "b"})", R"({"type": "click"})"}) {
    INFO(bad);
    CHECK(post(bad).first == 400);
  }
  CHECK(post(std::string(3000, 'x')).first == 413);
  const auto stats = get_json(client, "/api/stats/queries", 200);
  CHECK(stats["queries"][0]["clicks"] == 1);
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
