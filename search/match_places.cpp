// Finding the places: sixteen bytes at a time where the CPU allows, then byte by byte.
#include "search/match_places.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// U+2010-U+205E (dashes, quotation marks, ellipsis, primes): no word starts with one, and
// NFKC folds none of them into a letter or digit.
bool is_general_punctuation(std::string_view text, std::size_t i) {
  if (text[i] != '\xE2' || i + 2 >= text.size()) return false;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  const auto third = static_cast<unsigned char>(text[i + 2]);
  return (second == 0x80 && third >= 0x90) || (second == 0x81 && third <= 0x9E);
}

}  // namespace

MatchPlaces::MatchPlaces(const HighlightTerms& terms) {
  for (const auto& term : terms.exact) add(term.substr(0, kMaxHead));
  for (const auto& prefix : terms.prefixes) add(prefix.substr(0, kMaxHead));
  for (const auto& stem : terms.stems) {
    add(stem.substr(0, stem.size() > 4 ? std::min(stem.size() - 2, kMaxHead) : 2));
    if (stem == "die" || stem == "lie" || stem == "tie") add(stem.substr(0, 1) + "y");
  }
  for (const auto& head : heads_) {
    const char first = head[0];
    std::string& firsts = first >= 'a' && first <= 'z' ? first_letters_ : first_others_;
    if (static_cast<unsigned char>(first) < 0x80 && firsts.find(first) == std::string::npos)
      firsts += first;
  }
}

bool MatchPlaces::may_match(const std::string& word) const {
  return std::any_of(heads_.begin(), heads_.end(), [&](const std::string& head) {
    return word.compare(0, head.size(), head) == 0;
  });
}

std::size_t MatchPlaces::next(std::string_view text, std::size_t from) const {
  if (heads_.empty()) return std::string_view::npos;
  if (const std::size_t place = next_in_blocks(text, from); place != std::string_view::npos)
    return place;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (is_place(text, i)) return i;
  }
  return std::string_view::npos;
}

void MatchPlaces::add(std::string head) {
  if (head.empty()) return;
  for (const auto& known : heads_) {
    if (starts_with(head, known)) return;  // every place of `head` is one of `known`
  }
  heads_.erase(std::remove_if(heads_.begin(), heads_.end(),
                              [&](const std::string& known) { return starts_with(known, head); }),
               heads_.end());
  const auto first = static_cast<unsigned char>(head[0]);
  may_start_[first] = true;
  if (first >= 'a' && first <= 'z') may_start_[first - 'a' + 'A'] = true;
  for (unsigned c = 0x80; c < 0x100; ++c) may_start_[c] = true;
  heads_.push_back(std::move(head));
}

// A byte a head may start with, at the start of a character, after no ASCII letter or digit
// and no Cyrillic letter (U+0400-U+047F: then it is inside a word), where the text may begin
// with a head.
bool MatchPlaces::is_place(std::string_view text, std::size_t i) const {
  const auto c = static_cast<unsigned char>(text[i]);
  if (!may_start_[c] || (c & 0xC0) == 0x80) return false;
  if (i > 0 && is_ascii_alnum(static_cast<unsigned char>(text[i - 1]))) return false;
  if (i > 1 && (text[i - 2] == '\xD0' || text[i - 2] == '\xD1') &&
      (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) {
    return false;
  }
  return starts_head(text, i);
}

// True if the text at `i`, folded, may begin with a head. ASCII and basic Cyrillic
// letters fold by case alone; any other character, or a mark after a Cyrillic letter
// that did not match (и + breve is й), may fold to anything.
bool MatchPlaces::starts_head(std::string_view text, std::size_t i) const {
  // The first character folded once, to pass over the heads it does not start: most places
  // start none. A mark after a Cyrillic letter may fold it to anything.
  char first[2] = {text[i], 0};
  const bool ascii = static_cast<unsigned char>(first[0]) < 0x80;
  if (ascii && first[0] >= 'A' && first[0] <= 'Z')
    first[0] = static_cast<char>(first[0] - 'A' + 'a');
  if (!ascii && is_general_punctuation(text, i)) return false;
  if (!ascii) {
    char after[2];
    if (!fold_basic_cyrillic(text, i, first)) return true;
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i + 2]) >= 0x80 &&
        !fold_basic_cyrillic(text, i + 2, after))
      return true;
  }
  for (const auto& head : heads_) {
    if (head[0] != first[0] || (!ascii && head.size() > 1 && head[1] != first[1])) continue;
    std::size_t k = 0, j = i;
    while (k < head.size() && j < text.size()) {
      const auto c = static_cast<unsigned char>(text[j]);
      if (c < 0x80) {
        const char lower =
            c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        if (lower != head[k]) break;
        ++k, ++j;
        continue;
      }
      char letter[2];
      if (!fold_basic_cyrillic(text, j, letter)) return true;
      if (letter[0] != head[k] || (k + 1 < head.size() && letter[1] != head[k + 1])) {
        char after[2];
        const bool marked = j + 2 < text.size() &&
                            static_cast<unsigned char>(text[j + 2]) >= 0x80 &&
                            !fold_basic_cyrillic(text, j + 2, after);
        if (marked) return true;
        break;
      }
      k += 2, j += 2;
    }
    if (k >= head.size()) return true;
  }
  return false;
}

