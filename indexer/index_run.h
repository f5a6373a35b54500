// One run of prepsearch-index: corpus paths → checked Documents → a new or updated generation.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace prepsearch {

struct IndexOptions {
  std::string db;                  // the stub path, e.g. data/index
  std::vector<std::string> paths;  // corpus files and folders
  bool update = false;             // change the live generation in place instead of rebuilding
  unsigned shards = 0;             // databases to split into; 0: as many as the live index has
  bool quiet = false;              // print errors only
  bool progress = false;           // draw a progress line on `err` (set when it is a terminal)
};

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputError = 1;  // bad corpus input, or the index could not be written
inline constexpr int kExitUsage = 2;

// Indexes and reports on `out` (summary) and `err` (diagnostics, progress). Any bad input
// means nothing is published: the live index is left exactly as it was. Returns an exit code.
int run_index(const IndexOptions& options, std::ostream& out, std::ostream& err);

}  // namespace prepsearch
