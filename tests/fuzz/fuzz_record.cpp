// The stored-record and rank-record decoders: a document's data and values come from the
// database, which another version or a damaged file may have written. Any bytes decode or
// throw a std::exception (the rank record: or decode to nothing), never read out of bounds.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "core/document.h"
#include "core/rank_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const auto record = prepsearch::decode_rank_record(bytes)) {
    // What decodes is exactly what encode() writes for it.
    if (prepsearch::encode(*record) != bytes) __builtin_trap();
  }
  try {
    const prepsearch::Document doc = prepsearch::read_record(bytes);
    // What decodes must encode to a record that decodes the same.
    const prepsearch::Document again = prepsearch::read_record(prepsearch::stored_record(doc));
    if (again.id != doc.id || again.title != doc.title || again.tags != doc.tags) __builtin_trap();
  } catch (const std::exception&) {
  }
  return 0;
}
