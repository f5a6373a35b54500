// Finding the matches with the indexer's tokeniser, choosing the window, and marking it up.
#include "search/snippet.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Scanning stops this far past the first match: a long document's snippet comes from its
// first cluster of matches, and a 100 KB reference page is not tokenised per request.
constexpr std::size_t kScanPastFirstMatch = 4 * kSnippetBytes;

// Finds, byte by byte, where a word or part of a word may start a match, so that only the
// runs of text around those places are tokenised. A place is a byte not preceded by an
// ASCII letter or digit (so every token and every part of a code term starts at one) whose
// lower-cased bytes begin with a head: the start of a term to mark. A non-ASCII byte there
// is always a place, as folding (NFKC, accents) may turn it into anything. It only ever
// finds too many places; the tokeniser decides.
class MatchPlaces {
 public:
  explicit MatchPlaces(const HighlightTerms& terms) {
    for (const auto& term : terms.exact) add(term.substr(0, kMaxHead));
    for (const auto& prefix : terms.prefixes) add(prefix.substr(0, kMaxHead));
    for (const auto& stem : terms.stems) {
      add(stem.substr(0, stem.size() > 4 ? std::min(stem.size() - 2, kMaxHead) : 2));
      if (stem == "die" || stem == "lie" || stem == "tie") add(stem.substr(0, 1) + "y");
    }
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
      const auto c = static_cast<unsigned char>(text[i]);
      if (!may_start_[c] || (c & 0xC0) == 0x80) continue;  // not a head's byte, or mid-character
      if (i > 0 && is_ascii_alnum(static_cast<unsigned char>(text[i - 1]))) continue;
      if (i > 1 && (text[i - 2] == '\xD0' || text[i - 2] == '\xD1') &&
          (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) {
        continue;  // after a Cyrillic letter (U+0400-U+047F): inside a word
      }
      if (starts_head(text, i)) return i;
    }
    return std::string_view::npos;
  }

 private:
  // Longer heads find fewer places; a stem's head leaves out its last two letters, which
  // the English stemmer may have changed (academy → academi, capability → capabl), and
  // dying, lying and tying (die, lie, tie) are its only stems that differ sooner.
  static constexpr std::size_t kMaxHead = 6;

  void add(std::string head) {
    if (head.empty()) return;
    for (const auto& known : heads_) {
      if (starts_with(head, known)) return;  // every place of `head` is one of `known`
    }
    heads_.erase(std::remove_if(heads_.begin(), heads_.end(),
                                [&](const std::string& known) { return starts_with(known, head); }),
                 heads_.end());
    const auto first = static_cast<unsigned char>(head[0]);
    may_start_[first] = true;
    if (first >= 'a' && first <= 'z') may_start_[first - 'a' + 'A'] = true;
    for (unsigned c = 0x80; c < 0x100; ++c) may_start_[c] = true;
    heads_.push_back(std::move(head));
  }

  // True if the text at `i`, folded, may begin with a head. ASCII and basic Cyrillic
  // letters fold by case alone; any other character, or a mark after a Cyrillic letter
  // that did not match (и + breve is й), may fold to anything.
  bool starts_head(std::string_view text, std::size_t i) const {
    for (const auto& head : heads_) {
      std::size_t k = 0, j = i;
      while (k < head.size() && j < text.size()) {
        const auto c = static_cast<unsigned char>(text[j]);
        if (c < 0x80) {
          const char lower =
              c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
          if (lower != head[k]) break;
          ++k, ++j;
          continue;
        }
        char letter[2];
        if (!fold_basic_cyrillic(text, j, letter)) return true;
        if (letter[0] != head[k] || (k + 1 < head.size() && letter[1] != head[k + 1])) {
          char after[2];
          const bool marked = j + 2 < text.size() &&
                              static_cast<unsigned char>(text[j + 2]) >= 0x80 &&
                              !fold_basic_cyrillic(text, j + 2, after);
          if (marked) return true;
          break;
        }
        k += 2, j += 2;
      }
      if (k >= head.size()) return true;
    }
    return false;
  }

  std::vector<std::string> heads_;
  std::array<bool, 256>
      may_start_{};  // bytes a place can start with: a head's first, any non-ASCII
};

// Moves a cut point back to a space, if there is one near, so words stay whole.
std::size_t word_boundary(std::string_view text, std::size_t i, std::size_t floor) {
  if (i >= text.size()) return text.size();
  const auto space = text.rfind(' ', i);
  if (space != std::string_view::npos && space > floor && i - space < 20) return space;
  return utf8_prefix_length(text, i);
}

