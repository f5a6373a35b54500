// prepsearch-index as a process: exit codes, diagnostics, the atomic switch, --update, the lock.
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "core/analyzer.h"
#include "core/document.h"
#include "core/schema.h"

#include "indexer/generations.h"

#include "test_support.h"

using prepsearch::test::read_file;
using prepsearch::test::run_indexer;
using prepsearch::test::source_path;

namespace {

namespace fs = std::filesystem;

// Everything in the scratch directory, with sizes: "untouched" means this is identical.
std::map<std::string, std::uintmax_t> snapshot(const std::string& dir) {
  std::map<std::string, std::uintmax_t> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    // The count of generation numbers issued grows with every run, good or bad: by design.
    if (entry.path().extension() == ".last-generation") continue;
    files[entry.path().string()] = entry.is_regular_file() ? entry.file_size() : 0;
  }
  return files;
}

std::string broken(const std::string& name) { return source_path("tests/data/broken/" + name); }

}  // namespace

TEST_CASE("the corpus indexes and the stub opens as a database", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const auto run = run_indexer({"--db", dir / "index", source_path("corpus")});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(run.output.find("prepsearch-index: 92 documents in ") == 0);
  CHECK(run.output.find("(generation 1)") != std::string::npos);
  Xapian::Database db(dir / "index");
  CHECK(db.get_doccount() == 92);
  CHECK(db.get_metadata(prepsearch::schema::metadata::kSchema) ==
        prepsearch::schema::kSchemaVersion);
  CHECK(db.get_metadata(prepsearch::schema::metadata::kGeneration) == "1");
  CHECK(prepsearch::find_document(db, "django/scalability")->section == "Scalability");
}

TEST_CASE("bad input exits 1 with FILE:LINE and leaves the live index as it was", "[cli]") {
  struct Row {
    std::vector<std::string> paths;
    std::string diagnostic;
  };
  const std::vector<Row> table = {
      {{broken("bad_front_matter.md")},
       broken("bad_front_matter.md") +
           ":3: error: malformed front matter line (expected key: value)"},
      {{broken("bad_level.md")}, broken("bad_level.md") + ":7: error: unknown level \"expert\""},
      {{broken("no_answer.md")},
       broken("no_answer.md") +
           ":9: error: question \"A question without an answer?\" has no answer"},
      {{source_path("corpus"), broken("duplicate.jsonl")},
       broken("duplicate.jsonl") + ":1: error: duplicate id \"django/scalability\" (first at " +
           source_path("corpus") + "/django.md:"},
      {{broken("bad_utf8.md")}, broken("bad_utf8.md") + ":9: error: invalid UTF-8"},
      {{broken("bad_utf8.jsonl")},
       broken("bad_utf8.jsonl") + ":1: error: invalid UTF-8 at byte 28 of the line"},
      {{broken("bad_json.jsonl")}, broken("bad_json.jsonl") + ":2: error: invalid JSON"},
      {{broken("no_id.jsonl")}, broken("no_id.jsonl") + ":1: error: record has no \"id\""},
      {{broken("no_title_or_text.jsonl")},
       broken("no_title_or_text.jsonl") + ":1: error: record has neither \"title\" nor \"text\""},
      {{broken("long_id.jsonl")},
       broken("long_id.jsonl") + ":2: error: id is 201 bytes; at most 200 are allowed"},
      {{broken("long_heading.md")},
       broken("long_heading.md") + ":7: error: id is 201 bytes; at most 200 are allowed"},
      {{broken("empty.md")}, broken("empty.md") + ":1: error: file is empty"},
      {{broken("missing.md")}, broken("missing.md") + ":1: error: no such file or directory"},
  };
  prepsearch::test::ScratchDir dir;
  REQUIRE(run_indexer({"--db", dir / "index", source_path("corpus")}).status == 0);
  const auto before = snapshot(dir.path());
  for (const auto& row : table) {
    for (const bool update : {false, true}) {
      std::vector<std::string> args = {"--db", dir / "index"};
      if (update) args.push_back("--update");
      args.insert(args.end(), row.paths.begin(), row.paths.end());
      const auto run = run_indexer(args);
      CAPTURE(row.diagnostic, update, run.output);
      CHECK(run.status == 1);
      CHECK(run.output.find(row.diagnostic) == 0);
      CHECK(run.output.find("the live index at " + dir / "index" + " is unchanged") !=
            std::string::npos);
      CHECK(snapshot(dir.path()) == before);
    }
  }
  CHECK(Xapian::Database(dir / "index").get_doccount() == 92);
}

