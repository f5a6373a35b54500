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
  // A name with nothing to escape (every key the API writes) is copied as it is.
  if (next_json_special(name, 0) != name.size()) {
    write_string(name);
    put(':');
    return;
  }
  char* at = room(name.size() + 3);
  *at++ = '"';
  std::copy(name.begin(), name.end(), at);
  at += name.size();
  *at++ = '"';
  *at = ':';
  size_ += name.size() + 3;
}

void JsonWriter::grow(std::size_t at_least) {
  const std::size_t capacity = std::max(2 * capacity_, at_least);
  std::unique_ptr<char[]> grown(new char[capacity]);
  std::copy(out_.get(), out_.get() + size_, grown.get());
  out_ = std::move(grown);
  capacity_ = capacity;
}

void JsonWriter::put(std::string_view bytes) {
  std::copy(bytes.begin(), bytes.end(), room(bytes.size()));
  size_ += bytes.size();
}

void JsonWriter::value(std::string_view text) {
  separate();
  write_string(text);
}

void JsonWriter::value(std::uint64_t number) {
  separate();
  char* at = room(24);
  size_ = static_cast<std::size_t>(std::to_chars(at, at + 24, number).ptr - out_.get());
}

void JsonWriter::value(double number) {
  separate();
  if (!std::isfinite(number)) {
    put("null");
    return;
  }
  char* at = room(32);
  size_ = static_cast<std::size_t>(std::to_chars(at, at + 32, number).ptr - out_.get());
}

void JsonWriter::value(bool flag) {
  separate();
  put(flag ? "true" : "false");
}

void JsonWriter::null() {
  separate();
  put("null");
}

void JsonWriter::open(char bracket) {
  separate();
  put(bracket);
  has_members_.push_back(0);
}

void JsonWriter::close(char bracket) {
  put(bracket);
  has_members_.pop_back();
}

// A comma before every item but the first of its bracket; none right after a key.
void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_members_.empty()) return;
  if (has_members_.back()) put(',');
  has_members_.back() = 1;
}

void JsonWriter::write_escape(unsigned char c) {
  switch (c) {
    case '"': put("\\\""); break;
    case '\\': put("\\\\"); break;
    case '\n': put("\\n"); break;
    case '\t': put("\\t"); break;
    case '\r': put("\\r"); break;
    case '\b': put("\\b"); break;
    case '\f': put("\\f"); break;
    default: {
      char escaped[] = {'\\', 'u', '0', '0', 0, 0};
      write_hex_byte(escaped + 4, c);
      put(std::string_view(escaped, sizeof escaped));
    }
  }
}

void JsonWriter::write_string(std::string_view text) {
  put('"');
  std::size_t plain = 0;  // start of the run of bytes that need no escaping
  const auto flush = [&](std::size_t i) { put(text.substr(plain, i - plain)); };
  for (std::size_t i = next_json_special(text, 0); i < text.size();
       i = next_json_special(text, i)) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // A run of valid characters (a word of Cyrillic text) passes without a scan per
      // character; the scan resumes at the first ASCII byte.
      std::size_t len = utf8_sequence_length(text, i);
      if (len != 0) {
        do {
          i += len;
        } while (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80 &&
                 (len = utf8_sequence_length(text, i)) != 0);
        continue;
      }
      flush(i);
      put(kReplacement);
      plain = ++i;
      continue;
    }
    flush(i);
    write_escape(c);
    plain = ++i;
  }
  flush(text.size());
  put('"');
}

}  // namespace prepsearch
