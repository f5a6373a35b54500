// The field table is the truth: walking schema::kFields, each field is read from the input
// formats, filtered on, counted as a facet and returned by the HTTP API exactly as its
// roles say, and not otherwise.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/schema.h"
#include "core/text_fold.h"

#include "indexer/front_matter.h"

#include "running_server.h"
#include "test_support.h"

namespace schema = prepsearch::schema;
using nlohmann::json;
using prepsearch::test::get_json;

namespace {

// Both JSONL records hold "zebraword", with a different value in every field; the page
// does not, so a search for it finds exactly the two records.
constexpr char kPage[] = R"(---
title: Fieldpage
slug: fieldpage
topic: PageTopic
language: PT
ecosystem: PageEco
tags: [Pagetag, Second tag]
---

# Fieldpage

## Basic questions {level=basic}

### What is a page question?

A page answer.
)";
constexpr char kPageQuestion[] = "fieldpage/what-is-a-page-question";
constexpr char kRecordId[] = "rec/1";

// The value of each field in the record under test (a list field gets two), or in the
// other record.
json record_value(const schema::Field& field, bool other = false) {
  const std::string name = field.name;
  if (schema::has_role(field, schema::kList))
    return json::array({name + (other ? "B" : "A"), "Second " + name});
  if (field.id == schema::FieldId::kLanguage) return other ? "pt" : "uk";  // any ISO 639-1 code
  if (field.choices != nullptr) return other ? field.choices->front() : field.choices->back();
  if (field.id == schema::FieldId::kId) return other ? "rec/2" : kRecordId;
  if (field.id == schema::FieldId::kUrl) return other ? "/url/other" : "/url/value";  // a path
  return "Zebraword " + name + (other ? "Other" : "Value");
}

std::string records() {
  json line = json::object(), other = json::object();
  for (const auto& field : schema::kFields) {
    if (!schema::has_role(field, schema::kFromJsonl)) continue;
    line[field.name] = record_value(field);
    other[field.name] = record_value(field, true);
  }
  return line.dump() + "\n" + other.dump() + "\n";
}

// What the record's field reads back as: folded where the table says so.
json expected_value(const schema::Field& field) {
  json value = record_value(field);
  if (schema::has_role(field, schema::kFolded)) return prepsearch::fold(value.get<std::string>());
  return value;
}

// The value used to filter on the field: the first of a list.
std::string filter_value(const schema::Field& field) {
  const json value = record_value(field);
  return value.is_array() ? value.front().get<std::string>() : value.get<std::string>();
}

// The page and the records, indexed by the real indexer and served on an ephemeral port.
class FieldCorpus {
 public:
  FieldCorpus() : server_(index(dir_)) {}
  httplib::Client client() const { return server_.client(); }

 private:
  static prepsearch::ServerOptions index(const prepsearch::test::ScratchDir& dir) {
    prepsearch::test::write_file(dir / "page.md", kPage);
    prepsearch::test::write_file(dir / "records.jsonl", records());
    const auto run = prepsearch::test::run_indexer(
        {"--db", dir / "index", "--quiet", dir / "page.md", dir / "records.jsonl"});
    INFO(run.output);
    REQUIRE(run.status == 0);
    prepsearch::ServerOptions options;
    options.db = dir / "index";
    return options;
  }

  prepsearch::test::ScratchDir dir_;
  prepsearch::test::RunningServer server_;
};

json hit_of(const json& body, const std::string& id) {
  for (const auto& hit : body["results"]) {
    if (hit["id"] == id) return hit;
  }
  return nullptr;
}

std::string encoded(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ')
      out += "%20";
    else if (c == '/')
      out += "%2F";
    else if (c == ':')
      out += "%3A";
    else
      out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("each field is returned filtered and faceted exactly as the table says", "[fields]") {
  const FieldCorpus corpus;
  auto client = corpus.client();
  const json doc = get_json(client, std::string("/api/docs/") + encoded(kRecordId), 200);
  const json all = get_json(client, "/api/search?q=zebraword&limit=10", 200);
  const json hit = hit_of(all, kRecordId);
  REQUIRE(hit.is_object());
  REQUIRE(all["total"] == 2);
  for (const auto& field : schema::kFields) {
    INFO("field " << field.name);
    {  // returned
      CHECK(doc.contains(field.name) == schema::has_role(field, schema::kInDocument));
      if (doc.contains(field.name)) CHECK(doc[field.name] == expected_value(field));
      CHECK(hit.contains(field.name) == schema::has_role(field, schema::kInHit));
      if (hit.contains(field.name)) CHECK(hit[field.name] == expected_value(field));
    }
    {  // faceted
      CHECK(all["facets"].contains(field.name) == schema::has_role(field, schema::kFacet));
      if (schema::has_role(field, schema::kFacet)) {
        CHECK(all["facets"][field.name][expected_value(field).get<std::string>()] == 1);
      }
    }
    if (!schema::has_role(field, schema::kFilter)) {
      // Not a filter: the parameter is ignored.
      const json ignored =
          get_json(client, "/api/search?q=zebraword&" + std::string(field.name) + "=nothing", 200);
      CHECK(ignored["total"] == all["total"]);
      CHECK(std::string(field.param).empty());
    } else {
      const std::string value = encoded(filter_value(field));
      const json by_param = get_json(
          client, "/api/search?q=zebraword&" + std::string(field.param) + "=" + value, 200);
      CHECK(by_param["total"] == 1);
      CHECK(hit_of(by_param, kRecordId).is_object());
      const json by_query = get_json(
          client,
          "/api/search?q=zebraword%20" + std::string(field.param) + "%3A%22" + value + "%22", 200);
      CHECK(by_query["total"] == 1);
      const json other =
          get_json(client, "/api/search?q=zebraword&" + std::string(field.param) + "=nothing", 200);
      CHECK(other["total"] == 0);
    }
  }
}

TEST_CASE("front matter fields reach every document of the page and others are refused",
          "[fields]") {
  const FieldCorpus corpus;
  auto client = corpus.client();
  const json doc = get_json(client, std::string("/api/docs/") + encoded(kPageQuestion), 200);
  CHECK(doc["topic"] == "pagetopic");
  CHECK(doc["language"] == "pt");
  CHECK(doc["ecosystem"] == "pageeco");
  CHECK(doc["tags"] == json::array({"Pagetag", "Second tag"}));
  CHECK(doc["level"] == "basic");
  for (const auto& field : schema::kFields) {
    const std::string name = field.name;
    // title, url and translates are front matter keys of their own (a page's, not a field's).
    if (schema::has_role(field, schema::kFromFrontMatter) || name == "title" || name == "url" ||
        name == "translates")
      continue;
    INFO("field " << name);
    const std::string text = "---\ntitle: T\nslug: t\ntopic: t\n" + name + ": x\n---\n";
    std::vector<std::string> errors;
    const auto parsed = prepsearch::parse_front_matter(
        text, "page.md", [&](prepsearch::Diagnostic&& d) { errors.push_back(to_string(d)); });
    CHECK_FALSE(parsed.has_value());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("unknown front matter key \"" + name + "\"") != std::string::npos);
  }
}
