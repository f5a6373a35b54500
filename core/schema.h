// The contract between indexer and server: term prefixes, value slots, stored fields, stemmer.
//
// PERSISTED in every database. Changing anything here means re-indexing the corpus:
// bump kSchemaVersion so that `prepsearch-index --update` refuses a stale database.
#pragma once

#include <xapian.h>

namespace prepsearch::schema {

inline constexpr char kSchemaVersion[] = "2";  // 2: spelling and synonym tables
inline constexpr char kStemLanguage[] = "english";  // TermGenerator-style Z terms, QueryParser

// Database metadata keys (Xapian::Database::get_metadata).
namespace metadata {
inline constexpr char kSchema[] = "prepsearch.schema";          // kSchemaVersion at write time
inline constexpr char kGeneration[] = "prepsearch.generation";  // decimal generation number
}  // namespace metadata

// Term prefixes follow omega's conventions (docs/termprefixes.rst): single capitals
// for the standard ones, X plus capitals for ours. Free-text terms are lower-case, so
// they can never collide with a prefix.
namespace prefix {
inline constexpr char kId[] = "Q";            // unique id; replace_document() key
inline constexpr char kTitle[] = "S";         // free text of the title, searchable as title:...
inline constexpr char kStem[] = "Z";          // stemmed, unpositioned form (as TermGenerator)
inline constexpr char kTag[] = "K";           // boolean, lower-cased page tag: tag:orm
inline constexpr char kTopic[] = "XTOPIC";    // boolean, lower-cased: topic:django
inline constexpr char kSection[] = "XSECTION";  // boolean, lower-cased enclosing section
inline constexpr char kKind[] = "XKIND";      // boolean: section | question
inline constexpr char kLevel[] = "XLEVEL";    // boolean: basic | technical | advanced | mistake
}  // namespace prefix

// Besides documents, a database holds two tables the query side reads:
// - spelling: the indexed words worth correcting to (add_spelling_words() in
//   index_writer.h says which), with their document frequency, for
//   Database::get_spelling_suggestion();
// - synonyms: corpus synonyms.txt, keyed as synonym_keys() in synonyms.h says.

// Value slots. Each holds a plain UTF-8 string, used for facets and to compare on --update.
enum Slot : Xapian::valueno {
  kSlotTopic = 0,    // topic, lower-cased
  kSlotSection = 1,  // enclosing section, as written
  kSlotKind = 2,     // section | question
  kSlotLevel = 3,    // basic | technical | advanced | mistake, or empty
  kSlotHash = 4,     // 16 hex digits: FNV-1a 64 of the stored data; unchanged hash = skip on --update
};

// Within-document frequency added per occurrence. A title term counts kTitleWdf times
// in the body field so BM25 ranks a title match above a single mention in a long body.
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termcount kBodyWdf = 1;

// Gap in term positions between title and body, so a phrase cannot span the two.
inline constexpr Xapian::termpos kFieldGap = 100;

// Xapian rejects terms over 245 bytes; words this long are not worth indexing anyway.
inline constexpr std::size_t kMaxTermBytes = 64;

// Stored document data is a JSON object with these keys (see document.h).
namespace field {
inline constexpr char kId[] = "id";
inline constexpr char kTitle[] = "title";
inline constexpr char kText[] = "text";
inline constexpr char kTopic[] = "topic";
inline constexpr char kSection[] = "section";
inline constexpr char kKind[] = "kind";
inline constexpr char kLevel[] = "level";
inline constexpr char kUrl[] = "url";
inline constexpr char kSource[] = "source";
inline constexpr char kTags[] = "tags";
}  // namespace field

}  // namespace prepsearch::schema
