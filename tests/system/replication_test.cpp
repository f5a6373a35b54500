// Replicas on Xapian's own replication: a primary indexes and runs xapian-replicate-server
// over its folder; two replicas run xapian-replicate into folders of their own and a
// prepsearch-serve over each; nginx balances over them. All processes on 127.0.0.1.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "child_process.h"
#include "raw_http.h"
#include "running_nginx.h"
#include "running_server.h"
#include "test_support.h"

namespace {

using Clock = std::chrono::steady_clock;
using Process = prepsearch::test::ChildProcess;
using prepsearch::test::exchange_one;
using prepsearch::test::run_indexer;
using prepsearch::test::ScratchDir;
using prepsearch::test::source_path;

constexpr char kReplicateServer[] = "/usr/bin/xapian-replicate-server";
constexpr char kReplicate[] = "/usr/bin/xapian-replicate";

// `count` records, `marked` of them holding "zebrafish".
std::string records(std::size_t count, std::size_t marked) {
  return prepsearch::test::generated_records({"rep", count, 3, marked});
}

nlohmann::json get(int port, const std::string& target) {
  const auto answer =
      exchange_one(port, "GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  if (answer.status != 200) return nullptr;
  return nlohmann::json::parse(answer.body, nullptr, false);
}

int zebrafish(int port) {
  const auto body = get(port, "/api/search?q=zebrafish&limit=1");
  return body.is_object() ? body["total"].get<int>() : -1;
}

// Waits up to 20 s for `done`; true if it came.
bool eventually(const std::function<bool()>& done) {
  return prepsearch::test::wait_until(done, std::chrono::seconds(20),
                                      std::chrono::milliseconds(50));
}

}  // namespace

TEST_CASE("replicas follow the primary's rebuilds and updates, and a stopped one loses nothing",
          "[replication][nginx]") {
  if (::access(kReplicate, X_OK) != 0) {
    if (std::getenv("PREPSEARCH_REQUIRE_BROWSER") != nullptr) FAIL("xapian-tools is not installed");
    WARN("xapian-tools is not installed: skipped");
    return;
  }
  if (!prepsearch::test::have_nginx()) return;
  // --update on the primary keeps changesets, so replicas follow it without a full copy.
  ::setenv("XAPIAN_MAX_CHANGESETS", "10", 1);
  ScratchDir primary, replica_a, replica_b;
  const std::string db = primary / "index";
  prepsearch::test::write_file(primary / "ten.jsonl", records(300, 10));
  prepsearch::test::write_file(primary / "twenty.jsonl", records(300, 20));
  REQUIRE(
      run_indexer({"--quiet", "--db", db, source_path("corpus"), primary / "ten.jsonl"}).status ==
      0);

  // xapian-replicate gives up when its first connection is refused: wait for the listener.
  int replication_port = 0;
  const auto server = prepsearch::test::start_listening(
      [&](int port) {
        return std::vector<std::string>{kReplicateServer, "-p", std::to_string(port),
                                        primary.path()};
      },
      replication_port);
  REQUIRE(server);
  std::vector<std::unique_ptr<Process>> clients;
  for (const auto* replica : {&replica_a, &replica_b}) {
    clients.push_back(std::make_unique<Process>(std::vector<std::string>{
        kReplicate, "-h", "127.0.0.1", "-p", std::to_string(replication_port), "-m", "index", "-i",
        "1", (*replica) / "index"}));
  }
  // The first copy is whole once the replica opens as a database (its stub may come first).
  for (const auto* replica : {&replica_a, &replica_b}) {
    REQUIRE(eventually([&] {
      try {
        return Xapian::Database((*replica) / "index").get_doccount() > 0;
      } catch (const Xapian::Error&) {
        return false;
      }
    }));
  }
  prepsearch::ServerOptions options;
  options.db = replica_a / "index";
  auto serve_a = std::make_unique<prepsearch::test::RunningServer>(options);
  options.db = replica_b / "index";
  prepsearch::test::RunningServer serve_b(options);
  const int port_a = serve_a->port();
  const int port_b = serve_b.port();
  CHECK(zebrafish(port_a) == 10);
  CHECK(zebrafish(port_b) == 10);
  prepsearch::test::RunningNginx nginx(port_a, port_b);

  // Searches through nginx all along: each answer is whole, from one whole generation.
  std::atomic<bool> searching{true};
  std::atomic<int> answered{0}, failed{0}, mixed{0};
  std::thread stream([&] {
    while (searching) {
      const auto body = get(nginx.port(), "/api/search?q=zebrafish&limit=30");
      if (!body.is_object()) {
        ++failed;
        continue;
      }
      const int total = body["total"];
      if ((total != 10 && total != 20) || static_cast<int>(body["results"].size()) != total)
        ++mixed;
      ++answered;
    }
  });

  // A rebuild is a new generation (a new database): each replica gets a full copy.
  REQUIRE(run_indexer({"--quiet", "--db", db, source_path("corpus"), primary / "twenty.jsonl"})
              .status == 0);
  CHECK(eventually([&] { return zebrafish(port_a) == 20 && zebrafish(port_b) == 20; }));
  // Both on the new generation. Not at once: a server's threads take up a change at its next
  // poll, and a thread starting before that can already see it.
  const auto generation = [&](int port) { return get(port, "/healthz")["generation"]; };
  CHECK(eventually([&] {
    const auto on_a = generation(port_a);
    return on_a == generation(port_b) && on_a.get<unsigned>() >= 2;
  }));
  const auto rebuilt = generation(port_a);

  // An --update changes the live generation in place: replicas apply its changeset.
  REQUIRE(
      run_indexer({"--quiet", "--update", "--db", db, source_path("corpus"), primary / "ten.jsonl"})
          .status == 0);
  CHECK(eventually([&] { return zebrafish(port_a) == 10 && zebrafish(port_b) == 10; }));
  CHECK(generation(port_a) == rebuilt);

  // One replica stops in the middle of the stream: nginx sends its searches to the other.
  const int before = answered;
  serve_a.reset();
  CHECK(eventually([&] { return answered > before + 100; }));
  searching = false;
  stream.join();
  CHECK(answered > 100);
  CHECK(failed == 0);
  CHECK(mixed == 0);
}

TEST_CASE("a write over HTTP on the primary reaches a replica as an update does",
          "[replication][writes]") {
  if (::access(kReplicate, X_OK) != 0) {
    if (std::getenv("PREPSEARCH_REQUIRE_BROWSER") != nullptr) FAIL("xapian-tools is not installed");
    WARN("xapian-tools is not installed: skipped");
    return;
  }
  ::setenv("XAPIAN_MAX_CHANGESETS", "10", 1);  // the server's commits keep changesets
  ScratchDir primary, replica;
  const std::string db = primary / "index";
  REQUIRE(run_indexer({"--quiet", "--db", db, source_path("corpus")}).status == 0);
  int replication_port = 0;
  const auto server = prepsearch::test::start_listening(
      [&](int port) {
        return std::vector<std::string>{kReplicateServer, "-p", std::to_string(port),
                                        primary.path()};
      },
      replication_port);
  REQUIRE(server);
  Process client({kReplicate, "-h", "127.0.0.1", "-p", std::to_string(replication_port), "-m",
                  "index", "-i", "1", replica / "index"});
  REQUIRE(eventually([&] {
    try {
      return Xapian::Database(replica / "index").get_doccount() > 0;
    } catch (const Xapian::Error&) {
      return false;
    }
  }));
  const std::string token = "replication-test-token-0123456789";
  prepsearch::test::write_file(primary / "token", token + "\n");
  prepsearch::ServerOptions options;
  options.db = db;
  options.admin_token_file = primary / "token";
  prepsearch::test::RunningServer writer(options);
  options = {};
  options.db = replica / "index";
  prepsearch::test::RunningServer reader(options);
  REQUIRE(zebrafish(reader.port()) == 0);

  auto http = writer.client();
  const httplib::Headers admin = {{"Authorization", "Bearer " + token}};
  const auto posted = http.Post("/api/docs", admin, records(20, 5), "application/x-ndjson");
  REQUIRE(posted);
  REQUIRE(posted->status == 200);
  CHECK(zebrafish(writer.port()) == 5);
  CHECK(eventually([&] { return zebrafish(reader.port()) == 5; }));
  const auto deleted = http.Delete("/api/docs/rep%2F0", admin);
  REQUIRE(deleted);
  REQUIRE(deleted->status == 200);
  CHECK(eventually([&] { return zebrafish(reader.port()) == 4; }));
}
