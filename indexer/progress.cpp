// Progress drawing; the ETA extrapolates from bytes read, the one total known up front.
#include "indexer/progress.h"

#include <cstdio>

namespace prepsearch {

Progress::Progress(std::ostream& out, bool enabled, std::size_t total_bytes)
    : out_(out),
      enabled_(enabled),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::size_t items, std::size_t bytes_done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(items) / elapsed : 0;
  const double fraction =
      total_bytes_ ? static_cast<double>(bytes_done) / static_cast<double>(total_bytes_) : 0;
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  char line[128];
  std::snprintf(line, sizeof line, "\r%zu items  %.0f items/s  %3.0f%%  ETA %.0fs   ", items, rate,
                fraction * 100, eta);
  out_ << line << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace prepsearch
