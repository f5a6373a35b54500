// The analyzer, both sides: any UTF-8 text is tokenised without a crash, and in each language
// every query term of the text is a term the indexer wrote for it (index and query must
// agree, or a word on the page could never be found).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/schema.h"
#include "core/text_fold.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (prepsearch::find_invalid_utf8(text)) return -1;  // the readers reject it before this
  static prepsearch::Analyzer analyzer;
  // A few stemmers, and a language left unstemmed.
  for (const char* language : {"en", "es", "pt", "ru", "uk"}) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    analyzer.index_text(doc, text, "", 1, pos, language);
    for (const auto& term : analyzer.query_terms(text, "", language)) {
      if (term.empty() || term.size() > 245) continue;  // past Xapian's limit: never indexed
      auto it = doc.termlist_begin();
      it.skip_to(term);
      if (it == doc.termlist_end() || *it != term) __builtin_trap();  // not indexed: a mismatch
    }
  }
  return 0;
}
