// A search service over corpus/django.md (plus extra JSONL records), indexed by the real
// prepsearch-index into a scratch directory.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/searcher.h"

#include "test_support.h"

namespace prepsearch::test {

// `text` parsed and built as an English search with the shipped ranking builds it.
BuiltQuery english_query(const Xapian::Database& db, const std::string& text);

// Every document `query` matches in `db`, by Xapian's own match.
std::set<Xapian::docid> every_match(const Xapian::Database& db, const Xapian::Query& query);

class SearchFixture {
 public:
  // Indexes corpus/django.md with corpus/synonyms.txt and, if given, `extra_jsonl` (JSONL lines)
  // beside it.
  explicit SearchFixture(const std::string& extra_jsonl = "");

  const std::string& db() const { return db_; }
  SearchService& service() { return *service_; }
  SearchResults search(const std::string& query, Filters filters = {}, unsigned limit = 10);
  // Ids of the results, in rank order.
  std::vector<std::string> ids(const std::string& query, Filters filters = {});
  // Reindexes the same plus `extra_jsonl` (a rebuild: a new generation).
  void reindex(const std::string& extra_jsonl);

 private:
  ScratchDir dir_;
  std::string db_;
  std::unique_ptr<SearchService> service_;
};

}  // namespace prepsearch::test
