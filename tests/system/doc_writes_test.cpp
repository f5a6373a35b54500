// Documents written in place (what POST and DELETE /api/docs call): a batch checked whole,
// journaled, applied, and kept by later runs from files.
#include "indexer/doc_writes.h"

#include <filesystem>

#include <catch2/catch.hpp>

#include "core/document.h"

#include "indexer/generations.h"

#include "test_support.h"

using prepsearch::BatchError;
using prepsearch::parse_doc_batch;
using prepsearch::test::read_file;
using prepsearch::test::run_indexer;
using prepsearch::test::source_path;

namespace {

// The message of the BatchError `body` raises, or "" if it parses.
std::string batch_error(const std::string& body) {
  try {
    parse_doc_batch(body, "en");
  } catch (const BatchError& e) {
    return e.what();
  }
  return "";
}

std::optional<prepsearch::Document> find(const std::string& db, const std::string& id) {
  return prepsearch::find_document(Xapian::Database(db), id);
}

}  // namespace

TEST_CASE("a batch is checked whole, naming the first bad line and field", "[writes]") {
  const auto batch = parse_doc_batch(
      "{\"id\": \"api/1\", \"title\": \"One\", \"tags\": [\"a\"]}\n\n"
      "{\"id\": \"api/2\", \"text\": \"Two\", \"language\": \"es\"}\r\n",
      "uk");
  REQUIRE(batch.documents.size() == 2);
  CHECK(batch.documents[0].language == "uk");  // the server's default fills it
  CHECK(batch.documents[1].language == "es");
  CHECK(batch.documents[0].source == "POST /api/docs");

  CHECK(batch_error("{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": 7}\n") ==
        "line 2: field \"title\" must be a string");
  CHECK(batch_error("{\"id\": \"a\", \"title\": \"A\"}\nnot json\n") == "line 2: invalid JSON");
  CHECK(batch_error("{\"title\": \"A\"}") == "line 1: record has no \"id\"");
  CHECK(batch_error("{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"a\", \"title\": \"B\"}") ==
        "line 2: id \"a\" is in the batch twice (first on line 1)");
  CHECK(batch_error("{\"id\": \"a\", \"title\": \"A\", \"level\": \"expert\"}")
            .find("line 1: unknown level \"expert\"") == 0);
  CHECK(batch_error("\n \n") == "line 1: no document: send one JSON object a line");
  CHECK(batch_error("{\"id\": \"a\", \"title\": \"\xff\"}") == "line 1: invalid UTF-8");
  CHECK(batch_error("{\"id\": \"" + std::string(201, 'x') + "\", \"title\": \"A\"}") ==
        "line 1: field \"id\" is 201 bytes; at most 200 are allowed");
  CHECK(batch_error("{\"id\": \"a\", \"text\": \"" + std::string((1u << 20) + 1, 'y') + "\"}") ==
        "line 1: field \"text\" is over 1 MiB");
  std::string many;
  for (int i = 0; i <= 1000; ++i)
    many += "{\"id\": \"m/" + std::to_string(i) + "\", \"title\": \"M\"}\n";
  CHECK(batch_error(many) ==
        "line 1001: a batch holds at most 1000 documents: send the rest in another");
}

