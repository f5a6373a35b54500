// The document model: one section, subsection or Q&A item, and how it is stored in Xapian.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace prepsearch {

inline constexpr char kKindSection[] = "section";
inline constexpr char kKindQuestion[] = "question";

// The Q&A levels, in page order. A question always has one; a section has none.
inline const std::vector<std::string> kLevels = {"basic", "technical", "advanced", "mistake"};
bool is_known_level(std::string_view level);

struct Document {
  std::string id;       // stable and unique: "django/select-related-vs-..." or a JSONL id
  std::string title;    // heading, or the question
  std::string text;     // body, or the answer; may be empty for a heading-only section
  std::string topic;    // technology, lower-case: "django"
  std::string section;  // enclosing section: "Scalability", "Advanced questions"
  std::string kind;     // kKindSection or kKindQuestion
  std::string level;    // one of kLevels for a question, else empty
  std::string url;      // page and anchor
  std::string source;   // corpus file (or JSONL "source") it came from
  std::vector<std::string> tags;  // page tags from the front matter, as written

  bool operator==(const Document& other) const;
};

// The stored data: a JSON object with the schema::field keys. Deterministic for equal documents.
std::string serialize(const Document& doc);

// Reads back what serialize() wrote; throws std::runtime_error if `data` is not such an object.
Document deserialize(const std::string& data);

// Reads a stored document by id; nullopt if there is none.
std::optional<Document> find_document(const Xapian::Database& db, std::string_view id);

// 16 hex digits of FNV-1a 64 over `data`: the change detector for --update.
std::string content_hash(std::string_view data);

}  // namespace prepsearch
