// Token buckets per address, forgotten once full again.
#include "server/event_limiter.h"

#include <algorithm>

namespace prepsearch {

double EventLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
  const std::chrono::duration<double> idle = now - bucket.last;
  return std::min(burst_, bucket.tokens + std::max(0.0, idle.count()) * per_second_);
}

bool EventLimiter::allow(const std::string& client, Clock::time_point now) {
  MutexLock lock(mutex_);
  auto found = buckets_.find(client);
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {
      for (auto it = buckets_.begin(); it != buckets_.end();) {
        it = refilled(it->second, now) >= burst_ ? buckets_.erase(it) : std::next(it);
      }
      if (buckets_.size() >= max_clients_) return false;
    }
    found = buckets_.emplace(client, Bucket{burst_, now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.last = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

std::size_t EventLimiter::clients() const {
  MutexLock lock(mutex_);
  return buckets_.size();
}

}  // namespace prepsearch
