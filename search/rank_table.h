// The rank records (core/rank_record.h) of every document of one database revision, by
// docid: the second phase of ranking reads a window document's record at an array index,
// not from a value slot (search/slot_table.h says why).
#pragma once

#include <string_view>

#include <xapian.h>

#include "core/rank_record.h"

#include "search/slot_table.h"

namespace prepsearch {

class RankTable {
 public:
  // Reads every document's record of `db`, one local database.
  explicit RankTable(const Xapian::Database& db);

  // The record bytes of `docid`: empty for a docid the table has not seen (or a document
  // indexed without one).
  std::string_view bytes(Xapian::docid docid) const { return slot_.bytes(docid); }
  // The record of `docid`, read in place; an empty one when it has none.
  RankRecordView record(Xapian::docid docid) const;

 private:
  SlotTable slot_;  // schema::kSlotRank
};

}  // namespace prepsearch
