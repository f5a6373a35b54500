// The bytes one value slot holds for every document of one database revision, by docid, read
// in one pass over the slot's value stream: a search reads a document's value at an array
// index, not by a B-tree lookup that inflates a chunk (and, over a remote shard, a round trip).
// The rank records (rank_table.h) and the stored records (schema::kSlotRecord) are kept so, and
// the texts (schema::kSlotText) while they fit a budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace prepsearch {

class SlotTable {
 public:
  // Reads `slot` of every document of `db`, one local database; holds none of it if the
  // values come to more than `max_bytes`, or if its first values show they will, by far.
  SlotTable(const Xapian::Database& db, Xapian::valueno slot, std::size_t max_bytes = SIZE_MAX);

  // Whether the table holds the slot (else every bytes() is empty).
  bool held() const { return !offsets_.empty(); }

  // The bytes of `docid`: empty for a docid the table has not seen (or no value).
  std::string_view bytes(Xapian::docid docid) const {
    if (std::size_t{docid} + 1 >= offsets_.size()) return {};
    return std::string_view(bytes_).substr(offsets_[docid], offsets_[docid + 1] - offsets_[docid]);
  }

 private:
  std::string bytes_;                 // every value, in docid order
  std::vector<std::size_t> offsets_;  // docid → start in bytes_; docid + 1 → its end
};

}  // namespace prepsearch
