// prepsearch-index --shards and searching shards as one: local shards, and remote shards
// served by Debian's stock xapian-tcpsrv, answer the judged queries exactly as one database.
#include "indexer/shards.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "search/search_json.h"
#include "search/searcher.h"

#include "child_process.h"
#include "raw_http.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace prepsearch;
using test::read_file;

namespace {

constexpr char kTcpServer[] = "/usr/bin/xapian-tcpsrv";

std::vector<std::string> all_corpora() {
  std::vector<std::string> paths{test::source_path("corpus")};
  const std::string shared = test::shared_path();
  if (shared.empty()) return paths;
  for (const auto& entry : fs::directory_iterator(shared + "/corpora")) {
    if (fs::exists(entry.path() / "docs.jsonl"))
      paths.push_back((entry.path() / "docs.jsonl").string());
  }
  return paths;
}

void index(const std::string& db, const std::vector<std::string>& paths,
           std::vector<std::string> options = {}) {
  options.insert(options.end(), {"--quiet", "--db", db});
  options.insert(options.end(), paths.begin(), paths.end());
  const auto run = test::run_indexer(options);
  INFO(run.output);
  REQUIRE(run.status == 0);
}

// Waits up to 20 s until xapian-tcpsrv on `port` answers.
bool serving(int port) {
  return test::wait_until(
      [port] {
        try {
          Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(port)).get_doccount();
          return true;
        } catch (const Xapian::NetworkError&) {
          return false;
        }
      },
      std::chrono::seconds(20), std::chrono::milliseconds(50));
}

struct Judged {
  std::string query;
  Filters filters;
};

std::vector<Judged> judged_queries() {
  std::ifstream in(test::source_path("tests/relevance/judged.jsonl"));
  std::vector<Judged> judged;
  for (std::string line; std::getline(in, line);) {
    const auto json = nlohmann::json::parse(line);
    Judged& j = judged.emplace_back();
    j.query = json.at("q");
    if (json.contains("filters")) j.filters = json["filters"].get<Filters>();
  }
  return judged;
}

// The API's answer to `request`, but for the time it took.
nlohmann::json answer(SearchService& service, const SearchRequest& request) {
  auto json = nlohmann::json::parse(search_json(request, service.searcher().search(request), 0));
  json.erase("took_ms");
  return json;
}

// Two answers alike: the same hits, and the same total and facets where both are exact (past
// the exact-count limit each layout estimates them its own way, and says so).
bool alike(nlohmann::json a, nlohmann::json b) {
  if (!a["counts_exact"].get<bool>() || !b["counts_exact"].get<bool>()) {
    for (auto* json : {&a, &b}) {
      if ((*json)["total"].get<std::size_t>() < (*json)["results"].size()) return false;
      for (const char* count : {"total", "facets", "counts_exact"}) json->erase(count);
    }
  }
  return a == b;
}

}  // namespace

TEST_CASE("a sharded rebuild routes each document to the shard of its id", "[shards]") {
  test::ScratchDir dir;
  const std::string data = test::source_path("tests/data/small.jsonl");
  index(dir / "index", {data}, {"--shards", "3"});
  const std::string stub = read_file(dir / "index");
  CHECK(stub ==
        "glass index.gen-000001/shard-0\nglass index.gen-000001/shard-1\n"
        "glass index.gen-000001/shard-2\n");
  Xapian::doccount documents = 0;
  for (unsigned shard = 0; shard < 3; ++shard) {
    const Xapian::Database db(dir / ("index.gen-000001/shard-" + std::to_string(shard)));
    documents += db.get_doccount();
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
      CHECK(shard_of((*it).substr(1), 3) == shard);
    }
    CHECK(db.get_metadata("prepsearch.schema") != "");
    CHECK(db.spellings_begin() != db.spellings_end());  // each holds the whole table
  }
  CHECK(documents == Xapian::Database(dir / "index").get_doccount());

  // Each shard has its own stub too, for the process that serves it alone.
  CHECK(read_file(dir / "index.shard-1") == "glass index.gen-000001/shard-1\n");
  CHECK_FALSE(fs::exists(dir / "index.shard-3"));

  SECTION("a rebuild without --shards keeps the live index's count") {
    index(dir / "index", {data});
    CHECK(read_file(dir / "index").find("index.gen-000002/shard-2") != std::string::npos);
    CHECK(read_file(dir / "index.shard-2") == "glass index.gen-000002/shard-2\n");
  }
  SECTION("a rebuild into one database removes the shards' stubs") {
    index(dir / "index", {data}, {"--shards", "1"});
    CHECK(read_file(dir / "index") == "glass index.gen-000002\n");
    CHECK_FALSE(fs::exists(dir / "index.shard-0"));
    CHECK_FALSE(fs::exists(dir / "index.shard-2"));
  }
  SECTION("--update cannot change the count") {
    const auto run = test::run_indexer({"--update", "--shards", "2", "--db", dir / "index", data});
    CHECK(run.status == 2);
    CHECK_THAT(run.output, Catch::Contains("rebuild it"));
  }
}

