// Markdown page → Documents: one per `##` section, `###` subsection and Q&A item.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace prepsearch {

// Parses one page (the format is corpus/README.md). Each document goes to `sink` with its
// heading's line; each problem goes to `report` as an error. Never throws for bad input.
// `text` must be valid UTF-8 (the caller checks, so it can name the line).
void parse_markdown(std::string_view text, const std::string& file, const DocumentSink& sink,
                    const DiagnosticSink& report);

}  // namespace prepsearch
