// Id, filter and synonym-key terms: one spelling, shared by the writer and the reader.
#include "core/terms.h"

#include <algorithm>

#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Xapian rejects terms over 245 bytes; a boolean term is a whole value, so it is cut.
constexpr std::size_t kMaxBooleanTermBytes = 240;

// A defined name longer than this is no API name but a line of code.
constexpr std::size_t kMaxDefinedNameBytes = 64;

// The paragraphs of `text` (split at blank lines), trimmed, empty ones left out.
std::vector<std::string_view> paragraphs(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find("\n\n", at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view paragraph = trim(text.substr(at, end - at));
    if (!paragraph.empty()) out.push_back(paragraph);
    at = end + 2;
  }
  return out;
}

// False for a bare number: "1" of "N+1" is no word to look a phrase up by.
bool is_not_number(const std::string& word) {
  return word.find_first_not_of("0123456789") != std::string::npos;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out.append(out.empty() ? "" : " ").append(word);
  return out;
}

}  // namespace

std::string id_term(std::string_view id) { return schema::prefix::kId + std::string(id); }

std::string translates_term(std::string_view id) {
  return schema::prefix::kTranslates + std::string(id);
}

std::vector<std::string> languages_of(const Xapian::Database& db) {
  const std::string prefix = schema::prefix::kLanguage;
  std::vector<std::string> languages;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string code = (*it).substr(prefix.size());
    if (schema::is_language_code(code)) languages.push_back(std::move(code));
  }
  return languages;
}

std::string boolean_term(const char* prefix, std::string_view value) {
  std::string term = prefix + fold(value);
  if (term.size() > kMaxBooleanTermBytes) term.resize(kMaxBooleanTermBytes);
  return term;
}

std::string title_key(const std::vector<Token>& tokens, std::size_t count) {
  std::string key;
  for (std::size_t i = 0; i < tokens.size() && i < count; ++i) {
    key.append(key.empty() ? "" : " ").append(whole_word(tokens[i]));
  }
  return key;
}

std::string title_term(const char* prefix, std::string_view key) {
  if (key.empty() || std::string_view(prefix).size() + key.size() > kMaxBooleanTermBytes) return {};
  return prefix + std::string(key);
}

std::string title_pair_term(const Token& first, const Token& second) {
  return title_term(schema::prefix::kTitlePair, whole_word(first) + " " + whole_word(second));
}

std::vector<std::string> defined_names(std::string_view text) {
  std::vector<std::string> terms;
  const auto parts = paragraphs(text);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    std::string_view name = parts[i];
    if (name.size() > kMaxDefinedNameBytes ||
        std::any_of(name.begin(), name.end(), [](char c) { return is_ascii_space(c); })) {
      continue;
    }
    if (ends_with(name, "()")) name.remove_suffix(2);
    if (name.empty() || !starts_with(parts[i + 1], std::string(name) + "(")) continue;
    const auto tokens = tokenize(name);
    if (tokens.size() != 1) continue;
    std::string term = defined_term(tokens.front());
    if (std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(std::move(term));
  }
  return terms;
}

std::string defined_term(const Token& token) {
  return title_term(schema::prefix::kDefines, whole_word(token));
}

std::vector<std::string> synonym_keys(const std::vector<Token>& tokens, Stemmer& stem) {
  std::vector<std::string> terms;
  std::vector<std::string> words;
  bool words_only = true;
  for (const auto& token : tokens) {
    terms.push_back(token.exact.empty() ? stem(token.parts.front()) : token.exact.back());
    for (const auto& part : token.parts) {
      words_only = words_only && is_not_number(part);
      words.push_back(stem(part));
    }
  }
  std::vector<std::string> keys{join(terms)};
  if (words_only && words != terms) keys.push_back(join(words));
  return keys;
}

std::vector<std::string> synonym_keys(std::string_view phrase, Stemmer& stem) {
  return synonym_keys(tokenize(phrase), stem);
}

}  // namespace prepsearch
