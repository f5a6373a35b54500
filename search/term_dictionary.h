// The terms of one database revision with their frequencies, in memory, but those of the
// prefixes whose terms grow with the documents (ids, the title keys, starts and pairs, the
// ids a translation names): a search asks whether a word is indexed (the spelling check, the
// typed word, the page a query names) and which terms a typed word begins, and each such
// question put to Xapian is a B-tree lookup, a block read from the file (a system call) when
// the terms fall in different blocks. Here it is a binary search over a sorted array.
//
// A term the dictionary does not cover (covers() false), or any term when the revision's
// vocabulary is over the budget, is asked of Xapian: frequency() and each_starting() say
// when, and term_frequency() and any_term_starting() ask whichever answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace prepsearch {

// The covered terms are held while their bytes come to at most this.
inline constexpr std::size_t kMaxDictionaryBytes = 64u << 20;

class TermDictionary {
 public:
  // Reads the covered terms of `db` (one local database), unless they come to more than
  // `max_bytes`: then it holds none and answers nothing.
  explicit TermDictionary(const Xapian::Database& db, std::size_t max_bytes = kMaxDictionaryBytes);

  // Whether `term` is of a kind held.
  static bool covers(std::string_view term);
  // Whether every term beginning with `prefix` is of a kind held.
  static bool covers_prefix(std::string_view prefix);
  // `term`'s frequency (0: not indexed) if it is covered and held; nullopt: ask Xapian.
  std::optional<Xapian::doccount> frequency(std::string_view term) const;
  // The covered and held terms beginning with `prefix`, in term order, each with its
  // frequency, to `visit(term, frequency)` until it returns false; false if `prefix` is not
  // covered or nothing is held (ask Xapian).
  template <typename Visit>
  bool each_starting(std::string_view prefix, Visit visit) const {
    if (!held_ || !covers_prefix(prefix)) return false;
    for (std::size_t i = lower_bound(prefix); i < frequencies_.size(); ++i) {
      const std::string_view term = at(i);
      if (term.compare(0, prefix.size(), prefix) != 0) break;
      if (!visit(term, frequencies_[i])) break;
    }
    return true;
  }
  bool held() const { return held_; }
  std::size_t size() const { return frequencies_.size(); }

 private:
  std::string_view at(std::size_t i) const {
    return std::string_view(bytes_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  std::size_t lower_bound(std::string_view term) const;

  std::string bytes_;                   // the terms, in term order
  std::vector<std::uint32_t> offsets_;  // term i is bytes_[offsets_[i], offsets_[i + 1])
  std::vector<Xapian::doccount> frequencies_;
  bool held_ = false;
};

// `term`'s frequency from `dictionary` (may be null) when it answers, else from `db`.
Xapian::doccount term_frequency(const Xapian::Database& db, const TermDictionary* dictionary,
                                const std::string& term);
// Whether some term begins with `prefix`, from `dictionary` (may be null) when it answers.
bool any_term_starting(const Xapian::Database& db, const TermDictionary* dictionary,
                       const std::string& prefix);

}  // namespace prepsearch
