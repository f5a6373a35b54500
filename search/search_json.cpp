// Field by field, so the JSON names are written in one place.
#include "search/search_json.h"

#include <cmath>

#include "core/schema.h"

namespace prepsearch {
namespace {

// The fields of `doc` that have `role` (kInHit or kInDocument), in table order.
void write_fields(JsonWriter& out, const Document& doc, schema::FieldRole role) {
  for (const auto& field : schema::kFields) {
    if (!schema::has_role(field, role)) continue;
    out.key(field.name);
    if (const auto list = list_member(field.id)) {
      out.begin_array();
      for (const auto& item : doc.*list) out.value(item);
      out.end_array();
    } else {
      out.value(doc.*text_member(field.id));
    }
  }
}

// Each as its kInTranslation fields.
void write_translations(JsonWriter& out, const std::vector<Document>& translations) {
  out.key("translations");
  out.begin_array();
  for (const auto& translation : translations) {
    out.begin_object();
    write_fields(out, translation, schema::kInTranslation);
    out.end_object();
  }
  out.end_array();
}

void write_link(JsonWriter& out, const Document& doc, const std::string& site_url) {
  const std::string link = link_of(doc.url, site_url);
  if (link.empty()) return;
  out.key("link");
  out.value(link);
}

void write_hit(JsonWriter& out, const SearchHit& hit, const ClickTokens& click,
               const std::string& site_url) {
  out.begin_object();
  write_fields(out, hit.doc, schema::kInHit);
  write_link(out, hit.doc, site_url);
  write_translations(out, hit.translations);
  out.key("title_marked");
  out.value(hit.title_marked);
  out.key("snippet");
  out.value(hit.snippet);
  if (click) {
    out.key("click");
    out.value(click(hit.doc.id));
  }
  out.key("score");
  out.value(std::round(hit.score * 1000) / 1000);
  out.end_object();
}

}  // namespace

std::string link_of(const std::string& url, const std::string& site_url) {
  if (url.empty() || !is_safe_url(url)) return {};
  if (is_site_url(url)) return url;
  if (site_url.empty()) return {};
  return site_url + (url[0] == '/' ? "" : "/") + url;
}

void write_search(JsonWriter& out, const SearchRequest& request, const SearchResults& results,
                  double took_ms, const ClickTokens& click, const std::string& site_url) {
  // A hit's fields and snippet come to about half a kilobyte; the facets to a few.
  out.reserve(4096 + results.hits.size() * 768);
  out.key("query");
  out.value(request.query);
  out.key("total");
  out.value(std::uint64_t{results.total});
  out.key("counts_exact");
  out.value(results.counts_exact);
  out.key("offset");
  out.value(std::uint64_t{request.offset});
  out.key("limit");
  out.value(std::uint64_t{request.limit});
  out.key("took_ms");
  out.value(std::round(took_ms * 1000) / 1000);
  out.key("suggestion");
  if (results.suggestion)
    out.value(*results.suggestion);
  else
    out.null();
  out.key("corrected");
  out.value(results.corrected);
  out.key("unsearchable");
  out.value(results.unsearchable);
  out.key("results");
  out.begin_array();
  for (const auto& hit : results.hits) write_hit(out, hit, click, site_url);
  out.end_array();
  out.key("facets");
  out.begin_object();
  for (const auto& [field, values] : results.facets) {
    out.key(field);
    out.begin_object();
    for (const auto& [value, count] : values) {
      out.key(value);
      out.value(std::uint64_t{count});
    }
    out.end_object();
  }
  out.end_object();
}

std::string search_json(const SearchRequest& request, const SearchResults& results, double took_ms,
                        const ClickTokens& click, const std::string& site_url) {
  JsonWriter out;
  out.begin_object();
  write_search(out, request, results, took_ms, click, site_url);
  out.end_object();
  return out.take();
}

std::string related_json(const std::string& id, const std::vector<SearchHit>& hits, double took_ms,
                         const std::string& site_url) {
  JsonWriter out;
  out.reserve(1024 + hits.size() * 512);
  out.begin_object();
  out.key("id");
  out.value(id);
  out.key("took_ms");
  out.value(std::round(took_ms * 1000) / 1000);
  out.key("results");
  out.begin_array();
  for (const auto& hit : hits) write_hit(out, hit, {}, site_url);
  out.end_array();
  out.end_object();
  return out.take();
}

std::string document_json(const Document& doc, const std::vector<Document>& translations,
                          const std::string& site_url) {
  JsonWriter out;
  out.begin_object();
  write_fields(out, doc, schema::kInDocument);
  write_link(out, doc, site_url);
  write_translations(out, translations);
  out.end_object();
  return out.take();
}

}  // namespace prepsearch
