// JSON written straight into a string: no document tree, for the answers on the hot path.
#pragma once

#include <cstdint>
#include <memory>
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
  void reserve(std::size_t bytes) { room(bytes); }

  std::string_view str() const { return std::string_view(out_.get(), size_); }
  std::string take() {
    std::string json(out_.get(), size_);
    size_ = 0;
    return json;
  }

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();
  void write_string(std::string_view text);
  void write_escape(unsigned char c);
  // Where `bytes` more can be written, so that a write is a copy, not a string append's
  // checks (nor a string's zero fill as it grows).
  char* room(std::size_t bytes) {
    if (size_ + bytes > capacity_) grow(size_ + bytes);
    return out_.get() + size_;
  }
  void grow(std::size_t at_least);
  void put(char c) { *room(1) = c, ++size_; }
  void put(std::string_view bytes);

  std::unique_ptr<char[]> out_;
  std::size_t size_ = 0, capacity_ = 0;
  std::vector<char> has_members_;  // per open bracket: a comma goes before the next item
  bool after_key_ = false;
};

}  // namespace prepsearch
