// Snippets: about 200 characters of a document's text around the query's matches, HTML-safe.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analyzer.h"

#include "search/match_places.h"
#include "search/query_builder.h"

namespace prepsearch {

inline constexpr std::size_t kSnippetBytes = 200;

// The snippet wire format: the text HTML-escaped with exactly these entities, and each match
// between kMarkOpen and kMarkClose; no other markup. web/client.js (appendSnippet) reads
// exactly this, and tests/unit/formats_test.cpp checks that the two sides agree.
inline constexpr char kMarkOpen[] = "<mark>";
inline constexpr char kMarkClose[] = "</mark>";
struct HtmlEntity {
  char character;
  const char* entity;
};
inline constexpr HtmlEntity kHtmlEntities[] = {
    {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};

// A match found in a text: its bytes, the offset of the token it is part of, and what
// matched (the stem or code term), so the window can count distinct matches.
struct SnippetMatch {
  std::size_t token, begin, end;
  std::string key;
};

// The snippets of one query's hits. The matches of each space-delimited run of text are
// remembered by the run's bytes: a run tokenises alike wherever it is, and the words of a
// query recur across its hits' texts.
class SnippetMaker {
 public:
  SnippetMaker(const HighlightTerms& terms, Stemmer& stem);
  SnippetMaker(const SnippetMaker&) = delete;
  SnippetMaker& operator=(const SnippetMaker&) = delete;

  // The stretch of `text` (valid UTF-8) of about kSnippetBytes with the most distinct
  // matches, each match wrapped in <mark>...</mark> and everything else HTML-escaped. Code
  // terms are marked whole. A cut end gets "…". With no match, the text's start.
  std::string make(std::string_view text);
  // The whole of `text` (a title), escaped and marked as make() does, never cut.
  std::string mark_all(std::string_view text);

 private:
  std::vector<SnippetMatch> find_matches(std::string_view text);
  const std::vector<SnippetMatch>& run_matches(std::string_view run);

  const HighlightTerms& terms_;
  Stemmer& stem_;
  MatchPlaces places_;
  std::deque<std::string> owned_runs_;  // the bytes runs_'s keys point to
  std::unordered_map<std::string_view, std::vector<SnippetMatch>> runs_;  // offsets in the run
};

// The one token the analyzer finds in `run` (bytes between spaces) when it is a plain word:
// ASCII letters, lower case or capitalised, and at most one mark of punctuation after them.
// Its folded form and its length; nullopt for any other run, which the analyzer tokenises.
struct PlainWord {
  std::string folded;
  std::size_t length;
};
std::optional<PlainWord> plain_word(std::string_view run);

// One snippet (SnippetMaker::make) without the reuse.
std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem);

// `text` with each character of kHtmlEntities replaced by its entity.
std::string escape_html(std::string_view text);
// The same, appended to `out`.
void append_escaped_html(std::string& out, std::string_view text);

}  // namespace prepsearch
