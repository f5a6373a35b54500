// Document → Xapian round trips in memory: terms, filters, values, and searching code terms.
#include "indexer/index_writer.h"

#include <catch2/catch.hpp>

#include "core/schema.h"

#include "test_support.h"

using prepsearch::Document;

namespace {

Document make(const std::string& id, const std::string& title, const std::string& text) {
  Document doc;
  doc.id = id;
  doc.title = title;
  doc.text = text;
  doc.topic = "django";
  doc.section = "Technical questions";
  doc.kind = "question";
  doc.level = "technical";
  return doc;
}

std::vector<std::string> search(Xapian::Database& db, const std::string& query) {
  prepsearch::Analyzer analyzer;
  Xapian::Enquire enquire(db);
  enquire.set_query(analyzer.build_query(query));
  std::vector<std::string> ids;
  for (const auto& match : {enquire.get_mset(0, 100)}) {
    for (auto it = match.begin(); it != match.end(); ++it) {
      ids.push_back(prepsearch::read_document(it.get_document(), false).id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("N+1 finds the N+1 answers and not documents with an n and a 1", "[index]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  prepsearch::IndexWriter writer(db, true);
  for (auto& doc : prepsearch::test::parse_page(
           prepsearch::test::read_file(prepsearch::test::source_path("corpus/django.md")))) {
    writer.put(doc);
  }
  writer.put(make("decoy", "Step n of 1", "Pick n items, then 1 more: n and 1 are here."));
  writer.put(make("plus", "Addition", "n + 1 written with spaces is arithmetic."));
  const auto found = search(db, "N+1");
  CHECK(found == std::vector<std::string>{
                     "django/how-do-you-optimize-database-queries-in-django",
                     "django/not-knowing-the-n-1-query-problem",
                     "django/what-is-the-difference-between-select-related-and-prefetch-related"});
  // The N+1 mistake's answer never writes N+1: it is found through its title.
  CHECK(search(db, "select_related").size() == 3);
  CHECK(search(db, "cache.get") ==
        std::vector<std::string>{
            "django/what-caching-strategies-would-you-use-in-a-django-application"});
  CHECK(search(db, "cache").size() >= 3);  // cache.get, cache_page and plain "cache"
  CHECK(search(db, "Django-Q") ==
        std::vector<std::string>{"django/running-slow-tasks-synchronously-in-the-request-cycle"});
  CHECK(search(db, "DJANGO_SETTINGS_MODULE") ==
        std::vector<std::string>{
            "django/how-do-you-manage-settings-for-different-environments-in-django"});
}

TEST_CASE("a document carries its filters and values and stored data", "[index]") {
  prepsearch::Analyzer analyzer;
  Document doc = make("x/1", "What is C++?", "Body");
  doc.tags = {"ORM"};
  const auto xdoc = prepsearch::to_xapian(doc, analyzer);
  std::set<std::string> terms;
  for (auto t = xdoc.termlist_begin(); t != xdoc.termlist_end(); ++t) terms.insert(*t);
  for (const char* term : {"Qx/1", "XTOPICdjango", "XKINDquestion", "XLEVELtechnical",
                           "XSECTIONtechnical questions", "Korm", "Sc++", "c++", "body", "Zbodi"}) {
    CAPTURE(term);
    CHECK(terms.count(term) == 1);
  }
  CHECK(xdoc.get_value(prepsearch::schema::kSlotTopic) == "django");
  CHECK(xdoc.get_value(prepsearch::schema::kSlotLevel) == "technical");
  CHECK(xdoc.get_value(prepsearch::schema::kSlotHash).size() == 16);
  CHECK(prepsearch::read_document(xdoc) == doc);
}

TEST_CASE("an update adds or replaces or keeps or deletes by id", "[index]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  {
    prepsearch::IndexWriter writer(db, false);
    writer.put(make("a", "A", "one"));
    writer.put(make("b", "B", "two"));
    writer.put(make("c", "C", "three"));
  }
  prepsearch::IndexWriter writer(db, false);
  writer.put(make("a", "A", "one"));
  writer.put(make("b", "B", "two, changed"));
  writer.put(make("d", "D", "four"));
  writer.delete_others({"a", "b", "d"});
  const auto& counts = writer.counts();
  CHECK(counts.added == 1);
  CHECK(counts.replaced == 1);
  CHECK(counts.unchanged == 1);
  CHECK(counts.deleted == 1);
  CHECK(db.get_doccount() == 3);
  CHECK(prepsearch::find_document(db, "b")->text == "two, changed");
  CHECK_FALSE(prepsearch::find_document(db, "c").has_value());
}

TEST_CASE("a name followed by its signature is a defined name, prose and code lines are not",
          "[index]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  prepsearch::IndexWriter writer(db, true);
  writer.put(make("ref", "Methods that return new QuerySets",
                  "select_related()\n\nselect_related(*fields)\n\nFollows foreign keys.\n\n"
                  "cache.get\n\ncache.get(key, default=None)\n\n"
                  "Note\n\nNote that this is prose.\n\n"
                  "e.save()\n\nb = e.blog\n\n"
                  "only()\n\nonly(*fields)"));
  const auto defined = [&](const std::string& name) {
    return db.term_exists(std::string(prepsearch::schema::prefix::kDefines) + name);
  };
  CHECK(defined("select_related"));
  CHECK(defined("cache.get"));
  CHECK(defined("only"));          // the last paragraph is a signature too
  CHECK_FALSE(defined("note"));    // "Note" then "Note that...": no "(" after the name
  CHECK_FALSE(defined("e.save"));  // a line of code, then another
}
