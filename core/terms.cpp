// Id, filter and synonym-key terms: one spelling, shared by the writer and the reader.
#include "core/terms.h"

#include "core/schema.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Xapian rejects terms over 245 bytes; a boolean term is a whole value, so it is cut.
constexpr std::size_t kMaxBooleanTermBytes = 240;

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
