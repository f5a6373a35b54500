// One run of prepsearch-index: corpus paths → checked Documents → a new or updated generation.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "core/command_line.h"
#include "core/schema.h"

#include "indexer/html_page.h"

namespace prepsearch {

struct IndexOptions {
  std::string db;                  // the stub path, e.g. data/index
  std::vector<std::string> paths;  // corpus files and folders
  bool update = false;             // change the live generation in place instead of rebuilding
  unsigned shards = 0;             // databases to split into; 0: as many as the live index has
  bool quiet = false;              // print errors only
  bool progress = false;           // draw a progress line on `err` (set when it is a terminal)
  bool allow_shrink = false;       // publish even below kMinKeptShare of the live documents
  // The language of a document whose page or record says none (an ISO 639-1 code).
  std::string language = schema::kDefaultLanguage;
  // An HTML page's headings h1 to h<this> start a document (indexer/html_page.h).
  unsigned html_heading_depth = kDefaultHtmlHeadingDepth;
};

// A run that would leave fewer than this share of the live index's documents is refused
// unless --allow-shrink: a mistyped, half-copied or unmounted corpus path must not empty
// search. A run that finds no document at all is always refused.
inline constexpr double kMinKeptShare = 0.5;

// Indexes and reports on `out` (summary) and `err` (diagnostics, progress). Any bad input
// means nothing is published: the live index is left exactly as it was. Returns an exit code.
int run_index(const IndexOptions& options, std::ostream& out, std::ostream& err);

}  // namespace prepsearch
