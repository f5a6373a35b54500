// Request counters and latency histograms, rendered as Prometheus text.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "core/mutex.h"

namespace prepsearch {

class Metrics {
 public:
  // Records one request: its route label ("/api/search", "static", "unmatched"), status
  // and how long it took. Thread-safe.
  void record(const std::string& route, int status, std::uint64_t micros);

  // The Prometheus text exposition, with the index gauges given.
  std::string render(std::uint64_t documents, std::uint64_t reloads) const;

 private:
  // Upper bounds of the latency buckets, in microseconds.
  static constexpr std::array<std::uint64_t, 10> kBuckets = {100,  250,   500,   1000,   2500,
                                                             5000, 10000, 25000, 100000, 1000000};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // not cumulative
    std::uint64_t count = 0;
    std::uint64_t sum_micros = 0;
  };

  mutable Mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_ GUARDED_BY(mutex_);
  std::map<std::string, Histogram> latency_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