TEST_CASE("oversized inputs are refused without being read whole", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string page = dir / "huge.md";
  prepsearch::test::write_file(page, "---\n");
  fs::resize_file(page, (std::uintmax_t{64} << 20) + 1);  // sparse: nothing is written
  const std::string records = dir / "huge.jsonl";
  prepsearch::test::write_file(
      records, "{\"id\": \"x\", \"text\": \"" + std::string((16u << 20) + 8, 'y') + "\"}\n");
  auto run = run_indexer({"--db", dir / "index", page});
  CHECK(run.status == 1);
  CHECK(run.output.find(page +
                        ":1: error: file is 64.0 MiB; Markdown pages are limited to 64 MiB") == 0);
  run = run_indexer({"--db", dir / "index", records});
  CHECK(run.status == 1);
  CHECK(run.output.find(records + ":1: error: line is over the 16 MiB limit for a JSONL record") ==
        0);
  CHECK_FALSE(fs::exists(dir / "index"));
}

TEST_CASE("an unreadable file is an error", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string page = dir / "secret.md";
  prepsearch::test::write_file(page, read_file(source_path("corpus/django.md")));
  fs::permissions(page, fs::perms::none);
  std::vector<std::string> args = {"--db", dir / "index", page};
  const std::vector<std::string> as_nobody = {
      "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", PREPSEARCH_INDEX_BIN, "--help"};
  if (::geteuid() == 0 && prepsearch::test::run_command("setpriv", as_nobody).status != 0) {
    WARN("root reads any file, and nobody cannot run the indexer from this checkout: skipped");
    return;
  }
  if (::geteuid() == 0) {
    // root reads any file, so run the indexer as nobody, as a deployment would.
    fs::permissions(dir.path(), fs::perms::all);
    args.insert(args.begin(), {"--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                               PREPSEARCH_INDEX_BIN});
  }
  const auto run =
      ::geteuid() == 0 ? prepsearch::test::run_command("setpriv", args) : run_indexer(args);
  INFO(run.output);
  CHECK(run.status == 1);
  CHECK(run.output.find(page + ":1: error: cannot open file: Permission denied") == 0);
  CHECK_FALSE(fs::exists(dir / "index"));
}

TEST_CASE("a rebuild switches atomically and an open reader keeps working", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string db_path = dir / "index";
  REQUIRE(run_indexer({"--db", db_path, source_path("corpus")}).status == 0);
  Xapian::Database before(db_path);
  REQUIRE(before.get_doccount() == 92);

  fs::create_directory(dir / "index.gen-000001.part-0");  // as a killed rebuild leaves it
  const auto run =
      run_indexer({"--allow-shrink", "--db", db_path, source_path("tests/data/small.jsonl")});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(run.output.find("(generation 2)") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "index.gen-000001.part-0"));

  // The old generation's directory is gone, yet the open reader still reads and searches it.
  CHECK_FALSE(fs::exists(dir / "index.gen-000001"));
  CHECK(before.get_doccount() == 92);
  CHECK(prepsearch::find_document(before, "django/scalability").has_value());
  Xapian::Enquire old_search(before);
  old_search.set_query(prepsearch::Analyzer().build_query("celery"));
  CHECK(old_search.get_mset(0, 10).size() > 0);

  Xapian::Database after(db_path);
  CHECK(after.get_doccount() == 2);
  CHECK(prepsearch::find_document(after, "small/2")->title == "What is cache.get?");
  CHECK(after.get_metadata(prepsearch::schema::metadata::kGeneration) == "2");
}

TEST_CASE("an update run adds and replaces and deletes only what changed", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string db_path = dir / "index";
  const std::string corpus = dir / "corpus";
  fs::create_directory(corpus);
  fs::copy(source_path("corpus/django.md"), corpus + "/django.md");
  fs::copy(source_path("tests/data/small.jsonl"), corpus + "/small.jsonl");
  REQUIRE(run_indexer({"--db", db_path, corpus}).status == 0);

  prepsearch::test::write_file(
      corpus + "/small.jsonl",
      R"({"id": "small/1", "title": "What is Celery?", "text": "A task queue, changed.", "topic": "python", "kind": "question", "level": "basic"})"
      "\n"
      R"({"id": "small/3", "title": "New", "text": "Added."})"
      "\n");
  const auto run = run_indexer({"--db", db_path, "--update", corpus});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(run.output.find(
            "prepsearch-index: 48 documents (1 added, 1 replaced, 1 deleted, 46 unchanged)") == 0);
  CHECK(run.output.find("(generation 1)") != std::string::npos);

  Xapian::Database db(db_path);
  CHECK(db.get_doccount() == 48);
  CHECK(prepsearch::find_document(db, "small/1")->text == "A task queue, changed.");
  CHECK(prepsearch::find_document(db, "small/3").has_value());
  CHECK_FALSE(prepsearch::find_document(db, "small/2").has_value());

  const auto again = run_indexer({"--db", db_path, "--update", "--quiet", corpus});
  CHECK(again.status == 0);
  CHECK(again.output.empty());
}

TEST_CASE("a second indexer on the same database fails clearly", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string db_path = dir / "index";
  prepsearch::IndexLock held(db_path);  // as if another prepsearch-index were running
  const auto run = run_indexer({"--db", db_path, source_path("corpus")});
  CHECK(run.status == 1);
  CHECK(run.output.find("prepsearch-index: another prepsearch-index is writing to " + db_path) ==
        0);
  CHECK_FALSE(fs::exists(db_path));
}

TEST_CASE("usage errors exit 2 and --help exits 0", "[cli]") {
  CHECK(run_indexer({"--help"}).status == 0);
  CHECK(run_indexer({}).status == 2);
  CHECK(run_indexer({"--db", "/tmp/x", "--bogus", "corpus"}).status == 2);
}

TEST_CASE("all shared corpora index cleanly", "[cli][shared]") {
  const std::string shared = prepsearch::test::shared_path();
  if (shared.empty()) {
    WARN("../shared is absent: skipped");
    return;
  }
  std::vector<std::string> args = {"--db", "", "--quiet"};
  for (const auto& entry : fs::directory_iterator(shared + "/corpora")) {
    if (fs::exists(entry.path() / "docs.jsonl"))
      args.push_back((entry.path() / "docs.jsonl").string());
  }
  prepsearch::test::ScratchDir dir;
  args[1] = dir / "index";
  const auto run = run_indexer(args);
  INFO(run.output);
  CHECK(run.status == 0);
  CHECK(run.output.empty());  // --quiet: errors only (devlovers-uk's language is a warning)
  CHECK(Xapian::Database(dir / "index").get_doccount() == 7245);
  // Without --quiet: nothing to say but that devlovers-uk, which names no language, looks
  // Ukrainian.
  args.erase(args.begin() + 2);
  args[1] = dir / "loud";
  const auto loud = run_indexer(args);
  std::istringstream lines(loud.output);
  std::size_t warnings = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("prepsearch-index: ", 0) == 0) continue;  // the summary, "more not shown"
    CHECK(line.find("devlovers-uk/docs.jsonl:") != std::string::npos);
    CHECK(line.find(": warning: ") != std::string::npos);
    CHECK(line.find("most of its letters are Cyrillic") != std::string::npos);
    ++warnings;
  }
  CHECK(warnings == 50);
}

