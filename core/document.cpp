// Document ↔ the stored record, field by field from the schema's table, and lookups by id.
#include "core/document.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "core/terms.h"
#include "core/text.h"

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
    case FieldId::kEcosystem: return &Document::ecosystem;
    case FieldId::kUrl: return &Document::url;
    case FieldId::kSource: return &Document::source;
    case FieldId::kTranslates: return &Document::translates;
    case FieldId::kRank: return &Document::rank;
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
  if (field.id == schema::FieldId::kLanguage) return schema::is_language_code(value);
  if (field.choices == nullptr) return true;
  return std::find(field.choices->begin(), field.choices->end(), value) != field.choices->end();
}

std::string not_allowed_message(const schema::Field& field, std::string_view value) {
  const std::string expected = field.id == schema::FieldId::kLanguage
                                   ? "a two-letter ISO 639-1 code such as en or uk"
                               : field.choices ? schema::describe_choices(*field.choices)
                                               : std::string("any");
  return "unknown " + std::string(field.name) + " \"" + std::string(value) + "\" (expected " +
         expected + ")";
}

bool is_safe_url(std::string_view url) {
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7F || c == '\\') return false;
  }
  std::string lower(url.substr(0, 8));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (starts_with(lower, scheme)) return url.size() > scheme.size() && url[scheme.size()] != '/';
  }
  if (starts_with(url, "//")) return false;
  const std::string_view first = url.substr(0, url.find_first_of("/?#"));
  return first.find_first_of(":@") == std::string_view::npos;
}

bool is_site_url(std::string_view url) {
  std::string lower(url.substr(0, 8));
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return (starts_with(lower, "http://") || starts_with(lower, "https://")) && is_safe_url(url);
}

namespace {

void put_length(std::size_t length, std::string& out) {
  do {
    const auto low = static_cast<unsigned char>(length & 0x7F);
    length >>= 7;
    out += static_cast<char>(length != 0 ? low | 0x80 : low);
  } while (length != 0);
}

void put_string(std::string_view value, std::string& out) {
  put_length(value.size(), out);
  out.append(value);
}

// Reads a record front to back; any overrun means the data is not a record of ours.
class RecordReader {
 public:
  explicit RecordReader(std::string_view data) : data_(data) {}

  std::size_t length() {
    std::size_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (at_ >= data_.size()) fail();
      const auto byte = static_cast<unsigned char>(data_[at_++]);
      value |= static_cast<std::size_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail();
  }

  std::string_view string() {
    const std::size_t size = length();
    if (size > data_.size() - at_) fail();
    const std::string_view value = data_.substr(at_, size);
    at_ += size;
    return value;
  }

  // The item count of a list: each item takes at least its length byte.
  std::size_t count() {
    const std::size_t items = length();
    if (items > data_.size() - at_) fail();
    return items;
  }

  bool at_end() const { return at_ == data_.size(); }

 private:
  [[noreturn]] static void fail() {
    throw std::runtime_error("stored document data is not a prepsearch record (schema " +
                             std::string(schema::kSchemaVersion) + "); rebuild the index");
  }

  std::string_view data_;
  std::size_t at_ = 0;
};

// The record of `doc`; the kApart fields too if `with_apart` (for the hash and equality).
std::string record(const Document& doc, bool with_apart) {
  std::string out;
  out.reserve((with_apart ? doc.text.size() : 0) + doc.title.size() + 128);
  for (const auto& field : schema::kFields) {
    if (!with_apart && schema::has_role(field, schema::kApart)) continue;
    if (const auto list = list_member(field.id)) {
      put_length((doc.*list).size(), out);
      for (const auto& item : doc.*list) put_string(item, out);
    } else {
      put_string(doc.*text_member(field.id), out);
    }
  }
  return out;
}

}  // namespace

std::string stored_record(const Document& doc) { return record(doc, false); }

std::string document_hash(const Document& doc) { return content_hash(record(doc, true)); }

bool Document::operator==(const Document& other) const {
  return record(*this, true) == record(other, true);
}

Document read_record(std::string_view data, schema::FieldRole only) {
  RecordReader reader(data);
  Document doc;
  for (const auto& field : schema::kFields) {
    if (schema::has_role(field, schema::kApart)) continue;
    const bool kept = only == schema::FieldRole{} || schema::has_role(field, only);
    if (const auto list = list_member(field.id)) {
      const std::size_t count = reader.count();
      auto& items = doc.*list;
      if (kept) items.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        const std::string_view item = reader.string();
        if (kept) items.emplace_back(item);
      }
    } else {
      const std::string_view value = reader.string();
      if (kept) doc.*text_member(field.id) = value;
    }
  }
  if (!reader.at_end()) throw std::runtime_error("stored document data has trailing bytes");
  return doc;
}

void read_apart_fields(const Xapian::Document& xdoc, Document& doc) {
  for (const auto& field : schema::kFields) {
    if (schema::has_role(field, schema::kApart))
      doc.*text_member(field.id) = xdoc.get_value(field.slot);
  }
}

Document read_document(const Xapian::Document& xdoc, bool with_apart) {
  Document doc = read_record(xdoc.get_value(schema::kSlotRecord));
  if (with_apart) read_apart_fields(xdoc, doc);
  return doc;
}

std::optional<Xapian::docid> find_docid(const Xapian::Database& db, std::string_view id) {
  const std::string term = id_term(id);
  const auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  return *posting;
}

std::optional<Document> find_document(const Xapian::Database& db, std::string_view id) {
  const auto docid = find_docid(db, id);
  if (!docid) return std::nullopt;
  return read_document(matched_document(db, *docid));
}

Xapian::Document matched_document(const Xapian::Database& db, Xapian::docid docid) {
  return db.get_document(docid, Xapian::DOC_ASSUME_VALID);
}

std::uint64_t fnv1a64(std::string_view data, std::uint64_t basis) {
  std::uint64_t hash = basis;
  for (const char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string content_hash(std::string_view data) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(data)));
  return hex;
}

}  // namespace prepsearch
