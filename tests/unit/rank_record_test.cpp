// The rank record: what the second phase of ranking reads of a document, written by the
// indexer and read back per revision into a RankTable.
#include "core/rank_record.h"

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/schema.h"

#include "search/rank_table.h"
#include "search/revision_tables.h"
#include "search/slot_table.h"

#include "test_support.h"

using prepsearch::Document;
using prepsearch::RankRecord;

namespace {

Document section(const std::string& id, const std::string& title, const std::string& page) {
  Document doc;
  doc.id = id;
  doc.title = title;
  doc.section = page;
  doc.kind = prepsearch::kKindSection;
  doc.text = "Some text about " + title + ".";
  return doc;
}

RankRecord record_of(const Document& doc) {
  prepsearch::Analyzer analyzer;
  return prepsearch::rank_record(doc, analyzer);
}

}  // namespace

TEST_CASE("a rank record survives its bytes, and other bytes are refused", "[rank]") {
  Document doc = section("django/cache", "Caching with Redis and Memcached", "Scalability");
  doc.kind = prepsearch::kKindQuestion;
  const RankRecord record = record_of(doc);
  CHECK(record.question);
  CHECK(record.title_exact != 0);
  CHECK(record.title_starts.size() == 5);  // the title's five words
  CHECK(record.title_words.size() == 5);
  CHECK(record.page == prepsearch::key_hash("scalability"));
  CHECK(record.page_words == std::vector<std::uint32_t>{prepsearch::key_hash("Zscalabl")});
  // A code term of words keeps its words too, after it, so a query may write them apart.
  const RankRecord code = record_of(section("r/1", "INSERT/UPDATE distinction", ""));
  CHECK(code.title_words == std::vector<std::uint32_t>{prepsearch::key_hash("insert/update"),
                                                       prepsearch::key_hash("Zinsert"),
                                                       prepsearch::key_hash("Zupdat"),
                                                       prepsearch::key_hash("Zdistinct")});
  const std::string bytes = prepsearch::encode(record);
  const auto back = prepsearch::decode_rank_record(bytes);
  REQUIRE(back);
  CHECK(*back == record);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(prepsearch::decode_rank_record(bytes.substr(0, cut)));
  }
  CHECK_FALSE(prepsearch::decode_rank_record(bytes + "x"));
  std::string flag = bytes;  // the question flag is 0 or 1
  flag[8 + 8 + 1 + record.language.size()] = 2;
  CHECK_FALSE(prepsearch::decode_rank_record(flag));
}

TEST_CASE("translations share a group, identical sections share content", "[rank]") {
  const Document original = section("django/signals", "Signals", "Overview");
  Document translation = section("django-es/signals", "Señales", "Resumen");
  translation.translates = "django/signals";
  translation.language = "es";
  CHECK(record_of(original).group == record_of(translation).group);
  CHECK(record_of(original).content != record_of(translation).content);
  CHECK(record_of(translation).language == "es");

  const Document copy = section("other/signals", "Signals", "Elsewhere");
  CHECK(record_of(original).content == record_of(copy).content);
  CHECK(record_of(original).group != record_of(copy).group);
  // The title's words are stemmed in the document's language: "signal" is a key of both.
  CHECK(record_of(original).title_words == record_of(section("x", "signal", "")).title_words);
}

TEST_CASE("version history gets a lower page rank than the reference it describes", "[rank]") {
  CHECK(prepsearch::default_page_rank(section("ref/csrf#x", "CSRF protection",
                                              "Cross Site "
                                              "Request Forgery")) == 0);
  CHECK(prepsearch::default_page_rank(
            section("releases/1.2#csrf", "CSRF Protection", "Django 1.2 release notes")) == -1);
  CHECK(prepsearch::default_page_rank(section("notes#x", "CSRF", "Django 1.2 release notes")) ==
        -1);
  CHECK(prepsearch::default_page_rank(section("tool/changelog#v2", "Version 2", "History")) == -1);
  CHECK(prepsearch::default_page_rank(section("x", "Changelog", "Changelog")) == -1);
  CHECK(prepsearch::default_page_rank(section("x", "Release history", "Project")) == -1);
  // Words that only look alike, and a question that asks about release notes.
  CHECK(prepsearch::default_page_rank(section("prereleases/x", "Notes", "Pre-releases")) == 0);
  Document question = section("git/q", "What are release notes?", "Basic questions");
  question.kind = prepsearch::kKindQuestion;
  CHECK(prepsearch::default_page_rank(question) == 0);
}

TEST_CASE("a page's own rank field overrides the default", "[rank]") {
  Document notes = section("releases/1.2#csrf", "CSRF Protection", "Django 1.2 release notes");
  CHECK(record_of(notes).rank == -1);
  notes.rank = "0";
  CHECK(record_of(notes).rank == 0);
  notes.rank = "3";
  CHECK(record_of(notes).rank == 3);
  notes.rank = "-3";
  CHECK(record_of(notes).rank == -3);
}

