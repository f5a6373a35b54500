// SQLite FTS5 ranked by bm25(): the other peer, on the table bench/fts5.sh builds.
#pragma once

#include <string>
#include <vector>

#include <sqlite3.h>

namespace prepsearch::peers {

// An FTS5 MATCH expression: each word quoted (FTS5 would read "N+1" or "-" as syntax) and
// ORed, like prepsearch's plain words.
std::string fts5_match(const std::string& text);

// The SQL of a search: ids and titles of the best `limit` rows by bm25().
std::string fts5_sql(unsigned limit);

// The ids of FTS5's top `limit` for `text`, in rank order.
std::vector<std::string> fts5_search(sqlite3* db, const std::string& text, unsigned limit);

}  // namespace prepsearch::peers
