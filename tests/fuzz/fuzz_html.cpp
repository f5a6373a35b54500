// The HTML page reader: any valid UTF-8 text gives documents or errors, never a crash, and
// every document it gives has an id, a title and a safe url, and stores and reads back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/text_fold.h"

#include "indexer/html_page.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (prepsearch::find_invalid_utf8(text)) return -1;  // read_page reports it by line first
  prepsearch::parse_html(
      text, "fuzz.html", "/fuzz.html", prepsearch::kDefaultHtmlHeadingDepth,
      [](prepsearch::Document&& doc, std::size_t) {
        if (doc.id.empty() || doc.title.empty() || !prepsearch::is_safe_url(doc.url))
          __builtin_trap();
        if (prepsearch::read_record(prepsearch::stored_record(doc)).id != doc.id) __builtin_trap();
      },
      [](prepsearch::Diagnostic&&) {});
  return 0;
}
