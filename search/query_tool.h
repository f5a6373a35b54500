// prepsearch-query: searches from the command line through the server's own Searcher, for
// scripts and for relevance evaluation (TREC runs).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "search/query_builder.h"
#include "search/ranking.h"

namespace prepsearch {

enum class OutputFormat { kText, kJson, kTrec };

struct QueryToolOptions {
  std::string db;
  std::string lexicon;  // spelling and synonyms for remote shards (live_index.h); "" = db
  unsigned limit = 10;
  OutputFormat format = OutputFormat::kText;
  std::string run_tag = "prepsearch";  // the last column of a TREC run
  std::string query;                   // one query from argv, or
  std::string queries_file;            // JSONL: {"id", "q" or "text", optional filters}
  std::vector<std::string> related;    // ids: print their related documents instead
  Filters filters;                     // --topic etc., applied to every query
  std::string lang;                    // --lang: the queries' language; empty: the index's
  RankingParams ranking;               // --ranking name=value: for tuning on training data
};

// One query to run: from argv or a line of the queries file.
struct QueryLine {
  std::string id;
  std::string text;
  Filters filters;
};

// Parses argv; nullopt after help (exit 0) or a usage error (exit 2), as `exit_code` says.
std::optional<QueryToolOptions> parse_query_tool_options(int argc, const char* const* argv,
                                                         std::ostream& out, std::ostream& err,
                                                         int& exit_code);

// Reads a queries file. Throws InputError "FILE:LINE: error: ..." on a bad line.
std::vector<QueryLine> read_query_lines(const std::string& path);

// Runs every query and prints the results in the chosen format. Returns the exit code.
int run_query_tool(const QueryToolOptions& options, std::ostream& out, std::ostream& err);

}  // namespace prepsearch
