// Reading the kSlotRank value stream into one buffer.
#include "search/rank_table.h"

#include <stdexcept>

#include "core/schema.h"

namespace prepsearch {

RankTable::RankTable(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  offsets_.assign(std::size_t{last} + 2, 0);
  Xapian::docid filled = 0;  // offsets_[0 .. filled] are set
  for (auto it = db.valuestream_begin(schema::kSlotRank);
       it != db.valuestream_end(schema::kSlotRank); ++it) {
    const Xapian::docid docid = it.get_docid();
    while (filled < docid) offsets_[++filled] = static_cast<std::uint32_t>(bytes_.size());
    bytes_ += *it;
    if (bytes_.size() > UINT32_MAX) throw std::length_error("rank records over 4 GiB");
    offsets_[++filled] = static_cast<std::uint32_t>(bytes_.size());
  }
  while (filled + 1 < offsets_.size())
    offsets_[++filled] = static_cast<std::uint32_t>(bytes_.size());
  bytes_.shrink_to_fit();
}

RankRecordView RankTable::record(Xapian::docid docid) const {
  const auto view = view_rank_record(bytes(docid));
  return view ? *view : RankRecordView{};
}

}  // namespace prepsearch
