// A rate limit per client address, in memory: a token bucket each, `burst` events at once and
// `per_second` after. At most `max_clients` addresses are remembered: when that many are,
// those whose bucket has refilled are forgotten (they would start full anyway), and if none
// has, a new address is refused. A flood of events, or of addresses, never grows memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "core/mutex.h"

namespace prepsearch {

class EventLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  EventLimiter(double per_second, double burst, std::size_t max_clients)
      : per_second_(per_second), burst_(burst), max_clients_(max_clients) {}

  // True if `client` may send one more event at `now` (and counts it).
  bool allow(const std::string& client, Clock::time_point now = Clock::now()) EXCLUDES(mutex_);
  std::size_t clients() const EXCLUDES(mutex_);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double refilled(const Bucket& bucket, Clock::time_point now) const;

  const double per_second_;
  const double burst_;
  const std::size_t max_clients_;
  mutable Mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
