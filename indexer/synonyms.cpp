// Parsing synonyms.txt and keying its members the way the query side looks them up.
#include "synonyms.h"

#include <algorithm>

#include "text_fold.h"

namespace prepsearch {
namespace {

// Xapian keys and values must stay well under its 245-byte term limit.
constexpr std::size_t kMaxMemberBytes = 120;

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  analyze(text, [&](const Token& token) { tokens.push_back(token); });
  return tokens;
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

// Checks one `a = b = c` line; returns an error message or "" and fills `group`.
std::string parse_line(std::string_view line, SynonymGroup& group) {
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t end = std::min(line.find('=', start), line.size());
    const std::string_view member = trim(line.substr(start, end - start));
    if (member.empty()) return "empty synonym: write `term = other term`";
    if (member.size() > kMaxMemberBytes) return "synonym longer than 120 bytes";
    if (tokens_of(member).empty()) return "synonym \"" + std::string(member) + "\" has no word";
    group.members.emplace_back(member);
    start = end + 1;
  }
  if (group.members.size() < 2) return "a synonym line needs two or more terms joined by `=`";
  return "";
}

}  // namespace

std::vector<SynonymGroup> parse_synonyms(std::string_view text, const std::string& file,
                                         const DiagnosticSink& report) {
  std::vector<SynonymGroup> groups;
  if (const auto bad = find_invalid_utf8(text)) {
    const auto line = 1 + std::count(text.begin(), text.begin() + *bad, '\n');
    report({file, static_cast<std::size_t>(line), "invalid UTF-8"});
    return groups;
  }
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    SynonymGroup group;
    const std::string error = parse_line(line, group);
    if (!error.empty()) {
      report({file, number, error});
      continue;
    }
    groups.push_back(std::move(group));
  }
  return groups;
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
  return synonym_keys(tokens_of(phrase), stem);
}

void write_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymGroup>& groups) {
  std::vector<std::string> old(db.synonym_keys_begin(), db.synonym_keys_end());
  for (const auto& key : old) db.clear_synonyms(key);
  Stemmer stem;
  for (const auto& group : groups) {
    for (const auto& member : group.members) {
      for (const auto& key : synonym_keys(member, stem)) {
        for (const auto& other : group.members) {
          if (&other != &member) db.add_synonym(key, other);
        }
      }
    }
  }
}

}  // namespace prepsearch
