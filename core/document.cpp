// Document ↔ stored JSON, and lookups by id.
#include "core/document.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/schema.h"
#include "core/terms.h"

namespace prepsearch {

bool is_known_level(std::string_view level) {
  return std::find(kLevels.begin(), kLevels.end(), level) != kLevels.end();
}

bool Document::operator==(const Document& other) const { return serialize(*this) == serialize(other); }

std::string serialize(const Document& doc) {
  namespace f = schema::field;
  nlohmann::json json = {{f::kId, doc.id},     {f::kTitle, doc.title},     {f::kText, doc.text},
                         {f::kTopic, doc.topic}, {f::kSection, doc.section}, {f::kKind, doc.kind},
                         {f::kLevel, doc.level}, {f::kUrl, doc.url},         {f::kSource, doc.source},
                         {f::kTags, doc.tags}};
  return json.dump();
}

Document deserialize(const std::string& data) {
  namespace f = schema::field;
  const auto json = nlohmann::json::parse(data, nullptr, false);
  if (!json.is_object()) throw std::runtime_error("stored document data is not a JSON object");
  const auto get = [&](const char* key) { return json.value(key, std::string()); };
  Document doc{get(f::kId),   get(f::kTitle), get(f::kText), get(f::kTopic), get(f::kSection),
               get(f::kKind), get(f::kLevel), get(f::kUrl),  get(f::kSource), {}};
  doc.tags = json.value(f::kTags, std::vector<std::string>());
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
