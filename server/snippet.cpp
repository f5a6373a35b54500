// Finding the matches with the indexer's tokeniser, choosing the window, and marking it up.
#include "server/snippet.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "core/text.h"

namespace prepsearch {
namespace {

struct Match {
  std::size_t begin, end;
  std::string key;  // what matched, so the window can count distinct matches
};

// Scanning stops this far past the first match: a long document's snippet comes from its
// first cluster of matches, and a 100 KB reference page is not tokenised per request.
constexpr std::size_t kScanPastFirstMatch = 4 * kSnippetBytes;

std::vector<Match> find_matches(std::string_view text, const HighlightTerms& terms, Stemmer& stem) {
  std::vector<Match> matches;
  const auto prefixed = [&](const std::string& word) {
    for (const auto& prefix : terms.prefixes) {
      if (starts_with(word, prefix)) return true;
    }
    return false;
  };
  // Stemming every word of a long text cost more than the search: stem only words whose
  // first two bytes could start a match (a stem keeps its word's first two letters).
  std::vector<std::string> heads;
  for (const auto* set : {&terms.exact, &terms.stems}) {
    for (const auto& term : *set) heads.push_back(term.substr(0, 2));
  }
  for (const auto& prefix : terms.prefixes) heads.push_back(prefix.substr(0, 2));
  const auto may_match = [&](const std::string& word) {
    for (const auto& head : heads) {
      if (word.compare(0, head.size(), head) == 0) return true;
    }
    return false;
  };
  analyze_while(text, [&](const Token& token) {
    if (!matches.empty() && token.offset > matches.front().begin + kScanPastFirstMatch)
      return false;
    bool candidate = !token.exact.empty() && may_match(token.exact.front());
    for (const auto& part : token.parts) candidate = candidate || may_match(part);
    if (!candidate) return true;
    for (const auto& form : token.exact) {
      if (terms.exact.count(form) || prefixed(form)) {
        matches.push_back({token.offset, token.offset + token.raw.size(), form});
        return true;
      }
    }
    for (std::size_t i = 0; i < token.parts.size(); ++i) {
      const std::string& part = token.parts[i];
      if (!terms.exact.count(part) && !terms.stems.count(stem(part)) && !prefixed(part)) continue;
      const auto [offset, length] = token.spans[i];
      matches.push_back({offset, offset + length, stem(part)});
    }
    return true;
  });
  return matches;
}

// Moves `i` back to the start of a UTF-8 sequence.
std::size_t char_start(std::string_view text, std::size_t i) {
  while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return std::min(i, text.size());
}

// Moves a cut point back to a space, if there is one near, so words stay whole.
std::size_t word_boundary(std::string_view text, std::size_t i, std::size_t floor) {
  if (i >= text.size()) return text.size();
  const auto space = text.rfind(' ', i);
  if (space != std::string_view::npos && space > floor && i - space < 20) return space;
  return char_start(text, i);
}

// The start of the window holding the most distinct matches.
std::size_t best_start(const std::vector<Match>& matches) {
  std::size_t best = 0, best_count = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    std::set<std::string> keys;
    for (std::size_t j = i;
         j < matches.size() && matches[j].end - matches[i].begin <= kSnippetBytes; ++j) {
      keys.insert(matches[j].key);
    }
    if (keys.size() > best_count) best = i, best_count = keys.size();
  }
  return best;
}

}  // namespace

std::string escape_html(std::string_view text) {
  // kHtmlEntities as a byte-indexed table: one load per character of every snippet.
  static const std::array<const char*, 256> kEntityOf = [] {
    std::array<const char*, 256> table{};
    for (const auto& entity : kHtmlEntities) {
      table[static_cast<unsigned char>(entity.character)] = entity.entity;
    }
    return table;
  }();
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    if (const char* entity = kEntityOf[static_cast<unsigned char>(c)])
      out += entity;
    else
      out += c;
  }
  return out;
}

std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem) {
  const auto matches = find_matches(text, terms, stem);
  std::size_t begin = 0;
  if (!matches.empty()) {
    const Match& first = matches[best_start(matches)];
    // Centre the first matches: start a third of the window before them.
    const std::size_t lead = kSnippetBytes / 3;
    begin = first.begin > lead ? word_boundary(text, first.begin - lead, 0) : 0;
    if (begin > 0 && text[begin] == ' ') ++begin;
  }
  std::size_t end = word_boundary(text, begin + kSnippetBytes, begin);
  std::string out = begin > 0 ? "…" : "";
  std::size_t at = begin;
  for (const auto& match : matches) {
    if (match.begin < at || match.begin >= end) continue;
    end = std::max(end, match.end);  // never cut a match in half
    out += escape_html(text.substr(at, match.begin - at));
    out += kMarkOpen + escape_html(text.substr(match.begin, match.end - match.begin)) + kMarkClose;
    at = match.end;
  }
  out += escape_html(text.substr(at, end - at));
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace prepsearch
