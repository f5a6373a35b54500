// Escaping and number formatting for JsonWriter.
#include "search/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.h"
#include "core/text_fold.h"

#include "search/byte_scan.h"

namespace prepsearch {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void JsonWriter::key(std::string_view name) {
  separate();
  after_key_ = true;
  // A name with nothing to escape (every key the API writes) goes in one append.
  char quoted[32];
  const bool plain = name.size() + 3 <= sizeof quoted && next_json_special(name, 0) == name.size();
  if (!plain) {
    write_string(name);
    out_ += ':';
    return;
  }
  quoted[0] = '"';
  std::copy(name.begin(), name.end(), quoted + 1);
  quoted[name.size() + 1] = '"';
  quoted[name.size() + 2] = ':';
  out_.append(quoted, name.size() + 3);
}

void JsonWriter::value(std::string_view text) {
  separate();
  write_string(text);
}

void JsonWriter::value(std::uint64_t number) {
  separate();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out_.append(digits, end);
}

void JsonWriter::value(double number) {
  separate();
  if (!std::isfinite(number)) {
    out_ += "null";
    return;
  }
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out_.append(digits, end);
}

void JsonWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

void JsonWriter::open(char bracket) {
  separate();
  out_ += bracket;
  has_members_.push_back(false);
}

void JsonWriter::close(char bracket) {
  out_ += bracket;
  has_members_.pop_back();
}

// A comma before every item but the first of its bracket; none right after a key.
void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_members_.empty()) return;
  if (has_members_.back()) out_ += ',';
  has_members_.back() = true;
}

void JsonWriter::write_string(std::string_view text) {
  out_ += '"';
  std::size_t plain = 0;  // start of the run of bytes that need no escaping
  const auto flush = [&](std::size_t i) { out_.append(text.substr(plain, i - plain)); };
  for (std::size_t i = next_json_special(text, 0); i < text.size();
       i = next_json_special(text, i)) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (const std::size_t len = utf8_sequence_length(text, i)) {
        i += len;
        continue;
      }
      flush(i);
      out_ += kReplacement;
      plain = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\t': out_ += "\\t"; break;
      case '\r': out_ += "\\r"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default: append_hex_byte(out_.append("\\u00"), static_cast<unsigned char>(c));
    }
    plain = ++i;
  }
  flush(text.size());
  out_ += '"';
}

}  // namespace prepsearch
