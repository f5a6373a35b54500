// Field by field, so the JSON names are written in one place.
#include "server/search_json.h"

#include <cmath>

namespace prepsearch {
namespace {

Json hit_json(const SearchHit& hit) {
  const Document& doc = hit.doc;
  return Json{{"id", doc.id},           {"title", doc.title}, {"topic", doc.topic},
              {"section", doc.section}, {"kind", doc.kind},   {"level", doc.level},
              {"url", doc.url},         {"snippet", hit.snippet},
              {"score", std::round(hit.score * 1000) / 1000}};
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

Json to_json(const Document& doc) {
  return Json{{"id", doc.id},       {"title", doc.title}, {"text", doc.text},
              {"topic", doc.topic}, {"section", doc.section}, {"kind", doc.kind},
              {"level", doc.level}, {"url", doc.url}};
}

Json error_json(const std::string& code, const std::string& message) {
  return Json{{"error", {{"code", code}, {"message", message}}}};
}

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace prepsearch
