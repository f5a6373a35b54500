// Unicode helpers: UTF-8 validation and case/accent folding through ICU.
#include "core/text_fold.h"

#include <cctype>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "core/text.h"

namespace prepsearch {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (!is_continuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  const auto c1 = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 > 0x9F) return 0;  // UTF-16 surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;  // over U+10FFFF
  return len;
}

namespace {

// Latin letters are the ones whose accents we fold; the ranges cover Latin-1, Extended-A/B,
// IPA and Latin Extended Additional (Vietnamese).
bool is_latin_base(UChar32 c) { return c < 0x0250 || (c >= 0x1E00 && c <= 0x1EFF); }

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  return *icu::Normalizer2::getNFKCCasefoldInstance(status);
}
const icu::Normalizer2& nfd() {
  UErrorCode status = U_ZERO_ERROR;
  return *icu::Normalizer2::getNFDInstance(status);
}
const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  return *icu::Normalizer2::getNFCInstance(status);
}

// Drops combining marks that follow a Latin base letter.
icu::UnicodeString strip_latin_marks(const icu::UnicodeString& decomposed) {
  icu::UnicodeString out;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    const bool mark = u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
    if (mark && is_latin_base(base)) continue;
    if (!mark) base = c;
    out.append(c);
  }
  return out;
}

void fold_unicode(std::string_view word, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const auto source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  const auto folded = nfkc_casefold().normalize(source, status);
  const auto decomposed = nfd().normalize(folded, status);
  const auto composed = nfc().normalize(strip_latin_marks(decomposed), status);
  if (U_FAILURE(status)) {  // cannot happen for valid UTF-8; keep the word rather than lose it
    out.append(word);
    return;
  }
  composed.toUTF8String(out);
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return (++i, c);
  const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = c & (0x3F >> (len - 1));
  for (std::size_t k = 1; k < len && i + k < text.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

bool fold_basic_cyrillic(std::string_view text, std::size_t i, char (&folded)[2]) {
  const auto c = static_cast<unsigned char>(text[i]);
  const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
  char32_t letter = 0;
  if ((c == 0xD0 || c == 0xD1) && (next & 0xC0) == 0x80) {
    letter = static_cast<char32_t>(((c & 0x1F) << 6) | (next & 0x3F));
  } else if (c == 0xD2 && (next == 0x90 || next == 0x91)) {
    letter = 0x0491;  // Ґ and ґ both fold to ґ
  }
  if (letter == 0 || letter > 0x0491 || (letter > 0x045F && letter < 0x0490)) return false;
  if (letter < 0x0410)
    letter += 0x50;  // Ѐ..Џ → ѐ..џ
  else if (letter < 0x0430)
    letter += 0x20;  // А..Я → а..я
  folded[0] = static_cast<char>(0xC0 | (letter >> 6));
  folded[1] = static_cast<char>(0x80 | (letter & 0x3F));
  return true;
}

namespace {

// A word of only basic Cyrillic letters and ASCII is folded here byte by byte, without ICU;
// false for any other word, with `out` unchanged. tests/unit/analyzer_test.cpp holds this to the
// ICU path.
bool fold_cyrillic(std::string_view word, std::string& out) {
  const std::size_t start = out.size();
  char folded[2];
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      continue;
    }
    if (!fold_basic_cyrillic(word, i, folded)) {
      out.resize(start);
      return false;
    }
    out.append(folded, 2);
    ++i;
  }
  return true;
}

bool is_ascii(std::string_view word) {
  for (const char ch : word) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void fold_with_icu(std::string_view word, std::string& out) { fold_unicode(word, out); }

void fold_into(std::string_view word, std::string& out) {
  if (!is_ascii(word)) {
    if (!fold_cyrillic(word, out)) fold_unicode(word, out);
    return;
  }
  const std::size_t start = out.size();
  out.append(word);
  for (std::size_t i = start; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  }
}

std::string fold(std::string_view word) {
  std::string out;
  fold_into(word, out);
  return out;
}

bool is_word_code_point(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  return u_isalnum(cp) || u_getCombiningClass(cp) != 0 || u_charType(cp) == U_NON_SPACING_MARK ||
         u_charType(cp) == U_COMBINING_SPACING_MARK;
}

bool is_cjk_code_point(char32_t c) {
  if (c < 0x1100) return false;  // below Hangul Jamo: every alphabet, no ideograph
  const auto cp = static_cast<UChar32>(c);
  // Script extensions, not the script: the prolonged sound mark (ー) is "Common" by script
  // but belongs to Hiragana and Katakana words.
  for (const UScriptCode script :
       {USCRIPT_HAN, USCRIPT_HIRAGANA, USCRIPT_KATAKANA, USCRIPT_HANGUL, USCRIPT_BOPOMOFO}) {
    if (uscript_hasScript(cp, script)) return is_word_code_point(c);
  }
  return false;
}

bool is_invisible_joiner(char32_t c) {
  return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

bool has_word_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      if (is_ascii_alnum(static_cast<unsigned char>(text[i++]))) return true;
      continue;
    }
    if (utf8_sequence_length(text, i) == 0) return false;
    if (is_word_code_point(next_code_point(text, i))) return true;
  }
  return false;
}

double cyrillic_share(std::string_view text) {
  std::size_t latin = 0, cyrillic = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (std::isalpha(byte)) ++latin;
      ++i;
      continue;
    }
    const char32_t c = next_code_point(text, i);
    if (c >= 0x0400 && c <= 0x04FF) ++cyrillic;
    if ((c >= 0x00C0 && c <= 0x024F)) ++latin;
  }
  const std::size_t letters = latin + cyrillic;
  return letters == 0 ? 0 : static_cast<double>(cyrillic) / static_cast<double>(letters);
}

}  // namespace prepsearch

namespace prepsearch {

std::vector<std::string> languages_written_in(std::string_view text) {
  static const std::u32string kSpanish = U"ñÑ¿¡";
  static const std::u32string kPortuguese = U"ãõçâêôàÃÕÇÂÊÔÀ";
  static const std::u32string kBoth = U"áéíóúüÁÉÍÓÚÜ";
  bool spanish = false, portuguese = false, either = false;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const char32_t c = next_code_point(text, i);
    spanish = spanish || kSpanish.find(c) != std::u32string::npos;
    portuguese = portuguese || kPortuguese.find(c) != std::u32string::npos;
    either = either || kBoth.find(c) != std::u32string::npos;
  }
  if (either && !spanish && !portuguese) spanish = portuguese = true;  // a letter both write
  std::vector<std::string> languages;
  if (spanish) languages.emplace_back("es");
  if (portuguese) languages.emplace_back("pt");
  return languages;
}

}  // namespace prepsearch
