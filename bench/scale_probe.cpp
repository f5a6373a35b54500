// scale_probe: what a search costs on one database, in one process, for bench/scale_bench.sh.
// Opens the index as the server does (timing the revision's tables built at start: facets,
// records, lengths, posting lists), runs each query of a queries file once to warm up and then
// `--rounds` times, and prints one JSON line: tables_ms, searches, mean_us, p50_us, p99_us,
// max_rss_mb (the process's peak). No result cache anywhere.
// With --stock, each query runs as Xapian's `quest` runs it instead (QueryParser with
// STEM_SOME, Enquire with BM25, top 10, each hit's record read; no snippets or facets), on the
// same database: the stock-Xapian figure beside ours.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/schema.h"

#include "search/json_writer.h"
#include "search/query_tool.h"
#include "search/searcher.h"

#include "quest_peer.h"

namespace {

using Clock = std::chrono::steady_clock;

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

double tenths(double value) { return std::round(value * 10) / 10; }

double percentile(std::vector<double> values, double fraction) {
  const auto rank = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                   values.end());
  return values[rank];
}

// A search as `quest` runs it (bench/quest_peer.h), each hit's record read: this database
// keeps it in a value slot (schema::kSlotRecord), not in the data quest would print.
std::size_t stock_search(const Xapian::Database& db, const std::string& text) {
  const Xapian::MSet mset = prepsearch::peers::quest_search(db, text, 10);
  std::size_t bytes = 0;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    bytes += it.get_document().get_value(prepsearch::schema::kSlotRecord).size();
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool stock = !args.empty() && args.front() == "--stock";
  if (stock) args.erase(args.begin());
  if (args.size() < 2) {
    std::cerr << "usage: scale_probe [--stock] DB QUERIES.jsonl [ROUNDS]\n";
    return 2;
  }
  const int rounds = args.size() > 2 ? std::stoi(args[2]) : 1;
  const auto queries = prepsearch::read_query_lines(args[1]);
  const auto opened = Clock::now();
  prepsearch::SearchService service(args[0]);  // builds the revision's tables, as the server does
  const double tables_us = micros_since(opened);
  auto& searcher = service.searcher();
  const Xapian::Database db(args[0]);
  std::vector<double> times;
  for (int round = -1; round < rounds; ++round) {  // round -1 warms the caches up
    for (const auto& query : queries) {
      prepsearch::SearchRequest request;
      request.query = query.text;
      const auto start = Clock::now();
      if (stock) {
        stock_search(db, query.text);
      } else {
        searcher.search(request);
      }
      if (round >= 0) times.push_back(micros_since(start));
    }
  }
  double sum = 0;
  for (const double t : times) sum += t;
  prepsearch::JsonWriter out;
  out.begin_object();
  out.key("tables_ms");
  out.value(tenths(tables_us / 1000));
  out.key("searches");
  out.value(std::uint64_t{times.size()});
  out.key("mean_us");
  out.value(tenths(sum / static_cast<double>(times.size())));
  out.key("p50_us");
  out.value(tenths(percentile(times, 0.50)));
  out.key("p99_us");
  out.value(tenths(percentile(times, 0.99)));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  out.key("max_rss_mb");
  out.value(tenths(static_cast<double>(usage.ru_maxrss) / 1024));
  out.end_object();
  std::cout << out.str() << "\n";
  return 0;
}