// The start of the window holding the most distinct matches.
std::size_t best_start(const std::vector<SnippetMatch>& matches) {
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

class SnippetMaker::Places : public MatchPlaces {
 public:
  using MatchPlaces::MatchPlaces;
};

SnippetMaker::SnippetMaker(const HighlightTerms& terms, Stemmer& stem)
    : terms_(terms), stem_(stem), places_(std::make_unique<const Places>(terms)) {}

SnippetMaker::~SnippetMaker() = default;

// The matches of one run, tokenised on its own (offsets within the run), remembered.
const std::vector<SnippetMatch>& SnippetMaker::run_matches(std::string_view run) {
  if (const auto known = runs_.find(run); known != runs_.end()) return known->second;
  std::vector<SnippetMatch> matches;
  const auto prefixed = [&](const std::string& word) {
    for (const auto& prefix : terms_.prefixes) {
      if (starts_with(word, prefix)) return true;
    }
    return false;
  };
  analyze(run, [&](const Token& token) {
    bool candidate = !token.exact.empty() && places_->may_match(token.exact.front());
    for (const auto& part : token.parts) candidate = candidate || places_->may_match(part);
    if (!candidate) return;
    for (const auto& form : token.exact) {
      if (terms_.exact.count(form) || prefixed(form)) {
        matches.push_back({token.offset, token.offset, token.offset + token.raw.size(), form});
        return;
      }
    }
    for (std::size_t i = 0; i < token.parts.size(); ++i) {
      const std::string& part = token.parts[i];
      if (!terms_.exact.count(part) && !terms_.stems.count(stem_(part)) && !prefixed(part)) {
        continue;
      }
      const auto [offset, length] = token.spans[i];
      matches.push_back({token.offset, offset, offset + length, stem_(part)});
    }
  });
  const std::string& key = owned_runs_.emplace_back(run);
  return runs_.emplace(key, std::move(matches)).first->second;
}

// Tokenises only the space-delimited runs that hold a place: no token spans a space, so
// the matches are those a scan of the whole text finds.
std::vector<SnippetMatch> SnippetMaker::find_matches(std::string_view text) {
  std::vector<SnippetMatch> matches;
  const auto past_first = [&](std::size_t offset) {
    return !matches.empty() && offset > matches.front().begin + kScanPastFirstMatch;
  };
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t place = places_->next(text, at);
    if (place == std::string_view::npos) break;
    std::size_t run_begin = place;
    while (run_begin > at && !is_ascii_space(text[run_begin - 1])) --run_begin;
    std::size_t run_end = place;
    while (run_end < text.size() && !is_ascii_space(text[run_end])) ++run_end;
    if (past_first(run_begin)) break;  // its tokens all start past the first match's reach
    for (const auto& match : run_matches(text.substr(run_begin, run_end - run_begin))) {
      if (past_first(run_begin + match.token)) return matches;
      matches.push_back(
          {run_begin + match.token, run_begin + match.begin, run_begin + match.end, match.key});
    }
    at = run_end;
  }
  return matches;
}

namespace {

// text[begin, end) HTML-escaped with each of `matches` in it marked; `end` grows to the end of
// a match it would cut in half.
std::string mark_matches(std::string_view text, const std::vector<SnippetMatch>& matches,
                         std::size_t begin, std::size_t& end) {
  std::string out;
  std::size_t at = begin;
  for (const auto& match : matches) {
    if (match.end <= at || match.begin >= end) continue;
    end = std::max(end, match.end);
    // Matches overlap in CJK text (机器 器学): one mark runs on over the next.
    const std::size_t from = std::max(match.begin, at);
    if (from == at && ends_with(out, kMarkClose)) {
      out.resize(out.size() - std::string_view(kMarkClose).size());
    } else {
      out += escape_html(text.substr(at, from - at)) + kMarkOpen;
    }
    out += escape_html(text.substr(from, match.end - from)) + kMarkClose;
    at = match.end;
  }
  return out + escape_html(text.substr(at, end - at));
}

}  // namespace

std::string SnippetMaker::make(std::string_view text) {
  const auto matches = find_matches(text);
  std::size_t begin = 0;
  if (!matches.empty()) {
    const SnippetMatch& first = matches[best_start(matches)];
    // Centre the first matches: start a third of the window before them.
    const std::size_t lead = kSnippetBytes / 3;
    begin = first.begin > lead ? word_boundary(text, first.begin - lead, 0) : 0;
    if (begin > 0 && text[begin] == ' ') ++begin;
  }
  std::size_t end = word_boundary(text, begin + kSnippetBytes, begin);
  std::string out = begin > 0 ? "…" : "";
  out += mark_matches(text, matches, begin, end);
  if (end < text.size()) out += "…";
  return out;
}

std::string SnippetMaker::mark_all(std::string_view text) {
  std::size_t end = text.size();
  return mark_matches(text, find_matches(text), 0, end);
}

std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem) {
  return SnippetMaker(terms, stem).make(text);
}

}  // namespace prepsearch
