// The parallel builder (indexer/parallel_builder.h): every document once, at the docid the
// same input always gets, however many parts each worker starts, and no part left behind.
#include "indexer/parallel_builder.h"

#include <filesystem>

#include <catch2/catch.hpp>

#include "core/document.h"

#include "test_support.h"

namespace {

// Builds 41 documents with two workers, each starting a new part every `docs_per_part`;
// returns the ids by docid.
std::vector<std::string> build(const std::string& path, std::size_t docs_per_part) {
  {
    prepsearch::ParallelBuilder builder(path, 2, docs_per_part);
    for (int i = 0; i < 41; ++i) {
      prepsearch::Document doc;
      doc.id = "note/" + std::to_string(i);
      doc.title = "Note " + std::to_string(i);
      doc.text = "a worker queue note number " + std::to_string(i);
      doc.topic = "django";
      doc.kind = "section";
      builder.put(std::move(doc));
    }
    builder.finish();
  }
  const Xapian::Database db(path);
  std::vector<std::string> ids;
  for (Xapian::docid docid = 1; docid <= db.get_lastdocid(); ++docid)
    ids.push_back(prepsearch::read_document(db.get_document(docid), false).id);
  return ids;
}

}  // namespace

TEST_CASE("workers starting new parts build the database one part each builds", "[index]") {
  prepsearch::test::ScratchDir dir;
  const auto whole = build(dir / "whole", prepsearch::ParallelBuilder::kDocsPerPart);
  const auto parts = build(dir / "parts", 3);  // seven parts a worker
  REQUIRE(whole.size() == 41);
  CHECK(parts == whole);
  std::size_t left = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().find(".part-") != std::string::npos) ++left;
  }
  CHECK(left == 0);
}