TEST_CASE("a folder's README.md is documentation and not a page", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string corpus = dir / "corpus";
  fs::create_directory(corpus);
  fs::copy(source_path("corpus/README.md"), corpus + "/README.md");
  fs::copy(source_path("corpus/django.md"), corpus + "/django.md");
  const auto run = run_indexer({"--db", dir / "index", corpus});
  INFO(run.output);
  CHECK(run.status == 0);
  CHECK(Xapian::Database(dir / "index").get_doccount() == 46);
}

TEST_CASE("deep lists and huge paragraphs cost their length and are cut with a warning", "[cli]") {
  prepsearch::test::ScratchDir dir;
  const std::string front = "---\ntitle: Deep\nslug: deep\ntopic: deep\n---\n\n## Lists\n\n";
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "- ";
  prepsearch::test::write_file(dir / "lists.md", front + nested + "x\n");
  std::string numbered, quoted;
  for (int i = 0; i < 20000; ++i) numbered += "1. ", quoted += "> - ";
  prepsearch::test::write_file(dir / "numbered.md",
                               "---\ntitle: N\nslug: numbered\ntopic: deep\n---\n\n## Lists\n\n" +
                                   numbered + "y\n\n## Quotes\n\n" + quoted + "z\n");
  prepsearch::test::write_file(dir / "paragraph.md",
                               "---\ntitle: P\nslug: paragraph\ntopic: deep\n---\n\n## Long\n\n" +
                                   std::string(3 << 20, 'a') + " tail\n");
  const auto run = run_indexer(
      {"--db", dir / "index", dir / "lists.md", dir / "numbered.md", dir / "paragraph.md"});
  INFO(run.output);
  REQUIRE(run.status == 0);
  CHECK(run.output.find(dir / "lists.md:9: warning: lists nested deeper than 16 levels") !=
        std::string::npos);
  CHECK(run.output.find(dir / "lists.md:7: warning: the text of \"deep/lists\" is over 1 MiB") !=
        std::string::npos);
  CHECK(run.output.find(dir / "paragraph.md:7: warning: the text of \"paragraph/long\"") !=
        std::string::npos);
  Xapian::Database db(dir / "index");
  for (const char* id : {"deep/lists", "numbered/lists", "numbered/quotes", "paragraph/long"}) {
    INFO(id);
    const auto doc = prepsearch::find_document(db, id);
    REQUIRE(doc);
    CHECK(doc->text.size() <= prepsearch::schema::kMaxStoredTextBytes);
    CHECK(doc->text.find(std::string(std::size_t{17} * 2, ' ') + "- ") ==
          std::string::npos);  // 16 levels
  }
}