TEST_CASE("an update routes added, changed and deleted documents to their shards", "[shards]") {
  test::ScratchDir dir;
  const auto write = [&](const std::string& text) {
    std::ofstream(dir / "c.jsonl", std::ios::trunc) << text;
  };
  std::string records;
  for (int i = 0; i < 20; ++i) {
    records += R"({"id": "doc/)" + std::to_string(i) + R"(", "title": "Record )" +
               std::to_string(i) + R"(", "text": "ordinary words"})" + "\n";
  }
  write(records);
  index(dir / "index", {dir / "c.jsonl"}, {"--shards", "2"});
  // doc/3 changes, doc/4 goes, doc/new arrives.
  std::string next;
  for (int i = 0; i < 20; ++i) {
    if (i == 4) continue;
    next += R"({"id": "doc/)" + std::to_string(i) + R"(", "title": "Record )" + std::to_string(i) +
            R"(", "text": ")" + (i == 3 ? "pelican" : "ordinary words") + "\"}\n";
  }
  next += R"({"id": "doc/new", "title": "Newcomer", "text": "albatross"})"
          "\n";
  write(next);
  const auto run = test::run_indexer({"--update", "--db", dir / "index", dir / "c.jsonl"});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.output, Catch::Contains("1 added, 1 replaced, 1 deleted, 18 unchanged"));
  for (unsigned shard = 0; shard < 2; ++shard) {
    const Xapian::Database db(dir / ("index.gen-000001/shard-" + std::to_string(shard)));
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
      CHECK(shard_of((*it).substr(1), 2) == shard);
    }
  }
  SearchService service(dir / "index");
  SearchRequest request;
  request.query = "albatross";
  CHECK(service.searcher().search(request).total == 1);
  request.query = "pelican";
  CHECK(service.searcher().search(request).total == 1);
  CHECK_FALSE(service.searcher().document("doc/4"));
  CHECK(service.live().open().get_doccount() == 20);
}

TEST_CASE("shards, local or behind xapian-tcpsrv, answer as one database", "[shards]") {
  if (test::shared_path().empty()) WARN("../shared is absent: only corpus/ is split");
  if (!fs::exists(kTcpServer)) FAIL("xapian-tcpsrv is missing: make load-deps installs it");
  test::ScratchDir dir;
  const auto corpora = all_corpora();
  index(dir / "one", corpora);
  index(dir / "sharded", corpora, {"--shards", "2"});

  std::vector<std::unique_ptr<test::ChildProcess>> servers;
  std::string remote_stub;
  for (int shard = 0; shard < 2; ++shard) {
    const std::string path = dir / ("sharded.shard-" + std::to_string(shard));  // its own stub
    int port = 0;
    servers.push_back(test::start_listening(
        [&](int free) {
          return std::vector<std::string>{kTcpServer, "--interface",        "127.0.0.1",
                                          "--port",   std::to_string(free), path};
        },
        port));
    REQUIRE(servers.back());
    REQUIRE(serving(port));
    remote_stub += "remote 127.0.0.1:" + std::to_string(port) + "\n";
  }
  std::ofstream(dir / "remote") << remote_stub;

  SearchService one(dir / "one");
  SearchService local(dir / "sharded");
  SearchService remote(dir / "remote", {}, dir / "sharded");
  REQUIRE(remote.searcher().status().documents == one.searcher().status().documents);

  auto judged = judged_queries();
  judged.push_back({"djnago migrations", {}});  // corrected: spelling from the lexicon
  judged.push_back({"celery", {{"level", {"basic"}}}});
  std::size_t compared = 0, exact = 0;
  for (const auto& j : judged) {
    SearchRequest request;
    request.query = j.query;
    request.filters = j.filters;
    INFO("query: " << j.query);
    const auto expected = answer(one, request);
    CHECK(alike(answer(local, request), expected));
    CHECK(alike(answer(remote, request), expected));
    if (expected["counts_exact"].get<bool>()) ++exact;
    // The documents the hits name read back alike.
    for (const auto& hit : expected["results"]) {
      const std::string id = hit["id"];
      const auto document = one.searcher().document(id);
      REQUIRE(document);
      const auto from_remote = remote.searcher().document(id);
      REQUIRE(from_remote);
      CHECK(document_json(*from_remote, remote.searcher().translations(*from_remote)) ==
            document_json(*document, one.searcher().translations(*document)));
    }
    ++compared;
  }
  CHECK(compared >= 90);
  CHECK(exact >= compared / 2);  // most of them compare their counts too
  SearchRequest typo;
  typo.query = "djnago migrations";
  CHECK(remote.searcher().search(typo).suggestion ==
        std::optional<std::string>("django migrations"));
  CHECK(remote.searcher().suggest("sele") == one.searcher().suggest("sele"));

  // A rebuild reaches the remote shards without a restart: xapian-tcpsrv opens each shard's
  // stub afresh for a new connection, and the server notices the new databases' UUIDs.
  std::ofstream(dir / "extra.jsonl") << R"({"id": "x/1", "title": "Zebrafish", "text": "fins"})"
                                     << "\n";
  SearchRequest zebrafish;
  zebrafish.query = "zebrafish";
  REQUIRE(remote.searcher().search(zebrafish).total == 0);
  auto more = corpora;
  more.push_back(dir / "extra.jsonl");
  index(dir / "sharded", more);
  test::wait_until([&] { return remote.searcher().search(zebrafish).total > 0; },
                   std::chrono::seconds(20), std::chrono::milliseconds(100));
  CHECK(remote.searcher().search(zebrafish).total == 1);
  CHECK(remote.searcher().status().generation == 2);
}
