// Each document's length, as Xapian keeps it (its terms' wdf summed), and the statistics
// BM25 reads with it, for one database revision, read in one pass over glass's length list.
// A match with BM25's b > 0 decodes that list again on every search (docs/ranking.md).
#pragma once

#include <vector>

#include <xapian.h>

namespace prepsearch {

struct DocLengths {
  explicit DocLengths(const Xapian::Database& db);
  std::vector<Xapian::termcount> by_docid;  // 0 where no document is
  double average = 0;                       // Database::get_avlength()
  Xapian::termcount shortest = 0;           // the shortest document's length
  Xapian::doccount documents = 0;
};

}  // namespace prepsearch
