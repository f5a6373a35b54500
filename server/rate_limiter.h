// A rate limit per client, in memory: a token bucket each, `burst` requests at once and
// `per_second` after. The buckets live in a fixed table of `slots`, two candidate slots per
// client (chosen by a hash salted at start): a client takes its own slot, else the one of its
// two that has refilled the most, whose owner then starts with a full bucket when it comes
// back. Each request costs O(1), memory never grows, and a flood of addresses never locks
// newcomers out (the worst it does is hand a flooded-out client a fresh bucket).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/mutex.h"

#include "server/salted_hash.h"

namespace prepsearch {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_second` 0 turns the limit off: allow() is always true.
  RateLimiter(double per_second, double burst, std::size_t slots);

  // True if `client` may make one more request at `now` (and counts it).
  bool allow(const std::string& client, Clock::time_point now = Clock::now()) EXCLUDES(mutex_);
  // Clients holding a slot now (at most `slots`).
  std::size_t clients() const EXCLUDES(mutex_);

 private:
  struct Bucket {
    std::uint64_t owner = 0;  // the client's hash; 0: a free slot
    double tokens = 0;
    Clock::time_point last;
  };
  double refilled(const Bucket& bucket, Clock::time_point now) const;

  const double per_second_;
  const double burst_;
  const SaltedHash hash_;
  mutable Mutex mutex_;
  std::vector<Bucket> slots_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