TEST_CASE("written documents are in the index and the journal; a deletion too", "[writes]") {
  prepsearch::test::ScratchDir dir;
  const std::string db = dir / "index";
  REQUIRE(run_indexer({"--db", db, source_path("corpus")}).status == 0);
  auto counts = prepsearch::write_documents(
      db, parse_doc_batch("{\"id\": \"api/1\", \"title\": \"Zebrafish care\"}\n"
                          "{\"id\": \"django/scalability\", \"title\": \"Replaced\"}\n",
                          "en"));
  CHECK(counts.added == 1);
  CHECK(counts.replaced == 1);
  CHECK(find(db, "api/1")->title == "Zebrafish care");
  CHECK(find(db, "django/scalability")->title == "Replaced");
  CHECK(Xapian::Database(db).get_doccount() == 93);

  CHECK(prepsearch::delete_document(db, "api/1"));
  CHECK_FALSE(find(db, "api/1"));
  CHECK_FALSE(prepsearch::delete_document(db, "api/404"));
  CHECK(read_file(prepsearch::journal_path(db)) ==
        "{\"id\":\"api/1\",\"kind\":\"section\",\"language\":\"en\",\"source\":\"POST "
        "/api/docs\",\"title\":\"Zebrafish care\"}\n"
        "{\"id\":\"django/scalability\",\"kind\":\"section\",\"language\":\"en\",\"source\":"
        "\"POST /api/docs\",\"title\":\"Replaced\"}\n"
        "{\"delete\":\"api/1\"}\n");
  // The journal replayed: each id's last write, less what was deleted after.
  std::vector<std::string> problems;
  const auto kept = prepsearch::journal_documents(
      db, [&](prepsearch::Diagnostic&& d) { problems.push_back(to_string(d)); });
  CHECK(problems.empty());
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].id == "django/scalability");
}

TEST_CASE("one writer at a time: a batch finds the index busy while another writes", "[writes]") {
  prepsearch::test::ScratchDir dir;
  const std::string db = dir / "index";
  REQUIRE(run_indexer({"--db", db, source_path("corpus")}).status == 0);
  const auto batch = parse_doc_batch("{\"id\": \"api/1\", \"title\": \"T\"}", "en");
  {
    prepsearch::IndexLock held(db);  // prepsearch-index running
    CHECK_THROWS_AS(prepsearch::write_documents(db, batch), prepsearch::WriterBusy);
    CHECK_THROWS_AS(prepsearch::delete_document(db, "django/scalability"), prepsearch::WriterBusy);
  }
  CHECK_FALSE(std::filesystem::exists(prepsearch::journal_path(db)));  // nothing journaled
  CHECK(prepsearch::write_documents(db, batch).added == 1);
}

TEST_CASE("a run from files keeps what was written over HTTP, and its guard counts files",
          "[writes]") {
  prepsearch::test::ScratchDir dir;
  const std::string db = dir / "index";
  const std::string corpus = dir / "corpus";
  std::filesystem::create_directory(corpus);
  std::filesystem::copy(source_path("corpus/django.md"), corpus + "/django.md");
  REQUIRE(run_indexer({"--db", db, corpus}).status == 0);
  const std::size_t from_files = Xapian::Database(db).get_doccount();
  std::string lines;
  for (int i = 0; i < 100; ++i)
    lines += "{\"id\": \"api/" + std::to_string(i) + "\", \"title\": \"Zebrafish " +
             std::to_string(i) + "\"}\n";
  lines += "{\"id\": \"django/scalability\", \"title\": \"Written over HTTP\"}\n";
  prepsearch::write_documents(db, parse_doc_batch(lines, "en"));

  for (const bool update : {false, true}) {
    std::vector<std::string> args = {"--db", db, corpus};
    if (update) args.push_back("--update");
    const auto run = run_indexer(args);
    INFO(run.output);
    REQUIRE(run.status == 0);
    CHECK(run.output.find("warning: \"django/scalability\" was written over HTTP: that version "
                          "is kept") != std::string::npos);
    CHECK(Xapian::Database(db).get_doccount() == from_files + 100);
    CHECK(find(db, "django/scalability")->title == "Written over HTTP");
    CHECK(find(db, "api/99"));
  }
  // The files' documents are the ones a mistyped path would lose: 100 HTTP-written ones do
  // not hide that.
  const auto empty = run_indexer({"--db", db, source_path("tests/data/small.jsonl")});
  CHECK(empty.status == 1);
  CHECK(empty.output.find("fewer than 50% of them would be left") != std::string::npos);
  CHECK(find(db, "api/99"));
}
