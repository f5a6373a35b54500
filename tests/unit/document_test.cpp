// Stored document data: what the server reads back.
#include "core/document.h"

#include <catch2/catch.hpp>

#include "indexer/index_writer.h"

using prepsearch::Document;

namespace {

// A document with a distinct value in every field of the table.
Document full_document() {
  Document doc;
  for (const auto& field : prepsearch::schema::kFields) {
    if (const auto list = prepsearch::list_member(field.id)) {
      doc.*list = {std::string(field.name) + " one", std::string(field.name) + " \"two\""};
    } else {
      doc.*prepsearch::text_member(field.id) = std::string(field.name) + " <value>\n";
    }
  }
  return doc;
}

}  // namespace

TEST_CASE("every field of the table has exactly one Document member", "[document]") {
  for (const auto& field : prepsearch::schema::kFields) {
    INFO(field.name);
    const bool text = prepsearch::text_member(field.id) != nullptr;
    const bool list = prepsearch::list_member(field.id) != nullptr;
    CHECK(text != list);
    CHECK(list == prepsearch::schema::has_role(field, prepsearch::schema::kList));
    CHECK(&prepsearch::schema::field(field.id) == &field);
  }
}

namespace {

// The document as the indexer stores it: the record in the data, the kApart fields in slots.
Xapian::Document stored(const Document& doc) {
  prepsearch::Analyzer analyzer;
  return prepsearch::to_xapian(doc, analyzer);
}

}  // namespace

TEST_CASE("a document survives the stored record and its apart fields", "[document]") {
  const Document doc = full_document();
  const Document back = prepsearch::read_document(stored(doc));
  CHECK(back == doc);
  CHECK(back.title == doc.title);
  CHECK(back.language == doc.language);
  CHECK(back.tags == doc.tags);
  CHECK(back.text == doc.text);
  const Document fields = prepsearch::read_document(stored(doc), false);
  CHECK(fields.text.empty());  // the text is kApart: not read without it
  CHECK(fields.title == doc.title);
  CHECK(prepsearch::stored_record(doc).find(doc.text) == std::string::npos);
}

TEST_CASE("empty fields and a large body survive the stored record", "[document]") {
  Document doc;
  doc.id = "a";
  doc.text = std::string(200000, 'x') + "\xC3\xA9 end";
  doc.tags = {"", "one"};
  const Document back = prepsearch::read_document(stored(doc));
  CHECK(back == doc);
  CHECK(back.text.size() == doc.text.size());
  CHECK(back.title.empty());
  CHECK(back.tags == doc.tags);
}

TEST_CASE("data that is not a whole stored record is rejected", "[document]") {
  const std::string record = prepsearch::stored_record(full_document());
  CHECK_THROWS_AS(prepsearch::read_record(record.substr(0, record.size() - 1)), std::runtime_error);
  CHECK_THROWS_AS(prepsearch::read_record(record + "x"), std::runtime_error);
  CHECK_THROWS_AS(prepsearch::read_record(R"({"id":"a","title":"T"})"), std::runtime_error);
  CHECK_THROWS_AS(prepsearch::read_record(std::string(12, '\xFF')), std::runtime_error);
}

TEST_CASE("the document hash covers every field, the apart ones too", "[document]") {
  Document a = full_document();
  Document b = a;
  CHECK(prepsearch::document_hash(a) == prepsearch::document_hash(b));
  b.text += "!";
  CHECK(prepsearch::document_hash(a) != prepsearch::document_hash(b));
  b = a;
  b.tags.push_back("new");
  CHECK(prepsearch::document_hash(a) != prepsearch::document_hash(b));
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
  db.add_document(stored(doc));  // to_xapian() adds the id term find_document() looks up
  CHECK(prepsearch::find_document(db, "a/b")->title == "T");
  CHECK_FALSE(prepsearch::find_document(db, "a/c").has_value());
}

TEST_CASE("a url is a path on the site or an http(s) URL, nothing a template could misread",
          "[document]") {
  for (const char* good : {"", "/django#scalability", "ref/models/querysets.html#x", "/a?b=c@d",
                           "https://www.example.com/x", "HTTP://example.com", "docs/a:b"}) {
    INFO(good);
    CHECK(prepsearch::is_safe_url(good));
  }
  for (const char* bad :
       {"javascript:alert(1)", "JavaScript:x", "data:text/html,x", "//evil.example/x",
        "@evil.example/x", "user@evil.example/x", "evil.example:80/x", "/a b", "/a\\b",
        "https:///x", "/x\n", "vbscript:x"}) {
    INFO(bad);
    CHECK_FALSE(prepsearch::is_safe_url(bad));
  }
}
