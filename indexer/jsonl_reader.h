// JSONL records (the shape of ../shared/corpora/*/docs.jsonl) → Documents, streamed.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "core/diagnostic.h"
#include "core/document.h"

namespace prepsearch {

// A longer line is reported and skipped without being held in memory.
inline constexpr std::size_t kMaxJsonlLineBytes = std::size_t{16} << 20;

// Reads `in` line by line in bounded memory, one document per non-blank line, calling
// `progress` with the bytes consumed so far every so often. Reports each bad line to `report`.
void read_jsonl(std::istream& in, const std::string& file, const DocumentSink& sink,
                const DiagnosticSink& report,
                const std::function<void(std::size_t bytes)>& progress = {});

// True for a line of spaces, tabs and a CR only: a JSONL reader skips it.
bool is_blank_line(std::string_view line);

// Converts one line (already known to be valid UTF-8) into a document, with `source`
// defaulting to `file`. Throws InputError naming what is wrong with the record.
Document parse_jsonl_record(std::string_view line, const std::string& file);

}  // namespace prepsearch
