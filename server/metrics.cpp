// Counting under one mutex: a few nanoseconds beside a search.
#include "server/metrics.h"

#include <sstream>

namespace prepsearch {

void Metrics::record(const std::string& route, int status, std::uint64_t micros) {
  MutexLock lock(mutex_);
  ++requests_[{route, status}];
  Histogram& histogram = latency_[route];
  ++histogram.count;
  histogram.sum_micros += micros;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (micros <= kBuckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
}

std::string Metrics::render(std::uint64_t documents, std::uint64_t reloads) const {
  std::ostringstream out;
  out << "# HELP prepsearch_requests_total HTTP requests by route and status.\n"
      << "# TYPE prepsearch_requests_total counter\n";
  MutexLock lock(mutex_);
  for (const auto& [key, count] : requests_) {
    out << "prepsearch_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << count << '\n';
  }
  out << "# HELP prepsearch_request_duration_seconds Time to answer a request.\n"
      << "# TYPE prepsearch_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    std::uint64_t cumulative = 0;
    const std::string name = "prepsearch_request_duration_seconds";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += histogram.counts[i];
      out << name << "_bucket{route=\"" << route << "\",le=\""
          << static_cast<double>(kBuckets[i]) / 1e6 << "\"} " << cumulative << '\n';
    }
    out << name << "_bucket{route=\"" << route << "\",le=\"+Inf\"} " << histogram.count << '\n'
        << name << "_sum{route=\"" << route << "\"} "
        << static_cast<double>(histogram.sum_micros) / 1e6 << '\n'
        << name << "_count{route=\"" << route << "\"} " << histogram.count << '\n';
  }
  out << "# HELP prepsearch_documents Documents in the live index.\n"
      << "# TYPE prepsearch_documents gauge\n"
      << "prepsearch_documents " << documents << '\n'
      << "# HELP prepsearch_index_reloads_total Times the server picked up a changed index.\n"
      << "# TYPE prepsearch_index_reloads_total counter\n"
      << "prepsearch_index_reloads_total " << reloads << '\n';
  return out.str();
}

}  // namespace prepsearch
