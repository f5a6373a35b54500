// Snippets: about 200 characters of a document's text around the query's matches, HTML-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/analyzer.h"
#include "server/query_builder.h"

namespace prepsearch {

inline constexpr std::size_t kSnippetBytes = 200;

// The stretch of `text` (valid UTF-8) of about kSnippetBytes with the most distinct
// matches, each match wrapped in <mark>...</mark> and everything else HTML-escaped. Code
// terms are marked whole. A cut end gets "…". With no match, the text's start.
std::string make_snippet(std::string_view text, const HighlightTerms& terms, Stemmer& stem);

// `text` with & < > " ' replaced by entities.
std::string escape_html(std::string_view text);

}  // namespace prepsearch
