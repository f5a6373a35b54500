// POST /api/docs and DELETE /api/docs/{id} over real sockets: the admin token, a batch
// checked whole, visible to the next search, one writer at a time, and durable once answered.
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/doc_writes.h"
#include "indexer/generations.h"

#include "child_process.h"
#include "running_server.h"
#include "test_support.h"

using nlohmann::json;
using prepsearch::test::get_json;
using prepsearch::test::run_indexer;
using prepsearch::test::RunningServer;
using prepsearch::test::source_path;

namespace {

const std::string kToken = "write-test-admin-token-0123456789";
const httplib::Headers kAdmin = {{"Authorization", "Bearer " + kToken}};

struct Served {
  prepsearch::test::ScratchDir dir;
  std::string db = dir / "index";
  std::unique_ptr<RunningServer> server;

  explicit Served(bool with_token = true) {
    REQUIRE(run_indexer({"--db", db, source_path("corpus")}).status == 0);
    prepsearch::ServerOptions options;
    options.db = db;
    if (with_token) {
      prepsearch::test::write_file(dir / "token", kToken + "\n");
      options.admin_token_file = dir / "token";
    }
    server = std::make_unique<RunningServer>(options);
  }
};

std::size_t hits(httplib::Client& client, const std::string& q) {
  return get_json(client, "/api/search?q=" + q, 200)["results"].size();
}

const std::string kBatch =
    "{\"id\": \"api/1\", \"title\": \"Zebrafish husbandry\", \"text\": \"Tanks.\"}\n"
    "{\"id\": \"api/2\", \"title\": \"Zebrafish genetics\", \"tags\": [\"lab\"]}\n";

}  // namespace

TEST_CASE("without an admin token the server takes no writes: 405", "[writes][server]") {
  Served served(false);
  auto client = served.server->client();
  const auto post = client.Post("/api/docs", kAdmin, kBatch, "application/x-ndjson");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(post->get_header_value("Allow") == "OPTIONS");
  const auto del = client.Delete("/api/docs/django%2Fscalability", kAdmin);
  REQUIRE(del);
  CHECK(del->status == 405);
  CHECK(del->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  CHECK(hits(client, "zebrafish") == 0);
}

TEST_CASE("a write without the token is 401, with another 403, and changes nothing",
          "[writes][server]") {
  Served served;
  auto client = served.server->client();
  const auto none = client.Post("/api/docs", kBatch, "application/x-ndjson");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
  CHECK(json::parse(none->body)["error"]["code"] == "unauthorized");
  const httplib::Headers wrong = {{"Authorization", "Bearer " + kToken + "x"}};
  const auto other = client.Post("/api/docs", wrong, kBatch, "application/x-ndjson");
  REQUIRE(other);
  CHECK(other->status == 403);
  const auto del = client.Delete("/api/docs/django%2Fscalability");
  REQUIRE(del);
  CHECK(del->status == 401);
  // A body past the events' 2 KB is read only from the token's holder.
  const auto big = client.Post("/api/docs", std::string(4096, ' '), "application/x-ndjson");
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(hits(client, "zebrafish") == 0);
  CHECK_FALSE(std::filesystem::exists(prepsearch::journal_path(served.db)));
}

TEST_CASE("a batch is applied whole and the next search finds it; a bad one not at all",
          "[writes][server]") {
  Served served;
  auto client = served.server->client();
  const auto bad =
      client.Post("/api/docs", kAdmin,
                  kBatch + "{\"id\": \"api/3\", \"level\": \"expert\", \"title\": \"x\"}\n",
                  "application/x-ndjson");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  const json error = json::parse(bad->body)["error"];
  CHECK(error["code"] == "invalid_document");
  CHECK(error["message"].get<std::string>().find("line 3: unknown level \"expert\"") == 0);
  CHECK(hits(client, "zebrafish") == 0);

  const auto good = client.Post("/api/docs", kAdmin, kBatch, "application/x-ndjson");
  REQUIRE(good);
  CHECK(good->status == 200);
  CHECK(json::parse(good->body) ==
        json({{"documents", 2}, {"added", 2}, {"replaced", 0}, {"unchanged", 0}}));
  CHECK(hits(client, "zebrafish") == 2);  // no wait: visible to the very next search
  CHECK(get_json(client, "/api/docs/api%2F2", 200)["tags"] == json({"lab"}));

  const auto del = client.Delete("/api/docs/api%2F1", kAdmin);
  REQUIRE(del);
  CHECK(del->status == 200);
  CHECK(hits(client, "zebrafish") == 1);
  const auto again = client.Delete("/api/docs/api%2F1", kAdmin);
  REQUIRE(again);
  CHECK(again->status == 404);
}

TEST_CASE("while prepsearch-index writes, a write gets 409 with Retry-After", "[writes][server]") {
  Served served;
  auto client = served.server->client();
  {
    prepsearch::IndexLock indexing(served.db);
    const auto busy = client.Post("/api/docs", kAdmin, kBatch, "application/x-ndjson");
    REQUIRE(busy);
    CHECK(busy->status == 409);
    CHECK(busy->get_header_value("Retry-After") == "5");
    CHECK(json::parse(busy->body)["error"]["code"] == "conflict");
  }
  const auto later = client.Post("/api/docs", kAdmin, kBatch, "application/x-ndjson");
  REQUIRE(later);
  CHECK(later->status == 200);
}

TEST_CASE("an answered write survives SIGKILL right after the answer", "[writes][server]") {
  prepsearch::test::ScratchDir dir;
  const std::string db = dir / "index";
  REQUIRE(run_indexer({"--db", db, source_path("corpus")}).status == 0);
  prepsearch::test::write_file(dir / "token", kToken + "\n");
  int port = 0;
  auto server = prepsearch::test::start_listening(
      [&](int p) {
        return std::vector<std::string>{
            PREPSEARCH_SERVE_BIN, "--db",       db, "--port", std::to_string(p), "--quiet",
            "--admin-token-file", dir / "token"};
      },
      port);
  REQUIRE(server);
  httplib::Client client("127.0.0.1", port);
  std::string batch;
  for (int i = 0; i < 200; ++i)
    batch += "{\"id\": \"k/" + std::to_string(i) + "\", \"title\": \"Killed " + std::to_string(i) +
             "\"}\n";
  const auto answer = client.Post("/api/docs", kAdmin, batch, "application/x-ndjson");
  server->stop(SIGKILL);
  REQUIRE(answer);
  REQUIRE(answer->status == 200);
  Xapian::Database after(db);
  CHECK(after.get_doccount() == 92 + 200);
  CHECK(prepsearch::find_document(after, "k/199"));
}
