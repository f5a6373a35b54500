// The rank records (core/rank_record.h) of every document of one database revision, by
// docid: the second phase of ranking reads a window document's record at an array index,
// not from a value slot (a value read costs a B-tree lookup, and a round trip over a remote
// shard). Built from one pass over the kSlotRank value stream, as FacetTable is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/rank_record.h"

namespace prepsearch {

class RankTable {
 public:
  // Reads every document's record of `db`, one local database.
  explicit RankTable(const Xapian::Database& db);

  // The record bytes of `docid`: empty for a docid the table has not seen (or a document
  // indexed without one).
  std::string_view bytes(Xapian::docid docid) const {
    if (docid + 1 >= offsets_.size()) return {};
    return std::string_view(bytes_).substr(offsets_[docid], offsets_[docid + 1] - offsets_[docid]);
  }
  // The record of `docid`, read in place; an empty one when it has none.
  RankRecordView record(Xapian::docid docid) const;
  std::size_t memory_bytes() const { return bytes_.capacity() + offsets_.capacity() * 4; }

 private:
  std::string bytes_;                   // every record, in docid order
  std::vector<std::uint32_t> offsets_;  // docid → start in bytes_; docid + 1 → its end
};

}  // namespace prepsearch
