// Faults while indexing and serving: the indexer killed at random moments, a full disk, a
// read-only database folder, reindexing while searches run. Real processes and sockets on
// 127.0.0.1; each test is bounded and stops by itself.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "child_process.h"
#include "raw_http.h"
#include "running_server.h"
#include "test_support.h"

namespace fs = std::filesystem;
using prepsearch::test::ChildProcess;
using prepsearch::test::run_indexer;
using prepsearch::test::RunningServer;
using prepsearch::test::ScratchDir;
using prepsearch::test::source_path;
using prepsearch::test::wait_until;

namespace {

using Clock = std::chrono::steady_clock;

// `count` records of 60 words, `marked` of them holding "zebrafish": enough work for the
// indexer to be killed in the middle of it.
std::string generated_records(std::size_t count, std::size_t marked, unsigned seed) {
  return prepsearch::test::generated_records({"gen", count, 60, marked, "zebrafish", seed});
}

Xapian::doccount documents_in(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// The directory entries beside the stub `db` (its folder holds nothing else).
std::set<std::string> entries(const std::string& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename());
  return names;
}

nlohmann::json health(httplib::Client& client) {
  const auto res = client.Get("/healthz");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return nlohmann::json::parse(res->body);
}

}  // namespace

TEST_CASE("the indexer killed at random moments: the old generation serves, nothing is lost",
          "[faults]") {
  ScratchDir dir;
  const std::string db = dir / "index";
  prepsearch::test::write_file(dir / "big.jsonl", generated_records(8000, 50, 7));
  const std::vector<std::string> rebuild = {"--quiet", "--db", db, source_path("corpus"),
                                            dir / "big.jsonl"};
  // A run's length: the shorter of two (the second with a warm cache), so that the kills
  // below land inside later runs, however busy the machine is.
  auto full_run = Clock::duration::max();
  for (int run = 0; run < 2; ++run) {
    const auto start = Clock::now();
    REQUIRE(run_indexer(rebuild).status == 0);
    full_run = std::min(full_run, Clock::now() - start);
  }
  const auto expected = documents_in(db);

  prepsearch::ServerOptions options;
  options.db = db;
  RunningServer server(options);
  auto client = server.client();
  const auto live = health(client)["generation"].get<unsigned>();

  std::mt19937 random(42);
  int killed_mid_run = 0;
  for (int trial = 0; trial < 20; ++trial) {
    // Spread over the first three quarters of a run as long as the first (later runs may be
    // quicker, the cache warm): reading, locking, flushing worker parts, merging, publishing.
    const auto delay = full_run * 0.75 * (trial + static_cast<double>(random() % 10) / 10.0) / 20;
    std::vector<std::string> argv = {PREPSEARCH_INDEX_BIN};
    argv.insert(argv.end(), rebuild.begin(), rebuild.end());
    ChildProcess indexer(argv, {"/dev/null", dir / "kill.log"});
    std::this_thread::sleep_for(delay);
    if (WIFSIGNALED(indexer.stop(SIGKILL))) ++killed_mid_run;
    INFO("trial " << trial);
    // Still serving a whole generation: the old one, or the new one if it was published.
    const auto now = health(client);
    CHECK(now["documents"].get<Xapian::doccount>() == expected);
    const auto res = client.Get("/api/search?q=zebrafish&limit=1");
    REQUIRE(res);
    CHECK(nlohmann::json::parse(res->body)["total"] == 50);
  }
  CHECK(killed_mid_run >= 10);  // most trials killed it before it exited
  // The next run succeeds, loses nothing and leaves nothing behind.
  const auto after = run_indexer(rebuild);
  INFO(after.output);
  REQUIRE(after.status == 0);
  CHECK(documents_in(db) == expected);
  const auto names = entries(dir.path());
  std::size_t generations = 0;
  for (const auto& name : names) {
    if (name.rfind("index.gen-", 0) == 0) ++generations;
    CHECK(name.find("tmp") == std::string::npos);
  }
  CHECK(generations == 1);
  // The server follows the new generation (it looks for one every few hundred ms).
  CHECK(wait_until([&] { return health(client)["generation"].get<unsigned>() > live; },
                   std::chrono::seconds(5), std::chrono::milliseconds(100)));
}

