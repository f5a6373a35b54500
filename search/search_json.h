// SearchResults and Documents → the JSON the API returns (docs/api.md, docs/openapi.yaml).
#pragma once

#include <functional>
#include <string>

#include "core/json.h"

#include "search/json_writer.h"
#include "search/searcher.h"

namespace prepsearch {

// A hit's click token (click_token.h) from its id; empty: hits carry none.
using ClickTokens = std::function<std::string(const std::string& id)>;

// Where a document's `url` leads: itself if it is an http(s) URL; under `site_url` (the
// server's --site-url) if it is a path; "" otherwise (no url, or no site to put it under).
std::string link_of(const std::string& url, const std::string& site_url);

// The members of the /api/search body, written into the object `out` has open. `took_ms`
// is the time the search took; each hit has a "click" token when `click` is given, and a
// "link" (link_of) when it has one under `site_url`.
void write_search(JsonWriter& out, const SearchRequest& request, const SearchResults& results,
                  double took_ms, const ClickTokens& click = {}, const std::string& site_url = {});

// The /api/search body.
std::string search_json(const SearchRequest& request, const SearchResults& results, double took_ms,
                        const ClickTokens& click = {}, const std::string& site_url = {});

// /api/docs/{id}: the kInDocument fields, its "link" (as a hit's), and `translations`: the
// kInTranslation fields (id, title, language, url) of the same document in each other
// language (Searcher::translations).
std::string document_json(const Document& doc, const std::vector<Document>& translations,
                          const std::string& site_url = {});

// The /api/docs/{id}/related body: {"id", "took_ms", "results": [hits as in a search]}.
std::string related_json(const std::string& id, const std::vector<SearchHit>& hits, double took_ms,
                         const std::string& site_url = {});

}  // namespace prepsearch
