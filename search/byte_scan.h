// Skipping, sixteen bytes at a time where the CPU allows, over the bytes an output writes as
// they are: most of a JSON string or an HTML snippet needs no escape.
#pragma once

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace prepsearch {

// The first byte at or after `from` that a JSON string cannot hold as it is (a quote, a
// backslash, a control character) or that starts a UTF-8 check (any non-ASCII byte); or the
// text's size.
inline std::size_t next_json_special(std::string_view text, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  // Signed bytes: below 0x20 is a control character or, negative, a non-ASCII byte.
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i special = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                         _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
    if (const int mask = _mm_movemask_epi8(special))
      return i + static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return i;
  }
  return text.size();
}

// The first byte at or after `from` that HTML text escapes (& < > " '), or the text's size.
inline std::size_t next_html_special(std::string_view text, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
    const __m128i special = _mm_or_si128(_mm_or_si128(is('&'), is('<')),
                                         _mm_or_si128(_mm_or_si128(is('>'), is('"')), is('\'')));
    if (const int mask = _mm_movemask_epi8(special))
      return i + static_cast<unsigned>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') return i;
  }
  return text.size();
}

}  // namespace prepsearch
