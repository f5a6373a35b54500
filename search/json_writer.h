// JSON written straight into a string: no document tree, for the answers on the hot path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepsearch {

// Appends JSON to a string as it is told, adding the commas and colons. Strings are escaped
// (quote, backslash, control characters) and invalid UTF-8 is replaced by U+FFFD, as
// nlohmann's dump does with error_handler_t::replace: the output is always valid JSON.
class JsonWriter {
 public:
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next member of the current object.
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(std::uint64_t number);
  void value(double number);  // shortest form that reads back the same; non-finite as null
  void value(bool flag);
  void null();

  // Makes room for `bytes` more, so a long answer is not copied as it grows.
  void reserve(std::size_t bytes) { out_.reserve(out_.size() + bytes); }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();
  void write_string(std::string_view text);

  std::string out_;
  std::vector<bool> has_members_;  // per open bracket: a comma goes before the next item
  bool after_key_ = false;
};

}  // namespace prepsearch