TEST_CASE("the rank, record and text tables hold each document's values as the indexer wrote them",
          "[rank]") {
  prepsearch::test::ScratchDir dir;
  const auto run = prepsearch::test::run_indexer(
      {"--quiet", "--db", dir / "index", prepsearch::test::source_path("corpus")});
  REQUIRE(run.status == 0);
  const Xapian::Database db(dir / "index");
  const prepsearch::RankTable table(db);
  const prepsearch::SlotTable records(db, prepsearch::schema::kSlotRecord);
  const prepsearch::SlotTable texts(db, prepsearch::schema::kSlotText,
                                    prepsearch::kMaxTextBytesInMemory);
  REQUIRE(texts.held());
  std::size_t text_bytes = 0;
  prepsearch::Analyzer analyzer;
  std::size_t checked = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document xdoc = db.get_document(*it);
    const Document doc = prepsearch::read_document(xdoc);
    INFO(doc.id);
    CHECK(table.bytes(*it) == xdoc.get_value(prepsearch::schema::kSlotRank));
    // The stored record, as a hit reads it from memory: the same document but its text.
    Document from_memory = prepsearch::read_record(records.bytes(*it));
    CHECK(from_memory.text.empty());
    prepsearch::read_apart_fields(xdoc, from_memory);
    CHECK(from_memory == doc);
    CHECK(texts.bytes(*it) == doc.text);
    text_bytes += doc.text.size();
    const auto expected = prepsearch::rank_record(doc, analyzer);
    CHECK(prepsearch::decode_rank_record(table.bytes(*it)) == expected);
    // Read in place, the same record.
    const prepsearch::RankRecordView view = table.record(*it);
    CHECK(view.group == expected.group);
    CHECK(view.language == expected.language);
    REQUIRE(view.title_word_count() == expected.title_words.size());
    for (std::size_t i = 0; i < expected.title_words.size(); ++i)
      CHECK(view.title_word(i) == expected.title_words[i]);
    REQUIRE(view.page_word_count() == expected.page_words.size());
    for (std::size_t i = 0; i < expected.page_words.size(); ++i)
      CHECK(view.page_word(i) == expected.page_words[i]);
    ++checked;
  }
  CHECK(checked == db.get_doccount());
  CHECK(table.bytes(db.get_lastdocid() + 1).empty());
  CHECK(records.bytes(db.get_lastdocid() + 1).empty());
  // Past its budget, a table holds nothing (the texts are then read from the database).
  REQUIRE(text_bytes > 0);
  CHECK(prepsearch::SlotTable(db, prepsearch::schema::kSlotText, text_bytes).held());
  const prepsearch::SlotTable over(db, prepsearch::schema::kSlotText, text_bytes - 1);
  CHECK_FALSE(over.held());
  CHECK(over.bytes(*db.postlist_begin("")).empty());
  CHECK(table.bytes(0).empty());
  // The Django page and its Spanish translation: one group per question.
  const auto english =
      prepsearch::find_docid(db, "django/what-are-django-signals-and-when-would-you-use-them");
  const auto spanish =
      prepsearch::find_docid(db, "django-es/what-are-django-signals-and-when-would-you-use-them");
  REQUIRE(english);
  REQUIRE(spanish);
  CHECK(table.record(*english).group == table.record(*spanish).group);
  CHECK(table.record(*english).language == "en");
  CHECK(table.record(*spanish).language == "es");
}

TEST_CASE("a text table past its budget is given up from its first values or at the budget",
          "[rank]") {
  prepsearch::test::ScratchDir dir;
  std::string jsonl;
  std::size_t total = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::string text = "Record " + std::to_string(i) + " says something about workers.";
    total += text.size();
    jsonl += R"({"id": "r/)" + std::to_string(i) + R"(", "title": "Record", "text": ")" + text +
             R"(", "topic": "django"})" + "\n";
  }
  prepsearch::test::write_file(dir / "records.jsonl", jsonl);
  REQUIRE(prepsearch::test::run_indexer({"--quiet", "--db", dir / "index", dir / "records.jsonl"})
              .status == 0);
  const Xapian::Database db(dir / "index");
  const Xapian::docid first = *db.postlist_begin("");
  // Within the budget, exactly or by far: held, every text as the slot holds it.
  for (const std::size_t budget : {total, 10 * total}) {
    const prepsearch::SlotTable texts(db, prepsearch::schema::kSlotText, budget);
    REQUIRE(texts.held());
    CHECK(texts.bytes(first) == db.get_document(first).get_value(prepsearch::schema::kSlotText));
  }
  // Over it, by a little (found at the budget) or by far (foreseen from the first values).
  for (const std::size_t budget : {total - 1, total / 4}) {
    const prepsearch::SlotTable texts(db, prepsearch::schema::kSlotText, budget);
    CHECK_FALSE(texts.held());
    CHECK(texts.bytes(first).empty());
  }
}
