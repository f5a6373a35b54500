// Word by word: keep what the index knows, replace what it does not.
#include "search/spelling.h"

#include <vector>

#include "core/analyzer.h"

namespace prepsearch {
namespace {

// Words this short have too many neighbours within two edits to guess from.
constexpr std::size_t kMinCorrectableBytes = 4;

struct Replacement {
  std::size_t offset, length;
  std::string word;
};

}  // namespace

std::optional<std::string> spelling_of(const Xapian::Database& db, const Xapian::Database& lexicon,
                                       const std::string& word, const TermDictionary* terms) {
  if (word.size() < kMinCorrectableBytes || term_frequency(db, terms, word) > 0)
    return std::nullopt;
  std::string suggestion = lexicon.get_spelling_suggestion(word);
  // The spelling table only grows (see IndexWriter::flush): offer only words still indexed.
  if (suggestion.empty() || term_frequency(db, terms, suggestion) == 0) return std::nullopt;
  return suggestion;
}

std::optional<std::string> correct_spelling(const Xapian::Database& db,
                                            const Xapian::Database& lexicon, std::string_view query,
                                            const TermDictionary* terms) {
  std::vector<Replacement> replacements;
  const bool typing = !query.empty() && query.back() != ' ';
  analyze(query, [&](const Token& token) {
    const std::string& word = whole_word(token);
    if (!token.exact.empty() && word.size() != token.raw.size()) return;  // decorated: leave it
    if (token.cjk) return;  // overlapping pairs: no one word to replace
    // A word still being typed is not a typo while some indexed word starts with it.
    const bool last = token.offset + token.raw.size() == query.size();
    if (typing && last && any_term_starting(db, terms, word)) return;
    if (auto suggestion = spelling_of(db, lexicon, word, terms)) {
      replacements.push_back({token.offset, token.raw.size(), std::move(*suggestion)});
    }
  });
  if (replacements.empty()) return std::nullopt;
  std::string corrected(query);
  for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
    corrected.replace(it->offset, it->length, it->word);
  }
  return corrected;
}

}  // namespace prepsearch