TEST_CASE(
    "the indexer's --language names what says none, and Cyrillic letters under en are reported",
    "[cli]") {
  prepsearch::test::ScratchDir dir;
  prepsearch::test::write_file(
      dir / "uk.jsonl",
      R"({"id": "uk/closures", "title": "Що таке замикання в JavaScript?", "text": "Замикання зберігає змінні."})"
      "\n"
      R"({"id": "uk/fr", "language": "fr", "title": "Qu'est-ce qu'une fermeture ?", "text": "Une fonction."})"
      "\n");
  // Said nothing: indexed as English, and each Cyrillic record named with its file and line.
  const auto plain = run_indexer({"--db", dir / "plain", dir / "uk.jsonl"});
  INFO(plain.output);
  REQUIRE(plain.status == 0);
  CHECK(plain.output.find(dir / "uk.jsonl:1: warning: \"uk/closures\" is indexed as en, but most "
                                "of its letters are Cyrillic") != std::string::npos);
  CHECK(plain.output.find("uk.jsonl:2:") == std::string::npos);  // French is Latin letters
  CHECK(prepsearch::find_document(Xapian::Database(dir / "plain"), "uk/closures")->language ==
        "en");
  // --language uk: Ukrainian (unstemmed: Xapian has no Ukrainian stemmer), and no warning; a
  // record that says its language keeps it.
  const auto declared = run_indexer({"--db", dir / "uk", "--language", "uk", dir / "uk.jsonl"});
  INFO(declared.output);
  REQUIRE(declared.status == 0);
  CHECK(declared.output.find("warning") == std::string::npos);
  const Xapian::Database db(dir / "uk");
  CHECK(prepsearch::find_document(db, "uk/closures")->language == "uk");
  CHECK(prepsearch::find_document(db, "uk/fr")->language == "fr");
  CHECK(db.term_exists("Zзамикання"));  // whole, not stemmed
  CHECK(db.term_exists("Zfonction"));   // French, stemmed ("fonction" is its own stem)
  CHECK(run_indexer({"--db", dir / "x", "--language", "ukrainian", dir / "uk.jsonl"}).status == 2);
}