TEST_CASE("a full disk and a read-only folder: a clear error, the live index intact", "[faults]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot mount a small tmpfs; skipped");
    return;
  }
  ScratchDir scratch;
  const std::string mount_point = scratch / "disk";
  fs::create_directory(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=24m") != 0) {
    WARN("mount(tmpfs) refused here; skipped");
    return;
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  const std::string db = mount_point + "/index";
  REQUIRE(run_indexer({"--quiet", "--db", db, source_path("corpus")}).status == 0);
  const auto expected = documents_in(db);
  const auto before = entries(mount_point);
  prepsearch::ServerOptions options;
  options.db = db;
  RunningServer server(options);
  auto client = server.client();
  const auto generation = health(client)["generation"];

  // 20,000 records do not fit in what is left of 24 MB.
  prepsearch::test::write_file(scratch / "big.jsonl", generated_records(20000, 0, 3));
  const auto full =
      run_indexer({"--quiet", "--db", db, source_path("corpus"), scratch / "big.jsonl"});
  INFO(full.output);
  CHECK(full.status == 1);
  CHECK(full.output.find("No space left on device") != std::string::npos);
  CHECK(full.output.find("the live index at " + db + " is unchanged") != std::string::npos);
  CHECK(entries(mount_point) == before);  // the partial generation is gone
  CHECK(documents_in(db) == expected);
  CHECK(health(client)["generation"] == generation);

  REQUIRE(::mount("tmpfs", mount_point.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=24m") == 0);
  for (const bool update : {false, true}) {
    std::vector<std::string> args = {"--quiet", "--db", db, source_path("corpus")};
    if (update) args.push_back("--update");
    const auto read_only = run_indexer(args);
    INFO(read_only.output);
    CHECK(read_only.status == 1);
    CHECK(read_only.output.find("Read-only file system") != std::string::npos);
    CHECK(read_only.output.find("is unchanged") != std::string::npos);
  }
  CHECK(documents_in(db) == expected);
  CHECK(health(client)["generation"] == generation);
}

TEST_CASE("rebuilds and updates while searches run: no failed request, one generation each",
          "[faults]") {
  ScratchDir dir;
  const std::string db = dir / "index";
  // Two versions of the corpus: zebrafish in 10 records, or in 20.
  prepsearch::test::write_file(dir / "a.jsonl", generated_records(400, 10, 1));
  prepsearch::test::write_file(dir / "b.jsonl", generated_records(400, 20, 1));
  REQUIRE(run_indexer({"--quiet", "--db", db, source_path("corpus"), dir / "a.jsonl"}).status == 0);
  prepsearch::ServerOptions options;
  options.db = db;
  RunningServer server(options);

  std::atomic<bool> running{true};
  std::atomic<int> answered{0}, failed{0}, mixed{0};
  std::vector<std::thread> clients;
  clients.reserve(4);
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      auto client = server.client();
      while (running) {
        const auto res = client.Get("/api/search?q=zebrafish&limit=30");
        if (!res || res->status != 200) {
          ++failed;
          continue;
        }
        const auto body = nlohmann::json::parse(res->body);
        // A whole generation has 10 or 20, and as many results as its total.
        const auto total = body["total"].get<int>();
        if ((total != 10 && total != 20) || static_cast<int>(body["results"].size()) != total)
          ++mixed;
        ++answered;
      }
    });
  }
  for (int run = 0; run < 12; ++run) {
    const std::string corpus = dir / (run % 2 == 0 ? "b.jsonl" : "a.jsonl");
    std::vector<std::string> args = {"--quiet", "--db", db, source_path("corpus"), corpus};
    if (run % 3 == 1) args.push_back("--update");
    const auto result = run_indexer(args);
    INFO(result.output);
    REQUIRE(result.status == 0);
  }
  running = false;
  for (auto& client : clients) client.join();
  CHECK(answered > 100);
  CHECK(failed == 0);
  CHECK(mixed == 0);
}

TEST_CASE("SIGTERM under load: no answer is cut short, and a restart serves at once", "[faults]") {
  ScratchDir dir;
  const std::string db = dir / "index";
  REQUIRE(run_indexer({"--quiet", "--db", db, source_path("corpus")}).status == 0);
  const auto argv_for = [&](int on) {
    return std::vector<std::string>{
        PREPSEARCH_SERVE_BIN, "--db", db, "--port", std::to_string(on), "--quiet",
        "--search-rate",      "0"};
  };
  // A port no other test took first (start_listening tries another if one did); the restart
  // takes the same one back.
  int port = 0;
  auto server = prepsearch::test::start_listening(argv_for, port);
  REQUIRE(server);
  const auto start_server = [&] { return std::make_unique<ChildProcess>(argv_for(port)); };
  const auto serving = [&] {
    return prepsearch::test::exchange_one(port,
                                          "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: "
                                          "close\r\n\r\n")
               .status == 200;
  };
  const auto wait_until_serving = [&] {
    const auto started = Clock::now();
    wait_until(serving, std::chrono::seconds(10), std::chrono::milliseconds(5));
    return Clock::now() - started;
  };
  REQUIRE(serving());

  std::atomic<bool> running{true};
  std::atomic<bool> restarted{false};
  std::atomic<int> whole{0}, whole_after_restart{0}, cut{0}, unanswered{0};
  std::vector<std::thread> clients;
  clients.reserve(4);
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      const std::string request =
          "GET /api/search?q=django&limit=50 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
      while (running) {
        const auto answer = prepsearch::test::exchange_one(port, request);
        if (answer.status == 0) {
          ++unanswered;  // refused while the server was down: never accepted
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          continue;
        }
        const auto length = prepsearch::test::header_value(answer.head, "Content-Length");
        if (answer.status == 200 && !length.empty() && answer.body.size() == std::stoul(length)) {
          ++whole;
          if (restarted) ++whole_after_restart;
        } else {
          ++cut;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int status = server->stop(SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  server = start_server();
  const auto back_in = wait_until_serving();
  restarted = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  running = false;
  for (auto& client : clients) client.join();
  server->stop(SIGTERM);
  std::printf(
      "SIGTERM under load: %d whole answers, %d cut, %d refused while down; serving "
      "again %lld ms after the restart\n",
      whole.load(), cut.load(), unanswered.load(),
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(back_in).count()));
  // Answers on both sides of the restart; how many is a speed, not a pass/fail matter.
  CHECK(whole - whole_after_restart > 0);
  CHECK(whole_after_restart > 0);
  CHECK(cut == 0);
  CHECK(back_in < std::chrono::seconds(5));  // a bound on starting at all, not a speed target
}
