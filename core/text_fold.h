// Unicode helpers shared by indexing and querying: UTF-8 validation and case/accent folding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prepsearch {

// Returns the byte offset of the first invalid UTF-8 sequence in `text`, or nullopt if
// the whole text is valid (overlongs, surrogates and code points over U+10FFFF are invalid).
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0 if there is
// none there: overlongs, surrogates and code points over U+10FFFF are invalid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Decodes the code point starting at text[i] (text must be valid UTF-8) and advances i.
char32_t next_code_point(std::string_view text, std::size_t& i);

// Lower-cases `word` and folds Latin accents (é→e, ç→c, ñ→n, ß→ss), so that index and query
// agree whatever the writer typed. Other scripts keep their marks (Ukrainian й stays й).
// ASCII input takes a fast path without ICU.
std::string fold(std::string_view word);

// Appends the folded form of `word` to `out` (the allocation-free form of fold()).
void fold_into(std::string_view word, std::string& out);

// fold_into() through ICU for every word, without the ASCII and Cyrillic fast paths: the
// reference the tests hold those paths to.
void fold_with_icu(std::string_view word, std::string& out);

// The basic Cyrillic letters (U+0400-U+045F, and Ґ ґ) fold by case alone: no compatibility
// form, no accent to strip (fold() keeps the marks of non-Latin letters: й stays й). If one
// starts at text[i], writes its two folded bytes to `folded` and returns true.
bool fold_basic_cyrillic(std::string_view text, std::size_t i, char (&folded)[2]);

// The languages (es, pt) whose letters `text` uses that English does not: "es"
// for ñ ¿ ¡, "pt" for ã õ ç â ê ô à, both for á é í ó ú ü alone. Empty for plain ASCII. `text`
// must be valid UTF-8.
std::vector<std::string> languages_written_in(std::string_view text);

// The share of `text`'s letters (Latin or Cyrillic) that are Cyrillic: 0 with no letters.
double cyrillic_share(std::string_view text);

// True for code points that make up words: letters, digits and combining marks.
bool is_word_code_point(char32_t c);

// True for the letters of scripts written without spaces between words: Han, Hiragana,
// Katakana (with the prolonged sound mark), Hangul and Bopomofo. The tokeniser splits their
// runs into overlapping character pairs, since no space says where a word ends.
bool is_cjk_code_point(char32_t c);

// True for invisible code points that may sit inside a word and that folding removes: the
// soft hyphen, zero-width joiners and non-joiners, the word joiner, the byte-order mark.
bool is_invisible_joiner(char32_t c);

// True if `text` (valid UTF-8) holds a word character of any script.
bool has_word_character(std::string_view text);

}  // namespace prepsearch
