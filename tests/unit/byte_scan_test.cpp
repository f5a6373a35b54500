// The block scans of search/byte_scan.h stop where a byte-by-byte scan stops, wherever the
// byte falls in or across the sixteen-byte blocks, and escape_html agrees with kHtmlEntities.
#include "search/byte_scan.h"

#include <string>

#include <catch2/catch.hpp>

#include "search/snippet.h"

namespace {

bool json_special(unsigned char c) { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\'; }

bool html_special(char c) {
  for (const auto& entity : prepsearch::kHtmlEntities) {
    if (entity.character == c) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the block scans stop at the first special byte wherever it falls", "[snippet]") {
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    for (std::size_t size : {1U, 2U, 7U, 15U, 16U, 17U, 18U, 31U, 33U, 47U}) {
      for (std::size_t at = 0; at < size; ++at) {
        std::string text(size, 'a');
        text[at] = c;
        for (std::size_t from : {std::size_t{0}, at, at + 1}) {
          INFO("byte " << byte << " size " << size << " at " << at << " from " << from);
          const std::size_t json =
              json_special(static_cast<unsigned char>(c)) && from <= at ? at : size;
          const std::size_t html = html_special(c) && from <= at ? at : size;
          CHECK(prepsearch::next_json_special(text, from) == json);
          CHECK(prepsearch::next_html_special(text, from) == html);
        }
      }
    }
  }
}

TEST_CASE("escape_html replaces exactly kHtmlEntities's characters", "[snippet]") {
  std::string every_byte, expected;
  for (int byte = 1; byte < 128; ++byte) {
    const char c = static_cast<char>(byte);
    every_byte += c;
    bool replaced = false;
    for (const auto& entity : prepsearch::kHtmlEntities) {
      if (entity.character == c) expected += entity.entity, replaced = true;
    }
    if (!replaced) expected += c;
  }
  CHECK(prepsearch::escape_html(every_byte) == expected);
  CHECK(prepsearch::escape_html(every_byte + every_byte) == expected + expected);
}
