// The document model: one section, subsection or Q&A item, and how it is stored in Xapian.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/schema.h"

namespace prepsearch {

using schema::kKindQuestion;
using schema::kKindSection;

// One member per row of schema::kFields (document.cpp maps each FieldId to its member).
struct Document {
  std::string id;       // stable and unique: "django/select-related-vs-..." or a JSONL id
  std::string title;    // heading, or the question
  std::string text;     // body, or the answer (schema::stored_text shape); may be empty
  std::string topic;    // technology, folded: "django"
  std::string section;  // enclosing section: "Scalability", "Advanced questions"
  std::string kind;     // kKindSection or kKindQuestion
  std::string level;    // one of schema::kLevels for a question, else empty
  std::string language = schema::kDefaultLanguage;  // human language: an ISO 639-1 code
  std::string ecosystem;  // programming language of the page, folded: "python"; may be empty
  std::vector<std::string> tags;  // page tags, as written
  std::string url;                // page and anchor
  std::string source;             // corpus file (or JSONL "source") it came from
  std::string translates;         // id of the document this one translates; empty if none
  std::string rank;               // one of schema::kRanks; empty: the default (core/rank_record.h)

  bool operator==(const Document& other) const;
};

// Where a Document keeps a field: the member of a scalar field, or (kList) of a list field;
// the other is nullptr.
std::string Document::*text_member(schema::FieldId id);
std::vector<std::string> Document::*list_member(schema::FieldId id);

// The field's values in `doc`: its non-empty value, or every item of a list field.
std::vector<std::string> values_of(const Document& doc, const schema::Field& field);

// True if `value` is one the field allows (any value when the field has no choices).
bool is_allowed(const schema::Field& field, std::string_view value);

// The error for a value is_allowed() refuses: `unknown level "expert" (expected basic, ...)`.
std::string not_allowed_message(const schema::Field& field, std::string_view value);

// True for a url a result may link to: an http(s) URL, or a path on the site
// ("/django#scalability", "ref/models/querysets.html"). Never another scheme (javascript:),
// a host-relative "//host/x", spaces, controls or backslashes, nor ':' or '@' before the
// first '/' that a link template such as "https://site{url}" would read as a host or user.
bool is_safe_url(std::string_view url);

// True for an http(s) URL is_safe_url() allows, with a host: a site links may go under.
bool is_site_url(std::string_view url);

// The stored record (layout in core/schema.h), kept in value slot schema::kSlotRecord: every
// field but the kApart ones, which to_xapian() puts in their own value slots. Deterministic
// for equal documents.
std::string stored_record(const Document& doc);

// Reads back what stored_record() wrote (kApart fields left empty), or with `only` just the
// fields of that role (the rest left as a new Document has them); throws
// std::runtime_error if `data` is not such a record (truncated, or another schema version).
Document read_record(std::string_view data, schema::FieldRole only = {});

// Sets the kApart fields (the text) of `doc` from their value slots.
void read_apart_fields(const Xapian::Document& xdoc, Document& doc);

// The document as to_xapian() stored it: the record, and the kApart fields (the text) from
// their value slots if `with_apart`.
Document read_document(const Xapian::Document& xdoc, bool with_apart = true);

// The document at `docid`, which a match or a posting list of `db` gave, so it exists: Xapian
// is told not to check (glass checks by looking up the document's length, which decodes the
// length list from the start of its chunk).
Xapian::Document matched_document(const Xapian::Database& db, Xapian::docid docid);

// 16 hex digits over every field, the kApart ones included: the change detector of --update.
std::string document_hash(const Document& doc);

// The docid of the document with `id`; nullopt if there is none.
std::optional<Xapian::docid> find_docid(const Xapian::Database& db, std::string_view id);

// Reads a stored document by id; nullopt if there is none.
std::optional<Document> find_document(const Xapian::Database& db, std::string_view id);

// FNV-1a 64 over `data`: stable across runs, builds and machines (a document's shard).
// Another `basis` than FNV's own gives a hash keyed by it (server/salted_hash.h).
inline constexpr std::uint64_t kFnv1a64Basis = 14695981039346656037ULL;
std::uint64_t fnv1a64(std::string_view data, std::uint64_t basis = kFnv1a64Basis);

// 16 hex digits of fnv1a64(`data`) (document_hash, ETags).
std::string content_hash(std::string_view data);

}  // namespace prepsearch
