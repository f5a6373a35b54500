// Reading a value stream into one buffer.
#include "search/slot_table.h"

namespace prepsearch {

SlotTable::SlotTable(const Xapian::Database& db, Xapian::valueno slot, std::size_t max_bytes) {
  const Xapian::docid last = db.get_lastdocid();
  offsets_.assign(std::size_t{last} + 2, 0);
  Xapian::docid filled = 0;  // offsets_[0 .. filled] are set
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid docid = it.get_docid();
    while (filled < docid) offsets_[++filled] = bytes_.size();
    bytes_ += *it;
    if (bytes_.size() > max_bytes) {
      bytes_ = std::string();
      offsets_ = std::vector<std::size_t>();
      return;
    }
    offsets_[++filled] = bytes_.size();
  }
  while (filled + 1 < offsets_.size()) offsets_[++filled] = bytes_.size();
  bytes_.shrink_to_fit();
}

}  // namespace prepsearch
