// The Markdown page parser: any valid UTF-8 page gives documents or errors, never a crash,
// and every document it accepts has an id and a title.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/text_fold.h"

#include "indexer/markdown_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (prepsearch::find_invalid_utf8(text)) return -1;  // read_page reports it by line first
  prepsearch::parse_markdown(
      text, "fuzz.md",
      [](prepsearch::Document&& doc, std::size_t) {
        if (doc.id.empty() || doc.title.empty()) __builtin_trap();
        // What the indexer stores must read back the same.
        if (prepsearch::read_record(prepsearch::stored_record(doc)).id != doc.id) __builtin_trap();
      },
      [](prepsearch::Diagnostic&&) {});
  return 0;
}
