// SearchResults and Documents → the JSON the API returns (README, docs/openapi.yaml).
#pragma once

#include <nlohmann/json.hpp>

#include "server/searcher.h"

namespace prepsearch {

// Keys stay in the documented order.
using Json = nlohmann::ordered_json;

// The /api/search body. `took_ms` is the time the search took.
Json to_json(const SearchRequest& request, const SearchResults& results, double took_ms);

// The /api/docs/{id} body.
Json to_json(const Document& doc);

// The error body every failure shares: {"error": {"code": ..., "message": ...}}.
Json error_json(const std::string& code, const std::string& message);

// Serialises for the wire; invalid UTF-8 (never expected) is replaced, not thrown.
std::string dump(const Json& json);

}  // namespace prepsearch
