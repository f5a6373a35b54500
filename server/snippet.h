// Snippets: about 200 characters of a document's text around the query's matches, HTML-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/analyzer.h"

#include "server/query_builder.h"

namespace prepsearch {

inline constexpr std::size_t kSnippetBytes = 200;

// The snippet wire format: the text HTML-escaped with exactly these entities, and each match
// between kMarkOpen and kMarkClose; no other markup. web/embed.js (appendSnippet) reads
// exactly this, and tests/formats_test.cpp checks that the two sides agree.
inline constexpr char kMarkOpen[] = "<mark>";
inline constexpr char kMarkClose[] = "</mark>";
struct HtmlEntity {
  char character;
  const char* entity;
};
inline constexpr HtmlEntity kHtmlEntities[] = {
    {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};

// The stretch of `text` (valid UTF-8) of about kSnippetBytes with the most distinct
// matches, each match wrapped in <mark>...</mark> and everything else HTML-escaped. Code
// terms are marked whole. A cut end gets "…". With no match, the text's start.
std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem);

// `text` with each character of kHtmlEntities replaced by its entity.
std::string escape_html(std::string_view text);

}  // namespace prepsearch
