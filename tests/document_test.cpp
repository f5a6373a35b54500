// Stored document data: what the server reads back.
#include "core/document.h"
#include "core/terms.h"

#include <catch2/catch.hpp>

using prepsearch::Document;

TEST_CASE("a document survives serialize and deserialize", "[document]") {
  const Document doc{"django/x", "What is \"N+1\"?", "Line one\nline <two>", "django", "Basic questions",
                     "question", "basic", "/django#x", "corpus/django.md", {"Python", "ORM"}};
  const Document back = prepsearch::deserialize(prepsearch::serialize(doc));
  CHECK(back == doc);
  CHECK(back.title == doc.title);
  CHECK(back.tags == doc.tags);
}

TEST_CASE("stored data that is not a JSON object is rejected", "[document]") {
  CHECK_THROWS_AS(prepsearch::deserialize("not json"), std::runtime_error);
}

TEST_CASE("the content hash changes with the content", "[document]") {
  CHECK(prepsearch::content_hash("a") == prepsearch::content_hash("a"));
  CHECK(prepsearch::content_hash("a") != prepsearch::content_hash("b"));
  CHECK(prepsearch::content_hash("").size() == 16);
}

TEST_CASE("find_document looks up by id", "[document]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Document doc;
  doc.id = "a/b";
  doc.title = "T";
  Xapian::Document xdoc;
  xdoc.set_data(prepsearch::serialize(doc));
  xdoc.add_boolean_term(prepsearch::id_term(doc.id));
  db.add_document(xdoc);
  CHECK(prepsearch::find_document(db, "a/b")->title == "T");
  CHECK_FALSE(prepsearch::find_document(db, "a/c").has_value());
}
