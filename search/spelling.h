// Typo correction from the index's own vocabulary (its spelling table).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "search/term_dictionary.h"

namespace prepsearch {

// `query` with each word the index `db` does not contain replaced by the most frequent
// indexed word within two edits (celary → celery); nullopt if nothing was replaced.
// Operators, quotes and field names are kept as typed. The spelling table is read from
// `lexicon` (`db` itself, or a local copy when `db` is remote: see live_index.h). Whether a
// word is indexed is read from `terms` when it answers (it may be null).
std::optional<std::string> correct_spelling(const Xapian::Database& db,
                                            const Xapian::Database& lexicon, std::string_view query,
                                            const TermDictionary* terms = nullptr);

// The most frequent indexed word within two edits of `word` (folded), if the index does not
// contain `word` itself and it is long enough to guess from.
std::optional<std::string> spelling_of(const Xapian::Database& db, const Xapian::Database& lexicon,
                                       const std::string& word,
                                       const TermDictionary* terms = nullptr);

}  // namespace prepsearch
