// Skipping, sixteen bytes at a time where the CPU allows, over the bytes an output writes as
// they are: most of a JSON string or an HTML snippet needs no escape.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace prepsearch {

#if defined(__SSE2__)
// The first lane of `is_special` (a test of sixteen bytes) at or after text[from], over the
// text's last bytes, fewer than sixteen from `from`: the text's last sixteen read again
// (the lanes before `from` dropped), or, in a shorter text, a copy padded with spaces, which
// neither scan stops at. Never reads past the text.
template <typename IsSpecial>
std::size_t next_in_tail(std::string_view text, std::size_t from, IsSpecial is_special) {
  if (from >= text.size()) return text.size();
  unsigned skip = 0;
  __m128i bytes;
  if (text.size() >= 16) {
    bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + text.size() - 16));
    skip = static_cast<unsigned>(16 - (text.size() - from));
  } else {
    char block[16];
    std::memset(block, ' ', sizeof block);
    std::memcpy(block, text.data() + from, text.size() - from);
    bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
  }
  const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(is_special(bytes))) >> skip;
  return mask ? from + static_cast<unsigned>(__builtin_ctz(mask)) : text.size();
}
#endif

// The first byte at or after `from` that a JSON string cannot hold as it is (a quote, a
// backslash, a control character) or that starts a UTF-8 check (any non-ASCII byte); or the
// text's size.
inline std::size_t next_json_special(std::string_view text, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  // Signed bytes: below 0x20 is a control character or, negative, a non-ASCII byte.
  const auto is_special = [](__m128i bytes) {
    return _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                        _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                     _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
  };
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (const int mask = _mm_movemask_epi8(is_special(bytes)))
      return i + static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
  return next_in_tail(text, i, is_special);
#else
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return i;
  }
  return text.size();
#endif
}

// The first byte at or after `from` that HTML text escapes (& < > " '), or the text's size.
inline std::size_t next_html_special(std::string_view text, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  const auto is_special = [](__m128i bytes) {
    const auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
    return _mm_or_si128(_mm_or_si128(is('&'), is('<')),
                        _mm_or_si128(_mm_or_si128(is('>'), is('"')), is('\'')));
  };
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (const int mask = _mm_movemask_epi8(is_special(bytes)))
      return i + static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
  return next_in_tail(text, i, is_special);
#else
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') return i;
  }
  return text.size();
#endif
}

}  // namespace prepsearch