#if defined(__SSE2__)
namespace {

// Lanes holding at most `max`, unsigned: all ones, else zero.
__m128i at_most(__m128i bytes, char max) {
  return _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(max)), bytes);
}

// Lanes holding an ASCII letter or digit.
__m128i ascii_alnum(__m128i bytes) {
  const __m128i lower = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
  return _mm_or_si128(at_most(_mm_sub_epi8(lower, _mm_set1_epi8('a')), 25),
                      at_most(_mm_sub_epi8(bytes, _mm_set1_epi8('0')), 9));
}

}  // namespace

// Most bytes fail is_place's first tests: a head's first byte or a non-ASCII lead byte, after
// no ASCII letter or digit and no Cyrillic letter. Sixteen bytes are tested at once and what
// passes goes to is_place. Scans whole blocks from `from` and leaves `from` at the first byte
// not scanned.
std::size_t MatchPlaces::next_in_blocks(std::string_view text, std::size_t& from) const {
  const char* data = text.data();
  for (; from < 2 && from < text.size(); ++from) {  // a block reads the two bytes before it
    if (is_place(text, from)) return from;
  }
  const auto is_continuation = [](__m128i lanes) {
    return _mm_cmpeq_epi8(_mm_and_si128(lanes, _mm_set1_epi8('\xC0')), _mm_set1_epi8('\x80'));
  };
  for (; from + 16 <= text.size(); from += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + from));
    const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + from - 1));
    const __m128i two_before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + from - 2));
    // After a basic Cyrillic letter (lead byte D0 or D1, then one more byte).
    const __m128i after_cyrillic =
        _mm_and_si128(_mm_or_si128(_mm_cmpeq_epi8(two_before, _mm_set1_epi8('\xD0')),
                                   _mm_cmpeq_epi8(two_before, _mm_set1_epi8('\xD1'))),
                      is_continuation(before));
    const __m128i lower = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
    __m128i firsts = _mm_setzero_si128();
    for (const char c : first_letters_)
      firsts = _mm_or_si128(firsts, _mm_cmpeq_epi8(lower, _mm_set1_epi8(c)));
    for (const char c : first_others_)
      firsts = _mm_or_si128(firsts, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)));
    const auto leads = static_cast<unsigned>(_mm_movemask_epi8(bytes)) &
                       ~static_cast<unsigned>(_mm_movemask_epi8(is_continuation(bytes)));
    const __m128i inside_word = _mm_or_si128(ascii_alnum(before), after_cyrillic);
    unsigned candidates = (static_cast<unsigned>(_mm_movemask_epi8(firsts)) | leads) &
                          ~static_cast<unsigned>(_mm_movemask_epi8(inside_word));
    for (; candidates != 0; candidates &= candidates - 1) {
      const std::size_t i = from + static_cast<unsigned>(__builtin_ctz(candidates));
      if (is_place(text, i)) return i;
    }
  }
  return std::string_view::npos;
}
#else
std::size_t MatchPlaces::next_in_blocks(std::string_view, std::size_t&) const {
  return std::string_view::npos;
}
#endif

}  // namespace prepsearch
