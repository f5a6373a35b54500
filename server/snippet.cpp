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

// Finds, byte by byte, where a word or part of a word may start a match, so that only the
// runs of text around those places are tokenised. A place is a byte not preceded by an
// ASCII letter or digit (so every token and every part of a code term starts at one) whose
// lower-cased bytes begin with a head: the first two bytes of a term to mark (a stem keeps
// its word's first two letters). A non-ASCII byte there is always a place, as folding
// (NFKC, accents) may turn it into anything. It only ever finds too many places; the
// tokeniser decides.
class MatchPlaces {
 public:
  explicit MatchPlaces(const HighlightTerms& terms) {
    for (const auto* set : {&terms.exact, &terms.stems}) {
      for (const auto& term : *set) add(term);
    }
    for (const auto& prefix : terms.prefixes) add(prefix);
  }

  // True if a word whose folded form is `word` may match: it starts with a head.
  bool may_match(const std::string& word) const {
    for (const auto& head : heads_) {
      if (word.compare(0, head.size(), head) == 0) return true;
    }
    return false;
  }

  // The first place at or after `from`, or npos.
  std::size_t next(std::string_view text, std::size_t from) const {
    if (heads_.empty()) return std::string_view::npos;
    for (std::size_t i = from; i < text.size(); ++i) {
      if (!may_start_[static_cast<unsigned char>(text[i])]) continue;
      if (i > 0 && is_ascii_alnum(static_cast<unsigned char>(text[i - 1]))) continue;
      if (starts_head(text, i)) return i;
    }
    return std::string_view::npos;
  }

 private:
  void add(const std::string& term) {
    std::string head = term.substr(0, 2);
    if (head.empty() || std::find(heads_.begin(), heads_.end(), head) != heads_.end()) return;
    const auto first = static_cast<unsigned char>(head[0]);
    may_start_[first] = true;
    if (first >= 'a' && first <= 'z') may_start_[first - 'a' + 'A'] = true;
    for (unsigned c = 0x80; c < 0x100; ++c) may_start_[c] = true;
    heads_.push_back(std::move(head));
  }

  bool starts_head(std::string_view text, std::size_t i) const {
    for (const auto& head : heads_) {
      std::size_t k = 0;
      for (; k < head.size() && i + k < text.size(); ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        if (c >= 0x80) return true;
        const char lower =
            c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        if (lower != head[k]) break;
      }
      if (k == head.size()) return true;
    }
    return false;
  }

  std::vector<std::string> heads_;
  std::array<bool, 256>
      may_start_{};  // bytes a place can start with: a head's first, any non-ASCII
};

std::vector<Match> find_matches(std::string_view text, const HighlightTerms& terms, Stemmer& stem) {
  std::vector<Match> matches;
  const auto prefixed = [&](const std::string& word) {
    for (const auto& prefix : terms.prefixes) {
      if (starts_with(word, prefix)) return true;
    }
    return false;
  };
  const MatchPlaces places(terms);
  bool done = false;
  const auto visit = [&](const Token& token) {
    if (!matches.empty() && token.offset > matches.front().begin + kScanPastFirstMatch) {
      done = true;
      return false;
    }
    bool candidate = !token.exact.empty() && places.may_match(token.exact.front());
    for (const auto& part : token.parts) candidate = candidate || places.may_match(part);
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
  };
  // Tokenise only the space-delimited runs that hold a place: no token spans a space, so
  // the matches are those a scan of the whole text finds.
  for (std::size_t at = 0; !done && at < text.size();) {
    const std::size_t place = places.next(text, at);
    if (place == std::string_view::npos) break;
    std::size_t run_begin = place;
    while (run_begin > at && !is_ascii_space(text[run_begin - 1])) --run_begin;
    std::size_t run_end = place;
    while (run_end < text.size() && !is_ascii_space(text[run_end])) ++run_end;
    analyze_while(text.substr(0, run_end), visit, run_begin);
    at = run_end;
  }
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
