// Document ↔ stored JSON, field by field from the schema's table, and lookups by id.
#include "core/document.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/terms.h"

namespace prepsearch {

using schema::FieldId;

// A switch, not a table: -Wswitch names the FieldId that has no member here.
std::string Document::*text_member(FieldId id) {
  switch (id) {
    case FieldId::kId: return &Document::id;
    case FieldId::kTitle: return &Document::title;
    case FieldId::kText: return &Document::text;
    case FieldId::kTopic: return &Document::topic;
    case FieldId::kSection: return &Document::section;
    case FieldId::kKind: return &Document::kind;
    case FieldId::kLevel: return &Document::level;
    case FieldId::kLanguage: return &Document::language;
    case FieldId::kUrl: return &Document::url;
    case FieldId::kSource: return &Document::source;
    case FieldId::kTags: return nullptr;
  }
  return nullptr;
}

std::vector<std::string> Document::*list_member(FieldId id) {
  return id == FieldId::kTags ? &Document::tags : nullptr;
}

std::vector<std::string> values_of(const Document& doc, const schema::Field& field) {
  if (const auto list = list_member(field.id)) return doc.*list;
  const std::string& value = doc.*text_member(field.id);
  if (value.empty()) return {};
  return {value};
}

bool is_allowed(const schema::Field& field, std::string_view value) {
  if (field.choices == nullptr) return true;
  return std::find(field.choices->begin(), field.choices->end(), value) != field.choices->end();
}

bool Document::operator==(const Document& other) const {
  return serialize(*this) == serialize(other);
}

std::string serialize(const Document& doc) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& field : schema::kFields) {
    if (const auto list = list_member(field.id)) {
      json[field.name] = doc.*list;
    } else {
      json[field.name] = doc.*text_member(field.id);
    }
  }
  return json.dump();
}

Document deserialize(const std::string& data) {
  const auto json = nlohmann::json::parse(data, nullptr, false);
  if (!json.is_object()) throw std::runtime_error("stored document data is not a JSON object");
  Document doc;
  for (const auto& field : schema::kFields) {
    if (const auto list = list_member(field.id)) {
      doc.*list = json.value(field.name, std::vector<std::string>());
    } else {
      doc.*text_member(field.id) = json.value(field.name, std::string());
    }
  }
  return doc;
}

std::optional<Document> find_document(const Xapian::Database& db, std::string_view id) {
  const std::string term = id_term(id);
  const auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  return deserialize(db.get_document(*posting).get_data());
}

std::string content_hash(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace prepsearch
