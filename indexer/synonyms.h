// synonyms.txt: groups of equivalent spellings, written into the database's synonym table.
//
// One group per line, members separated by `=`: `CBV = class-based views`. The indexer
// stores, for each member's key, every other member as written; the server looks query
// words up by the same keys (synonym_keys in core/terms.h) and searches the members too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/diagnostic.h"

namespace prepsearch {

inline constexpr char kSynonymsFileName[] = "synonyms.txt";

struct SynonymGroup {
  std::vector<std::string> members;  // as written, trimmed; at least two
};

// Parses a synonyms file. Blank lines and lines starting with `#` are skipped; a line with
// fewer than two members, an empty member or a member with no word is reported.
std::vector<SynonymGroup> parse_synonyms(std::string_view text, const std::string& file,
                                         const DiagnosticSink& report);

// Replaces the database's synonym table with `groups`.
void write_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymGroup>& groups);

}  // namespace prepsearch
