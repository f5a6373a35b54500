// The rank records' slot, read as views.
#include "search/rank_table.h"

#include "core/schema.h"

namespace prepsearch {

RankTable::RankTable(const Xapian::Database& db) : slot_(db, schema::kSlotRank) {}

RankRecordView RankTable::record(Xapian::docid docid) const {
  const auto view = view_rank_record(slot_.bytes(docid));
  return view ? *view : RankRecordView{};
}

}  // namespace prepsearch
