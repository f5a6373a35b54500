// Per-query time in one process, on the same records and queries: prepsearch's Searcher
// (the server's full path: ranking, exact total and facets, snippets, typo check) against
// Xapian's `quest` code path (QueryParser + Enquire, BM25) on scriptindex's database, and
// SQLite FTS5 ranked by bm25(). Google Benchmark; run by bench/run_all.sh.
// Usage: query_bench --ours DB --omega DB --fts5 FILE [benchmark flags]
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <xapian.h>

#include "search/searcher.h"

#include "fts5_peer.h"
#include "quest_peer.h"

namespace {

// The list; no other query was tried or tuned for.
const std::vector<std::string> kQueries = {"N+1",
                                           "select_related",
                                           "prefetch_related",
                                           "celery",
                                           "cache_page",
                                           "csrf",
                                           "DJANGO_SETTINGS_MODULE",
                                           "migration squash",
                                           "signals post_save",
                                           "class based views"};

constexpr unsigned kTop = 10;

struct Paths {
  std::string ours, omega, fts5;
} paths;

// --- prepsearch -------------------------------------------------------------------------
void BM_prepsearch(benchmark::State& state) {
  static prepsearch::SearchService service(paths.ours);
  prepsearch::Searcher& searcher = service.searcher();
  prepsearch::SearchRequest request;
  request.query = kQueries[static_cast<std::size_t>(state.range(0))];
  request.limit = kTop;
  std::size_t found = 0;
  for (auto _ : state) {
    const auto results = searcher.search(request);
    found = results.hits.size();
    benchmark::DoNotOptimize(results);
  }
  state.SetLabel(request.query + " (" + std::to_string(found) + " hits)");
}

// --- Xapian, as quest runs a query --------------------------------------------------------
void BM_xapian_quest(benchmark::State& state) {
  static Xapian::Database db(paths.omega);
  const std::string& query_text = kQueries[static_cast<std::size_t>(state.range(0))];
  std::size_t found = 0;
  for (auto _ : state) {
    // quest's set-up (the parser), per query as quest does it
    const Xapian::MSet mset = prepsearch::peers::quest_search(db, query_text, kTop);
    found = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      benchmark::DoNotOptimize(it.get_document().get_data());  // quest prints each hit's data
      ++found;
    }
  }
  state.SetLabel(query_text + " (" + std::to_string(found) + " hits)");
}

// --- SQLite FTS5, ranked by bm25() --------------------------------------------------------
void BM_sqlite_fts5(benchmark::State& state) {
  static sqlite3* db = [] {
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(paths.fts5.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + paths.fts5);
    }
    return handle;
  }();
  const std::string& query_text = kQueries[static_cast<std::size_t>(state.range(0))];
  const std::string match = prepsearch::peers::fts5_match(query_text);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, prepsearch::peers::fts5_sql(kTop).c_str(), -1, &statement, nullptr);
  std::size_t found = 0;
  for (auto _ : state) {
    sqlite3_reset(statement);
    sqlite3_bind_text(statement, 1, match.c_str(), -1, SQLITE_STATIC);
    found = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      benchmark::DoNotOptimize(sqlite3_column_text(statement, 0));
      ++found;
    }
  }
  sqlite3_finalize(statement);
  state.SetLabel(query_text + " (" + std::to_string(found) + " hits)");
}

void each_query(benchmark::internal::Benchmark* b) {
  for (std::size_t i = 0; i < kQueries.size(); ++i) b->Arg(static_cast<int>(i));
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_prepsearch)->Apply(each_query);
BENCHMARK(BM_xapian_quest)->Apply(each_query);
BENCHMARK(BM_sqlite_fts5)->Apply(each_query);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--ours")
      paths.ours = argv[i + 1];
    else if (flag == "--omega")
      paths.omega = argv[i + 1];
    else if (flag == "--fts5")
      paths.fts5 = argv[i + 1];
  }
  if (paths.ours.empty() || paths.omega.empty() || paths.fts5.empty()) {
    std::cerr << "usage: query_bench --ours DB --omega DB --fts5 FILE [--benchmark_...]\n";
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
