// Finding the matches with the indexer's tokeniser, choosing the window, and marking it up.
#include "search/snippet.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "core/text.h"

#include "search/byte_scan.h"

namespace prepsearch {
namespace {

// Scanning stops this far past the first match: a long document's snippet comes from its
// first cluster of matches, and a 100 KB reference page is not tokenised per request.
constexpr std::size_t kScanPastFirstMatch = 4 * kSnippetBytes;

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
  std::vector<const std::string*> keys;  // distinct: a window holds a few matches
  for (std::size_t i = 0; i < matches.size(); ++i) {
    keys.clear();
    for (std::size_t j = i;
         j < matches.size() && matches[j].end - matches[i].begin <= kSnippetBytes; ++j) {
      const std::string& key = matches[j].key;
      if (std::none_of(keys.begin(), keys.end(), [&](const std::string* k) { return *k == key; }))
        keys.push_back(&key);
    }
    if (keys.size() > best_count) best = i, best_count = keys.size();
  }
  return best;
}

}  // namespace

void append_escaped_html(std::string& out, std::string_view text) {
  // kHtmlEntities by byte, for the bytes next_html_special stops at.
  static const std::array<const char*, 256> kEntityOf = [] {
    std::array<const char*, 256> table{};
    for (const auto& entity : kHtmlEntities) {
      table[static_cast<unsigned char>(entity.character)] = entity.entity;
    }
    return table;
  }();
  std::size_t plain = 0;  // start of the bytes not yet copied
  for (std::size_t i = next_html_special(text, 0); i < text.size();
       plain = i + 1, i = next_html_special(text, plain)) {
    out.append(text, plain, i - plain);
    out += kEntityOf[static_cast<unsigned char>(text[i])];
  }
  out.append(text, plain, text.size() - plain);
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_escaped_html(out, text);
  return out;
}

SnippetMaker::SnippetMaker(const HighlightTerms& terms, Stemmer& stem)
    : terms_(terms), stem_(stem), places_(terms) {}

std::optional<PlainWord> plain_word(std::string_view run) {
  std::size_t length = run.size();
  if (length > 1 && std::string_view(".,;:!?").find(run.back()) != std::string_view::npos) --length;
  if (length == 0) return std::nullopt;
  PlainWord word{std::string(run.substr(0, length)), length};
  for (std::size_t i = 0; i < length; ++i) {
    const char c = word.folded[i];
    if (c >= 'a' && c <= 'z') continue;
    if (i > 0 || c < 'A' || c > 'Z') return std::nullopt;
    word.folded[i] = static_cast<char>(c - 'A' + 'a');
  }
  return word;
}

// The matches of one run, tokenised on its own (offsets within the run), remembered. A plain
// word, the commonest run, is matched without the analyzer.
const std::vector<SnippetMatch>& SnippetMaker::run_matches(std::string_view run) {
  if (const auto known = runs_.find(run); known != runs_.end()) return known->second;
  std::vector<SnippetMatch> matches;
  const auto prefixed = [&](const std::string& word) {
    for (const auto& prefix : terms_.prefixes) {
      if (starts_with(word, prefix)) return true;
    }
    return false;
  };
  // A word of a token matches as written, by its stem, or as the start of the word typed:
  // its stem, the match's key (valid until the stemmer's next call), or null.
  const auto match_key = [&](const std::string& part) -> const std::string* {
    const bool as_written = terms_.exact.count(part) > 0;
    const std::string& stem = stem_(part);
    return as_written || terms_.stems.count(stem) || prefixed(part) ? &stem : nullptr;
  };
  const auto remember = [&]() -> const std::vector<SnippetMatch>& {
    const std::string& key = owned_runs_.emplace_back(run);
    return runs_.emplace(key, std::move(matches)).first->second;
  };
  if (const auto word = plain_word(run)) {
    const std::string& part = word->folded;
    if (!places_.may_match(part)) return remember();
    if (const std::string* key = match_key(part)) matches.push_back({0, 0, word->length, *key});
    return remember();
  }
  analyze(run, [&](const Token& token) {
    bool candidate = !token.exact.empty() && places_.may_match(token.exact.front());
    for (const auto& part : token.parts) candidate = candidate || places_.may_match(part);
    if (!candidate) return;
    for (const auto& form : token.exact) {
      if (terms_.exact.count(form) || prefixed(form)) {
        matches.push_back({token.offset, token.offset, token.offset + token.raw.size(), form});
        return;
      }
    }
    for (std::size_t i = 0; i < token.parts.size(); ++i) {
      const std::string& part = token.parts[i];
      const std::string* key = match_key(part);
      if (!key) continue;
      const auto [offset, length] = token.spans[i];
      matches.push_back({token.offset, offset, offset + length, *key});
    }
  });
  return remember();
}

// Tokenises only the space-delimited runs that hold a place: no token spans a space, so
// the matches are those a scan of the whole text finds.
std::vector<SnippetMatch> SnippetMaker::find_matches(std::string_view text) {
  std::vector<SnippetMatch> matches;
  const auto past_first = [&](std::size_t offset) {
    return !matches.empty() && offset > matches.front().begin + kScanPastFirstMatch;
  };
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t place = places_.next(text, at);
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
// a match it would cut in half;
// appended to `out`.
void mark_matches(std::string_view text, const std::vector<SnippetMatch>& matches,
                  std::size_t begin, std::size_t& end, std::string& out) {
  const std::size_t start = out.size();
  std::size_t at = begin;
  for (const auto& match : matches) {
    if (match.end <= at || match.begin >= end) continue;
    end = std::max(end, match.end);
    // Matches overlap in CJK text (机器 器学): one mark runs on over the next.
    const std::size_t from = std::max(match.begin, at);
    if (from == at && out.size() - start >= std::strlen(kMarkClose) && ends_with(out, kMarkClose)) {
      out.resize(out.size() - std::string_view(kMarkClose).size());
    } else {
      append_escaped_html(out, text.substr(at, from - at));
      out += kMarkOpen;
    }
    append_escaped_html(out, text.substr(from, match.end - from));
    out += kMarkClose;
    at = match.end;
  }
  append_escaped_html(out, text.substr(at, end - at));
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
  std::string out;
  out.reserve(kSnippetBytes + 64);
  if (begin > 0) out += "…";
  mark_matches(text, matches, begin, end, out);
  if (end < text.size()) out += "…";
  return out;
}

std::string SnippetMaker::mark_all(std::string_view text) {
  std::size_t end = text.size();
  std::string out;
  out.reserve(text.size() + 32);
  mark_matches(text, find_matches(text), 0, end, out);
  return out;
}

std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem) {
  return SnippetMaker(terms, stem).make(text);
}

}  // namespace prepsearch
