// Building the fixture index with the real indexer binary.
#include "search_fixture.h"

#include <catch2/catch.hpp>

#include "search/query_parser.h"

namespace prepsearch::test {

BuiltQuery english_query(const Xapian::Database& db, const std::string& text) {
  static const RankingParams params;
  Stemmers stemmers;
  const Lexicon lexicon(db);
  QueryBuilder builder(db, lexicon, {stemmers, {"en"}}, params);
  return builder.build(parse_query(text), {});
}

std::set<Xapian::docid> every_match(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  std::set<Xapian::docid> docids;
  for (auto it = all.begin(); it != all.end(); ++it) docids.insert(*it);
  return docids;
}

SearchFixture::SearchFixture(const std::string& extra_jsonl) : db_(dir_ / "index") {
  reindex(extra_jsonl);
  service_ = std::make_unique<SearchService>(db_);
}

void SearchFixture::reindex(const std::string& extra_jsonl) {
  // The English page: the Spanish one (corpus/django.es.md) has a test of its own.
  std::vector<std::string> args = {"--db", db_, "--quiet", source_path("corpus/django.md"),
                                   source_path("corpus/synonyms.txt")};
  if (!extra_jsonl.empty()) {
    write_file(dir_ / "extra.jsonl", extra_jsonl);
    args.push_back(dir_ / "extra.jsonl");
  }
  const RunResult run = run_indexer(args);
  INFO(run.output);
  REQUIRE(run.status == 0);
}

SearchResults SearchFixture::search(const std::string& query, Filters filters, unsigned limit) {
  SearchRequest request;
  request.query = query;
  request.filters = std::move(filters);
  request.limit = limit;
  return service_->searcher().search(request);
}

std::vector<std::string> SearchFixture::ids(const std::string& query, Filters filters) {
  std::vector<std::string> ids;
  for (const auto& hit : search(query, std::move(filters), 100).hits) ids.push_back(hit.doc.id);
  return ids;
}

}  // namespace prepsearch::test
