// What an HTML page says of itself: its content root, its fields (<title>, <html lang>,
// <meta name="prepsearch-*">, data-prepsearch-* attributes) and its headings' text and ids.
// gumbo's nodes in, Document fields out (html_page.cpp walks the rest).
#pragma once

#include <cstddef>
#include <string>

#include <gumbo.h>

#include "core/diagnostic.h"
#include "core/document.h"

namespace prepsearch {

// Whether the element's role is a landmark of site chrome: navigation, banner, contentinfo,
// complementary or search (what nav, header, footer, aside and a search form stand for).
bool html_is_chrome_role(const GumboNode* node);

// True for an element (or a <template>); false for text, a comment, or null.
bool html_is_element(const GumboNode* node);

// The value of an element's attribute, or nullptr (not an element, or no such attribute).
const char* html_attribute(const GumboNode* node, const char* name);

// The text under `node`, white space collapsed; skipping permalinks when `in_heading`.
std::string html_text_of(const GumboNode* node, bool in_heading = false);

// Where the content is: the element marked data-prepsearch-body, else <main>, else the
// element of role="main", else <article>, else the innermost element holding every h2-h6
// outside site chrome, else <body>. Null for a page with no body.
const GumboNode* html_content_root(const GumboNode* document);

// The fields every document of the page has: section (the content's first <h1>, else the
// <title>, else the file's name), language (<html lang>), and topic, kind, level, tags and rank
// from <meta name="prepsearch-FIELD" content="..."> or data-prepsearch-FIELD on <html>, <body> or
// the content root, the later winning. A value the field does not allow is a warning.
Document html_page_fields(const GumboNode* document, const GumboNode* root, const std::string& file,
                          const DiagnosticSink& report);

// data-prepsearch-FIELD on the heading or on the element that holds it (a <section>) sets
// kind, level, tags or rank for the heading's document alone.
void html_heading_fields(const GumboNode* heading, Document& doc, const std::string& file,
                         const DiagnosticSink& report);

// A heading's text without its permalink ("¶").
inline std::string html_heading_text(const GumboNode* heading) {
  return html_text_of(heading, true);
}

// The heading's id; else the id of an empty element right before it (Sphinx's
// <span id="label"></span> targets); else its parent's if the heading is the parent's first
// element (a <section id>); empty if none.
std::string html_anchor(const GumboNode* heading);

}  // namespace prepsearch
