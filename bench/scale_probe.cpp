// scale_probe: what a search costs on one database, in one process, for bench/scale_bench.sh.
// Opens the index as the server does (timing the facet table built at start), runs each
// query of a queries file once to warm up and then `--rounds` times, and prints one JSON
// line: facet_table_ms, searches, mean_us, p50_us, p99_us. No result cache anywhere.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "server/json_writer.h"
#include "server/query_tool.h"
#include "server/searcher.h"

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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: scale_probe DB QUERIES.jsonl [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 1;
  const auto queries = prepsearch::read_query_lines(argv[2]);
  const auto opened = Clock::now();
  prepsearch::SearchService service(argv[1]);  // builds the facet table, as the server does
  const double facet_table_us = micros_since(opened);
  auto& searcher = service.searcher();
  std::vector<double> times;
  for (int round = -1; round < rounds; ++round) {  // round -1 warms the caches up
    for (const auto& query : queries) {
      prepsearch::SearchRequest request;
      request.query = query.text;
      const auto start = Clock::now();
      searcher.search(request);
      if (round >= 0) times.push_back(micros_since(start));
    }
  }
  double sum = 0;
  for (const double t : times) sum += t;
  prepsearch::JsonWriter out;
  out.begin_object();
  out.key("facet_table_ms");
  out.value(tenths(facet_table_us / 1000));
  out.key("searches");
  out.value(std::uint64_t{times.size()});
  out.key("mean_us");
  out.value(tenths(sum / static_cast<double>(times.size())));
  out.key("p50_us");
  out.value(tenths(percentile(times, 0.50)));
  out.key("p99_us");
  out.value(tenths(percentile(times, 0.99)));
  out.end_object();
  std::cout << out.str() << "\n";
  return 0;
}
