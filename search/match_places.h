// Where in a text a match of the query may start, found without tokenising it: the snippet
// maker (snippet.h) tokenises only the runs of text around these places.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/query_builder.h"

namespace prepsearch {

// A place is a byte not preceded by an ASCII letter or digit (so every token and every part
// of a code term starts at one) whose lower-cased bytes begin with a head: the start of a term
// to mark. A non-ASCII byte there is always a place, as folding (NFKC, accents) may turn it
// into anything. It only ever finds too many places; the tokeniser decides.
class MatchPlaces {
 public:
  explicit MatchPlaces(const HighlightTerms& terms);

  // True if a word whose folded form is `word` may match: it starts with a head.
  bool may_match(const std::string& word) const;
  // The first place at or after `from`, or npos.
  std::size_t next(std::string_view text, std::size_t from) const;

 private:
  // Longer heads find fewer places; a stem's head leaves out its last two letters, which
  // the English stemmer may have changed (academy → academi, capability → capabl), and
  // dying, lying and tying (die, lie, tie) are its only stems that differ sooner.
  static constexpr std::size_t kMaxHead = 6;

  void add(std::string head);
  bool is_place(std::string_view text, std::size_t i) const;
  bool starts_head(std::string_view text, std::size_t i) const;
  std::size_t next_in_blocks(std::string_view text, std::size_t& from) const;

  std::vector<std::string> heads_;
  // Bytes a place can start with: a head's first (a letter in either case), any non-ASCII.
  std::array<bool, 256> may_start_{};
  // The heads' first bytes, lower-cased letters apart from other bytes, for the block scan.
  std::string first_letters_, first_others_;
};

}  // namespace prepsearch
