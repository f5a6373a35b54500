// prepsearch-peer-run ENGINE DB QUERIES [LIMIT]: a TREC run of a peer over a queries file
// (the format prepsearch-query --queries reads), for scoring with prepsearch-score beside
// prepsearch's own run. ENGINE: quest (Xapian as `quest` runs a query, on scriptindex's
// database) or fts5 (SQLite FTS5 by bm25(), on the database bench/fts5.sh builds).
#include <cstdio>
#include <exception>
#include <string>

#include "search/query_tool.h"

#include "fts5_peer.h"
#include "quest_peer.h"

int main(int argc, char** argv) {
  if (argc < 4 || (std::string(argv[1]) != "quest" && std::string(argv[1]) != "fts5")) {
    std::fprintf(stderr, "usage: prepsearch-peer-run quest|fts5 DB QUERIES.jsonl [LIMIT]\n");
    return 2;
  }
  const std::string engine = argv[1];
  const unsigned limit = argc > 4 ? static_cast<unsigned>(std::stoul(argv[4])) : 10;
  try {
    const auto queries = prepsearch::read_query_lines(argv[3]);
    const auto print = [&](const std::string& qid, std::size_t rank, const std::string& id) {
      std::printf("%s Q0 %s %zu %zu %s\n", qid.c_str(), id.c_str(), rank,
                  static_cast<std::size_t>(limit) - rank + 1, engine.c_str());
    };
    if (engine == "quest") {
      const Xapian::Database db(argv[2]);
      for (const auto& query : queries) {
        const auto mset = prepsearch::peers::quest_search(db, query.text, limit);
        std::size_t rank = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          print(query.id, ++rank, prepsearch::peers::omega_id(it.get_document()));
        }
      }
      return 0;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "cannot open %s\n", argv[2]);
      return 1;
    }
    for (const auto& query : queries) {
      std::size_t rank = 0;
      for (const auto& id : prepsearch::peers::fts5_search(db, query.text, limit)) {
        print(query.id, ++rank, id);
      }
    }
    sqlite3_close(db);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "prepsearch-peer-run: %s\n", e.what());
    return 1;
  }
}
