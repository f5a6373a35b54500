// SearchResults and Documents → the JSON the API returns (docs/api.md, docs/openapi.yaml).
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/json_writer.h"
#include "server/searcher.h"

namespace prepsearch {

// The small answers (errors, suggestions, health) are built as a tree; keys stay in the
// documented order.
using Json = nlohmann::ordered_json;

// A hit's click token (click_token.h) from its id; empty: hits carry none.
using ClickTokens = std::function<std::string(const std::string& id)>;

// The members of the /api/search body, written into the object `out` has open. `took_ms`
// is the time the search took; each hit has a "click" token when `click` is given.
void write_search(JsonWriter& out, const SearchRequest& request, const SearchResults& results,
                  double took_ms, const ClickTokens& click = {});

// The /api/search body.
std::string search_json(const SearchRequest& request, const SearchResults& results, double took_ms,
                        const ClickTokens& click = {});

// The /api/docs/{id} body.
// /api/docs/{id}: the kInDocument fields, and `translations`: the id, language, title and url
// of the same document in each other language (Searcher::translations).
std::string document_json(const Document& doc, const std::vector<Document>& translations);

// The /api/docs/{id}/related body: {"id", "took_ms", "results": [hits as in a search]}.
std::string related_json(const std::string& id, const std::vector<SearchHit>& hits, double took_ms);

// The error body every failure shares: {"error": {"code": ..., "message": ...}}.
Json error_json(const std::string& code, const std::string& message);

// Serialises for the wire; invalid UTF-8 (never expected) is replaced, not thrown.
std::string dump(const Json& json);

}  // namespace prepsearch
