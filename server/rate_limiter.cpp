// Token buckets in a two-choice table.
#include "server/rate_limiter.h"

#include <algorithm>

namespace prepsearch {

RateLimiter::RateLimiter(double per_second, double burst, std::size_t slots)
    : per_second_(per_second), burst_(burst), slots_(std::max<std::size_t>(slots, 2)) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
  if (bucket.owner == 0) return burst_;
  const std::chrono::duration<double> idle = now - bucket.last;
  return std::min(burst_, bucket.tokens + std::max(0.0, idle.count()) * per_second_);
}

bool RateLimiter::allow(const std::string& client, Clock::time_point now) {
  if (per_second_ <= 0) return true;
  const std::uint64_t hash = hash_(client) | 1;  // never 0: 0 marks a free slot
  MutexLock lock(mutex_);
  Bucket& first = slots_[hash % slots_.size()];
  Bucket& second = slots_[(hash >> 32 ^ hash * 31) % slots_.size()];
  Bucket* bucket = first.owner == hash ? &first : second.owner == hash ? &second : nullptr;
  if (bucket == nullptr) {
    bucket = refilled(first, now) >= refilled(second, now) ? &first : &second;
    *bucket = Bucket{hash, burst_, now};
  }
  bucket->tokens = refilled(*bucket, now);
  bucket->last = now;
  if (bucket->tokens < 1) return false;
  bucket->tokens -= 1;
  return true;
}

std::size_t RateLimiter::clients() const {
  MutexLock lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      slots_.begin(), slots_.end(), [](const Bucket& bucket) { return bucket.owner != 0; }));
}

}  // namespace prepsearch
