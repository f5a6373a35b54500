// The JSONL reader: any bytes give documents or FILE:LINE errors, never a crash or an
// exception past it; an accepted record survives the stored-record round trip.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/document.h"

#include "indexer/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  prepsearch::read_jsonl(
      in, "fuzz.jsonl",
      [](prepsearch::Document&& doc, std::size_t) {
        if (doc.id.empty()) __builtin_trap();
        const prepsearch::Document back = prepsearch::read_record(prepsearch::stored_record(doc));
        if (back.id != doc.id || back.title != doc.title) __builtin_trap();
      },
      [](prepsearch::Diagnostic&& diagnostic) {
        if (diagnostic.line == 0) __builtin_trap();  // every error names its line
      });
  return 0;
}
