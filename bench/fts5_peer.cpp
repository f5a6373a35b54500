// SQLite FTS5, as the benchmarks run it.
#include "fts5_peer.h"

#include <sstream>
#include <stdexcept>

namespace prepsearch::peers {

std::string fts5_match(const std::string& text) {
  std::istringstream words(text);
  std::string match;
  for (std::string word; words >> word;) {
    std::string quoted = "\"";
    for (const char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    match += (match.empty() ? "" : " OR ") + quoted + "\"";
  }
  return match;
}

std::string fts5_sql(unsigned limit) {
  return "SELECT id, title FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT " +
         std::to_string(limit);
}

std::vector<std::string> fts5_search(sqlite3* db, const std::string& text, unsigned limit) {
  const std::string match = fts5_match(text);
  std::vector<std::string> ids;
  if (match.empty()) return ids;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, fts5_sql(limit).c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  sqlite3_bind_text(statement, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  return ids;
}

}  // namespace prepsearch::peers
