// A new user's first hour (issue 25): a second server on a taken port, an empty or partial
// reindex, a mistyped CORS origin or flag, an unclosed front matter. Real binaries, real
// sockets on 127.0.0.1; each case failed on the landed main before its fix.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "server/origin.h"

#include "child_process.h"
#include "raw_http.h"
#include "running_server.h"
#include "search_fixture.h"
#include "test_support.h"

namespace fs = std::filesystem;
using prepsearch::test::run_command;
using prepsearch::test::run_indexer;
using prepsearch::test::RunResult;
using prepsearch::test::ScratchDir;
using prepsearch::test::source_path;

namespace {

// prepsearch-serve with `args`, stopped after 10 s if it is still running (then status 124):
// a server that should have refused to start must not hang the test.
RunResult serve_briefly(const std::vector<std::string>& args) {
  std::vector<std::string> command = {"10", PREPSEARCH_SERVE_BIN};
  command.insert(command.end(), args.begin(), args.end());
  return run_command("/usr/bin/timeout", command);
}

Xapian::doccount documents_in(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// Writes a JSONL file of `count` records.
void write_records(const std::string& path, std::size_t count) {
  prepsearch::test::write_file(path, prepsearch::test::generated_records({"r", count}));
}

}  // namespace

TEST_CASE("a second server on a port in use is refused, unless it asks to share", "[first-hour]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  prepsearch::test::RunningServer first(options);
  const std::string port = std::to_string(first.port());
  const auto second = serve_briefly({"--db", fixture.db(), "--port", port, "--query-log", "off"});
  CHECK(second.status == 1);
  CHECK(second.output.find("cannot listen on 127.0.0.1:" + port + ": Address already in use") !=
        std::string::npos);
  CHECK(second.output.find("serving") == std::string::npos);
}

TEST_CASE("two servers share a port on purpose with --reuse-port", "[first-hour]") {
  prepsearch::test::SearchFixture fixture;
  int port = 0;
  const auto argv = [&](int p) {
    return std::vector<std::string>{PREPSEARCH_SERVE_BIN, "--db",        fixture.db(), "--port",
                                    std::to_string(p),    "--query-log", "off",        "--quiet",
                                    "--reuse-port"};
  };
  const auto old_server = prepsearch::test::start_listening(argv, port);
  REQUIRE(old_server);
  // The new one binds beside the old (a restart without a gap): a second later both still
  // run (a refused bind ends the process at once), and the port answers.
  prepsearch::test::ChildProcess new_server(argv(port));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(new_server.running());
  CHECK(old_server->running());
  const auto answer = prepsearch::test::exchange_one(
      port, "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(answer.status == 200);
}

TEST_CASE("a reindex that finds no documents, or far fewer, leaves the live index",
          "[first-hour]") {
  ScratchDir dir;
  const std::string db = dir / "index";
  write_records(dir / "all.jsonl", 10);
  REQUIRE(run_indexer({"--quiet", "--db", db, dir / "all.jsonl"}).status == 0);
  fs::create_directory(dir / "empty");
  for (const bool update : {false, true}) {
    std::vector<std::string> args = {"--db", db, dir / "empty"};
    if (update) args.insert(args.begin(), "--update");
    const auto empty = run_indexer(args);
    CHECK(empty.status == 1);
    CHECK(empty.output.find("found no documents in " + (dir / "empty")) != std::string::npos);
    CHECK(empty.output.find("the live index at " + db + " is unchanged") != std::string::npos);
    CHECK(documents_in(db) == 10);
  }
  write_records(dir / "few.jsonl", 4);
  const auto shrink = run_indexer({"--db", db, dir / "few.jsonl"});
  CHECK(shrink.status == 1);
  CHECK(shrink.output.find("hold 4 documents, the live index 10") != std::string::npos);
  CHECK(shrink.output.find("--allow-shrink") != std::string::npos);
  CHECK(documents_in(db) == 10);
  CHECK(run_indexer({"--update", "--db", db, dir / "few.jsonl"}).status == 1);
  CHECK(documents_in(db) == 10);
  // Half is kept without a word; below half with --allow-shrink.
  write_records(dir / "half.jsonl", 5);
  CHECK(run_indexer({"--quiet", "--db", db, dir / "half.jsonl"}).status == 0);
  CHECK(documents_in(db) == 5);
  CHECK(run_indexer({"--quiet", "--allow-shrink", "--db", db, dir / "few.jsonl"}).status == 0);
  CHECK(documents_in(db) == 4);
  // With --allow-shrink an empty run is still refused.
  CHECK(run_indexer({"--allow-shrink", "--db", db, dir / "empty"}).status == 1);
  CHECK(documents_in(db) == 4);
}

TEST_CASE("origins are checked at start and written as browsers send them", "[first-hour]") {
  using prepsearch::normal_origin;
  CHECK(normal_origin("*") == "*");
  CHECK(normal_origin("http://127.0.0.1:9000") == "http://127.0.0.1:9000");
  CHECK(normal_origin("HTTPS://WWW.Example.com") == "https://www.example.com");
  CHECK(normal_origin("https://www.example.com:443") == "https://www.example.com");
  CHECK(normal_origin("http://[::1]:8000") == "http://[::1]:8000");
  for (const char* bad : {"127.0.0.1:9000", "http://127.0.0.1:9000/", "http://a.com/path",
                          "ftp://a.com", "http://", "http://a.com:0", "http://a.com:99999",
                          "http://u@a.com", "http://a b.com", "http://a.com:8o"}) {
    INFO(bad);
    CHECK_THROWS_AS(normal_origin(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(normal_origin("http://127.0.0.1:9000/"),
                    Catch::Contains("write http://127.0.0.1:9000"));
  // At start: a usage error naming the value, before anything is served.
  prepsearch::test::SearchFixture fixture;
  for (const std::string bad : {"127.0.0.1:9000", "http://127.0.0.1:9000/"}) {
    const auto run = serve_briefly({"--db", fixture.db(), "--port", "0", "--cors-origin", bad});
    CHECK(run.status == 2);
    CHECK(run.output.find("'" + bad + "' is not an origin") != std::string::npos);
  }
}

TEST_CASE("a CORS origin given in capitals or with its default port still matches",
          "[first-hour]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.cors_origins = {prepsearch::normal_origin("HTTPS://Docs.Example.com:443")};
  prepsearch::test::RunningServer server(options);
  const auto answer = prepsearch::test::exchange_one(
      server.port(),
      "GET /api/search?q=celery HTTP/1.1\r\nHost: t\r\nOrigin: https://docs.example.com\r\n"
      "Connection: close\r\n\r\n");
  CHECK(prepsearch::test::header_value(answer.head, "Access-Control-Allow-Origin") ==
        "https://docs.example.com");
}

TEST_CASE("a mistyped flag is named, and a --db folder that does not exist is said so",
          "[first-hour]") {
  const auto unknown = run_indexer({"--dbb", "x", source_path("corpus")});
  CHECK(unknown.status == 2);
  CHECK(unknown.output.find("--dbb") != std::string::npos);
  const auto serve = serve_briefly({"--dbb", "x"});
  CHECK(serve.status == 2);
  CHECK(serve.output.find("--dbb") != std::string::npos);
  const auto query = run_command(PREPSEARCH_QUERY_BIN, {"--dbb", "x", "celery"});
  CHECK(query.status == 2);
  CHECK(query.output.find("--dbb") != std::string::npos);
  ScratchDir dir;
  const std::string missing = dir / "no/such/index";
  const auto run = run_indexer({"--db", missing, source_path("corpus")});
  CHECK(run.status == 2);
  CHECK(run.output.find("the folder " + (dir / "no/such") + " of --db " + missing +
                        " does not exist") != std::string::npos);
  CHECK(run.output.find("lock file") == std::string::npos);
  CHECK_FALSE(fs::exists(dir / "no"));
}
