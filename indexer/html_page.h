// A built site's HTML page → Documents: one per heading (h1 to h3 by default), holding the
// page's content up to the next such heading. The format, its <meta> tags and
// data-prepsearch-* attributes are in docs/corpus.md.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace prepsearch {

// Headings h1 to h<kDefaultHtmlHeadingDepth> start a document; deeper ones stay in its text.
inline constexpr unsigned kDefaultHtmlHeadingDepth = 3;

// Parses one page with gumbo (HTML5's parsing rules). `url`: the page's path on the site
// ("/ref/models/querysets.html"); a document's url is it plus "#" and its heading's id, both
// percent-encoded where a URL needs it, and its id the same without the leading '/' (the
// heading's id as written). Checks the page first (html_scan.h); each
// problem goes to `report`, FILE:LINE. `text` must be valid UTF-8 (the caller checks).
void parse_html(std::string_view text, const std::string& file, const std::string& url,
                unsigned heading_depth, const DocumentSink& sink, const DiagnosticSink& report);

}  // namespace prepsearch
