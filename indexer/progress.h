// A progress line for long runs on a terminal: items, items/s and ETA, redrawn in place.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>

namespace prepsearch {

class Progress {
 public:
  // Draws on `out` only if `enabled` (the caller checks for a terminal and --quiet).
  Progress(std::ostream& out, bool enabled, std::size_t total_bytes);

  void set_total(std::size_t total_bytes) { total_bytes_ = total_bytes; }
  // Records progress; redraws at most five times a second.
  void update(std::size_t items, std::size_t bytes_done);
  // Erases the line, so the summary that follows starts clean.
  void finish();
  double seconds() const;

 private:
  std::ostream& out_;
  bool enabled_;
  std::size_t total_bytes_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace prepsearch
