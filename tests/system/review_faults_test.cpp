// What the third review broke at the HTTP edge and at start-up: each case failed on the
// landed main before its fix (issue 24).
#include <algorithm>
#include <fstream>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/client_address.h"

#include "child_process.h"
#include "raw_http.h"
#include "running_server.h"
#include "search_fixture.h"
#include "test_support.h"

using prepsearch::test::exchange_one;
using prepsearch::test::header_value;
using prepsearch::test::RunningServer;
using prepsearch::test::ScratchDir;

namespace {

std::string get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "Connection: close\r\n\r\n";
}

// prepsearch-serve with `args` after --db `db`; its exit status and what it printed.
prepsearch::test::RunResult serve(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db, "--port", "0"});
  return prepsearch::test::run_command(PREPSEARCH_SERVE_BIN, args);
}

}  // namespace

TEST_CASE("small HTTP faults: Allow on the POST route and Referrer-Policy on every answer",
          "[review]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  RunningServer server(options);
  const auto put = exchange_one(server.port(),
                                "PUT /api/events HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
                                "Connection: close\r\n\r\n{}");
  CHECK(put.status == 405);
  CHECK(header_value(put.head, "Allow") == "POST, OPTIONS");
  // Answers the gate makes before any route runs carry the headers every answer promises.
  for (const std::string& request :
       {std::string("GET / HTTP/1.1\r\n\r\n"),
        std::string("GET /api/search?q=a HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n"),
        std::string("BREW /api/search HTTP/1.1\r\nHost: t\r\n\r\n")}) {
    const auto answer = exchange_one(server.port(), request);
    INFO(request);
    CHECK(answer.status >= 400);
    CHECK(header_value(answer.head, "Referrer-Policy") == "no-referrer");
    CHECK(header_value(answer.head, "X-Content-Type-Options") == "nosniff");
  }
}

