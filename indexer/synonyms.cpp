// Parsing synonyms.txt and keying its members the way the query side looks them up.
#include "indexer/synonyms.h"

#include <algorithm>

#include "core/input_error.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Xapian keys and values must stay well under its 245-byte term limit.
constexpr std::size_t kMaxMemberBytes = 120;

// Reads one `a = b = c` line; throws InputError if it is not one.
SynonymGroup parse_line(std::string_view line) {
  SynonymGroup group;
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t end = std::min(line.find('=', start), line.size());
    const std::string_view member = trim(line.substr(start, end - start));
    if (member.empty()) throw InputError("empty synonym: write `term = other term`");
    if (member.size() > kMaxMemberBytes)
      throw InputError("synonym longer than " + std::to_string(kMaxMemberBytes) + " bytes");
    if (tokenize(member).empty())
      throw InputError("synonym \"" + std::string(member) + "\" has no word");
    group.members.emplace_back(member);
    start = end + 1;
  }
  if (group.members.size() < 2)
    throw InputError("a synonym line needs two or more terms joined by `=`");
  return group;
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
    try {
      groups.push_back(parse_line(line));
    } catch (const InputError& error) {
      report({file, number, error.what()});
    }
  }
  return groups;
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
