// Field by field, so the JSON names are written in one place.
#include "server/search_json.h"

#include <cmath>

#include "core/schema.h"

namespace prepsearch {
namespace {

// The fields of `doc` that have `role` (kInHit or kInDocument), in table order.
Json fields_json(const Document& doc, schema::FieldRole role) {
  Json json = Json::object();
  for (const auto& field : schema::kFields) {
    if (!schema::has_role(field, role)) continue;
    if (const auto list = list_member(field.id)) {
      json[field.name] = doc.*list;
    } else {
      json[field.name] = doc.*text_member(field.id);
    }
  }
  return json;
}

Json hit_json(const SearchHit& hit) {
  Json json = fields_json(hit.doc, schema::kInHit);
  json["snippet"] = hit.snippet;
  json["score"] = std::round(hit.score * 1000) / 1000;
  return json;
}

}  // namespace

Json to_json(const SearchRequest& request, const SearchResults& results, double took_ms) {
  Json json;
  json["query"] = request.query;
  json["total"] = results.total;
  json["offset"] = request.offset;
  json["limit"] = request.limit;
  json["took_ms"] = std::round(took_ms * 1000) / 1000;
  json["suggestion"] = results.suggestion ? Json(*results.suggestion) : Json(nullptr);
  json["corrected"] = results.corrected;
  json["results"] = Json::array();
  for (const auto& hit : results.hits) json["results"].push_back(hit_json(hit));
  Json facets = Json::object();
  for (const auto& [field, values] : results.facets) {
    Json counts = Json::object();
    for (const auto& [value, count] : values) counts[value] = count;
    facets[field] = std::move(counts);
  }
  json["facets"] = std::move(facets);
  return json;
}

Json to_json(const Document& doc) { return fields_json(doc, schema::kInDocument); }

Json error_json(const std::string& code, const std::string& message) {
  return Json{{"error", {{"code", code}, {"message", message}}}};
}

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace prepsearch
