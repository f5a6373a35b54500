// Small string helpers that several readers need.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace prepsearch {

// `s` without leading and trailing spaces, tabs, carriage returns and newlines.
inline std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

inline bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A space, tab or line break: what no token of the analyzer spans.
inline bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// True if `a` and `b` are equal with ASCII letters compared in either case (header names,
// HTTP schemes).
inline bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Writes `byte` as two lower-case hex digits to out[0] and out[1].
inline void write_hex_byte(char* out, unsigned char byte) {
  constexpr char kHex[] = "0123456789abcdef";
  out[0] = kHex[byte >> 4];
  out[1] = kHex[byte & 0xF];
}

// Appends `byte` as two lower-case hex digits.
inline void append_hex_byte(std::string& out, unsigned char byte) {
  char digits[2];
  write_hex_byte(digits, byte);
  out.append(digits, sizeof digits);
}

// The longest prefix of `s` of at most `max_bytes` that ends on a UTF-8 character boundary
// (a cut never leaves half a character).
inline std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) {
  if (max_bytes >= s.size()) return s.size();
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

// `s` with every control byte (newline, escape, DEL...) and backslash written as \xHH: safe
// to put on one line of a log or a terminal.
inline std::string escape_control_bytes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f && c != '\\') {
      out += c;
      continue;
    }
    append_hex_byte(out.append("\\x"), byte);
  }
  return out;
}

}  // namespace prepsearch