TEST_CASE("Expect 100-continue gets 100 Continue before the body is sent", "[review]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = "off";
  RunningServer server(options);
  const int fd = prepsearch::test::connect_to(server.port());
  REQUIRE(fd >= 0);
  const std::string head =
      "POST /api/events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 33\r\nConnection: close\r\n\r\n";
  REQUIRE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
  const auto interim = prepsearch::test::read_until_close(fd, std::chrono::milliseconds(500));
  CHECK(interim.first.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
  const std::string body = R"({"type": "search", "q": "celery"})";
  REQUIRE(::send(fd, body.data(), body.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(body.size()));
  const auto rest = prepsearch::test::read_until_close(fd, std::chrono::seconds(5));
  CHECK(rest.first.rfind("HTTP/1.1 202", 0) == 0);
  ::close(fd);
}

TEST_CASE("the gate and the library read a path alike and ids may end in /related", "[review]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  RunningServer server(options);
  // %u0073 is an "s" to the library: the API, where a Range is never honoured.
  const auto ranged =
      exchange_one(server.port(), get("/api/%u0073earch?q=celery", "Range: bytes=0-9\r\n"));
  CHECK(ranged.status == 200);
  // A document whose id ends in /related opens with its slash written %2F.
  ScratchDir dir;
  prepsearch::test::write_file(dir / "r.jsonl",
                               R"({"id": "notes/related", "title": "Related notes", )"
                               R"("text": "Celery and related tools", "topic": "django"})"
                               "\n");
  REQUIRE(
      prepsearch::test::run_indexer({"--quiet", "--db", dir / "index", dir / "r.jsonl"}).status ==
      0);
  options.db = dir / "index";
  RunningServer notes(options);
  const auto doc = exchange_one(notes.port(), get("/api/docs/notes%2Frelated"));
  CHECK(doc.status == 200);
  CHECK(nlohmann::json::parse(doc.body)["id"] == "notes/related");
  CHECK(exchange_one(notes.port(), get("/api/docs/notes/related")).status == 404);  // no "notes"
}

TEST_CASE("the access log escapes control bytes so no line can be forged", "[review]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  const std::string log = dir / "access.log";
  int port = 0;
  const auto server = prepsearch::test::start_listening(
      [&](int on) {
        return std::vector<std::string>{PREPSEARCH_SERVE_BIN, "--db",        fixture.db(), "--port",
                                        std::to_string(on),   "--query-log", "off"};
      },
      port, {"/dev/null", log});
  REQUIRE(server);
  exchange_one(port, get("/x%0AGET%20/admin%20200%201us%0D%1B[31m"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->stop(SIGTERM);
  const std::string written = prepsearch::test::read_file(log);
  INFO(written);
  CHECK(written.find("\nGET /admin") == std::string::npos);
  CHECK(written.find('\x1b') == std::string::npos);
  CHECK(written.find("GET /x\\x0aGET /admin 200 1us\\x0d\\x1b[31m 404") != std::string::npos);
}

TEST_CASE("bad start-up files end in one line and exit 1 and never an abort", "[review]") {
  prepsearch::test::SearchFixture fixture;
  ScratchDir dir;
  prepsearch::test::write_file(dir / "empty", "");
  prepsearch::test::write_file(dir / "short", "abc\n");
  prepsearch::test::write_file(dir / "spaced", "0123456789 abcdef0123\n");
  ::mkdir((dir / "folder").c_str(), 0700);
  for (const std::string& file :
       {dir / "missing", dir / "empty", dir / "short", dir / "spaced", dir / "folder"}) {
    const auto result = serve(fixture.db(), {"--admin-token-file", file});
    INFO(result.output);
    CHECK(result.status == 1);
    CHECK(result.output.find("admin token") != std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
  }
  const auto no_web = serve(fixture.db(), {"--web", dir / "no-such-folder"});
  CHECK(no_web.status == 1);
  CHECK(no_web.output.find("no-such-folder is not a folder") != std::string::npos);
  const auto no_folder = serve(fixture.db(), {"--query-log", dir / "nowhere/queries.json"});
  CHECK(no_folder.status == 1);
  CHECK(no_folder.output.find("does not exist") != std::string::npos);
  // A log that is there but cannot be read is never overwritten: the server does not start.
  const auto unreadable = serve(fixture.db(), {"--query-log", dir / "folder"});
  CHECK(unreadable.status == 1);
  CHECK(unreadable.output.find("cannot read the query log") != std::string::npos);
  CHECK(serve(fixture.db(), {"--trusted-proxy", "nginx"}).status == 2);
}

TEST_CASE("a client is its /24 or /64 and relay headers count only from trusted proxies",
          "[review]") {
  using prepsearch::client_address;
  using prepsearch::client_network;
  CHECK(client_network("198.51.100.77") == "198.51.100.0/24");
  CHECK(client_network("::ffff:198.51.100.77") == "198.51.100.0/24");
  CHECK(client_network("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
  CHECK(client_network("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
  const std::vector<std::string> proxies = {"127.0.0.1"};
  CHECK(client_address("127.0.0.1", "203.0.113.9", proxies) == "203.0.113.9");
  CHECK(client_address("127.0.0.1", "6.6.6.6, 203.0.113.9", proxies) == "203.0.113.9");
  CHECK(client_address("127.0.0.1", "203.0.113.9, 127.0.0.1", proxies) == "203.0.113.9");
  CHECK(client_address("127.0.0.2", "203.0.113.9", proxies) == "127.0.0.2");  // not trusted
  CHECK(client_address("127.0.0.1", "garbage", proxies) == "127.0.0.1");
  CHECK(client_address("192.0.2.1", "203.0.113.9", {}) == "192.0.2.1");
  CHECK(prepsearch::is_loopback("127.8.9.10"));
  CHECK(prepsearch::is_loopback("::1"));
  CHECK_FALSE(prepsearch::is_loopback("128.0.0.1"));
}

TEST_CASE("searches are limited per client and a relayed empty header is never local", "[review]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = "off";
  options.search_rate = 1;
  options.search_burst = 5;
  options.trusted_proxies = {"127.0.0.1"};
  options.local_admin = true;
  RunningServer server(options, true);
  const auto search_from = [&](const std::string& client) {
    return exchange_one(server.port(),
                        get("/api/search?q=celery", "X-Forwarded-For: " + client + "\r\n"))
        .status;
  };
  int refused = 0;
  for (int i = 0; i < 10; ++i) refused += search_from("198.51.100." + std::to_string(i)) == 429;
  CHECK(refused >= 4);                       // one /24: 5 at once, then 1 a second
  CHECK(search_from("203.0.113.1") == 200);  // another network is not held back
  options.trusted_proxies.clear();
  RunningServer direct(options, true);
  // An empty relay header (which the HTTP library would drop) still says "relayed".
  CHECK(exchange_one(direct.port(), get("/api/stats/queries")).status == 200);
  for (const char* relay : {"X-Forwarded-For:\r\n", "Forwarded: \r\n", "X-Real-IP:\r\n"}) {
    INFO(relay);
    CHECK(exchange_one(direct.port(), get("/api/stats/queries", relay)).status == 403);
  }
}

TEST_CASE("a word no term can hold finds nothing and invisible joiners keep a word whole",
          "[review]") {
  prepsearch::test::SearchFixture fixture;
  std::string e_acute, enye;
  for (int i = 0; i < 33; ++i) e_acute += "\xC3\xA9";
  for (int i = 0; i < 40; ++i) enye += "\xC3\xB1";
  for (const std::string& query : {e_acute, enye, std::string(70, 'x')}) {
    INFO(query);
    CHECK(fixture.search(query).total == 0);
  }
  CHECK(fixture.search("celery").total > 0);
  // A soft hyphen or a zero-width joiner inside a word does not split it.
  for (const std::string joiner : {"\xC2\xAD", "\xE2\x80\x8D", "\xE2\x80\x8C"}) {
    const auto ids = fixture.ids("Cel" + joiner + "ery");
    CHECK(ids == fixture.ids("Celery"));
  }
}

TEST_CASE("a Chinese or Japanese question is found by the letter pairs of its runs", "[review]") {
  const std::string records =
      R"({"id": "zh/1", "title": "如何使用数据库索引来加快查询速度", "text": "在数据库中使用索引可以提高查询性能。"})"
      "\n"
      R"({"id": "zh/2", "title": "什么是缓存", "text": "缓存把常用的数据放在内存里。"})"
      "\n"
      R"({"id": "ja/1", "title": "データベースのインデックスとは何ですか", "text": "インデックスは検索を速くします。"})"
      "\n";
  prepsearch::test::SearchFixture fixture(records);
  // 26 letters without a space, as a reader half remembers the question: 78 bytes, which as
  // one word no term could hold.
  const auto chinese = fixture.ids("我想知道如何在数据库中使用索引来加快查询速度和提高性能");
  REQUIRE_FALSE(chinese.empty());
  CHECK(chinese.front() == "zh/1");
  CHECK(fixture.ids("缓存").front() == "zh/2");
  const auto japanese = fixture.ids("インデックスとは");
  REQUIRE_FALSE(japanese.empty());
  CHECK(japanese.front() == "ja/1");
  CHECK(fixture.ids("\"数据库索引\"") == std::vector<std::string>{"zh/1"});  // a phrase of pairs
  CHECK(fixture.search("鲸鱼").total == 0);  // letters no page holds find nothing
  const auto hit = fixture.search("数据库").hits.at(0);
  CHECK(hit.snippet.find("<mark>数据库</mark>") != std::string::npos);
}

TEST_CASE("an unsearchable query says so in its answer", "[review]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  RunningServer server(options);
  auto client = server.client();
  std::string long_word;
  for (int i = 0; i < 33; ++i) long_word += "\xC3\xA9";
  const auto unsearchable = prepsearch::test::get_json(
      client, "/api/search?q=" + httplib::detail::encode_query_param(long_word), 200);
  CHECK(unsearchable["total"] == 0);
  CHECK(unsearchable["unsearchable"] == true);
  const auto plain = prepsearch::test::get_json(client, "/api/search?q=celery", 200);
  CHECK(plain["unsearchable"] == false);
  // A long word beside a searchable one is left out, and the rest is searched.
  const auto mixed = prepsearch::test::get_json(
      client, "/api/search?q=celery%20" + httplib::detail::encode_query_param(long_word), 200);
  CHECK(mixed["total"] == plain["total"]);
  CHECK(mixed["unsearchable"] == false);
}
