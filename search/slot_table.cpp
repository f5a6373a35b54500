// Reading a value stream into one buffer.
#include "search/slot_table.h"

#include <algorithm>

namespace prepsearch {
namespace {

// With a budget, the first values read tell how much the slot holds in all, as if the rest
// were alike: a slot far over it is given up before it is read (and held) up to the budget,
// and one within it is read into room made once.
constexpr std::size_t kValuesToEstimateFrom = 1000;
constexpr double kEstimateMargin = 1.5;  // the estimate may be this far off either way

}  // namespace

SlotTable::SlotTable(const Xapian::Database& db, Xapian::valueno slot, std::size_t max_bytes) {
  const Xapian::docid last = db.get_lastdocid();
  offsets_.assign(std::size_t{last} + 2, 0);
  const auto give_up = [this] {
    bytes_ = std::string();
    offsets_ = std::vector<std::size_t>();
  };
  const double documents = db.get_doccount();
  std::size_t values = 0;
  Xapian::docid filled = 0;  // offsets_[0 .. filled] are set
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid docid = it.get_docid();
    while (filled < docid) offsets_[++filled] = bytes_.size();
    bytes_ += *it;
    if (bytes_.size() > max_bytes) {
      give_up();
      return;
    }
    offsets_[++filled] = bytes_.size();
    if (++values == kValuesToEstimateFrom && max_bytes != SIZE_MAX) {
      const double estimate =
          static_cast<double>(bytes_.size()) / static_cast<double>(values) * documents;
      if (estimate > kEstimateMargin * static_cast<double>(max_bytes)) {
        give_up();
        return;
      }
      bytes_.reserve(std::min(max_bytes, static_cast<std::size_t>(estimate * kEstimateMargin)));
    }
  }
  while (filled + 1 < offsets_.size()) offsets_[++filled] = bytes_.size();
  bytes_.shrink_to_fit();
}

}  // namespace prepsearch
