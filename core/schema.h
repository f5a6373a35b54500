// The contract between indexer and server: term prefixes, value slots, the field table,
// the stored-text format and the stemmer.
//
// PERSISTED in every database. Changing anything here means re-indexing the corpus:
// bump kSchemaVersion so that `prepsearch-index --update` refuses a stale database.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace prepsearch::schema {

// 6: XTITLE, XSTART; 7: XPAIR, XDEFINES; 8: kSlotId; 9: human language, ecosystem, translates;
// 10: CJK runs as overlapping letter pairs (core/analyzer.h); 11: kSlotRank, the rank field;
// 12: the page title's words in kSlotRank; 13: the stored record in kSlotRecord, not the data
inline constexpr char kSchemaVersion[] = "13";

// A document may be in any human language, named by its ISO 639-1 code (field `language`:
// two lowercase letters). Those Xapian 1.4 has a Snowball stemmer for are stemmed with it;
// any other (uk, pl, cs, el, ja, zh, ko, hi ...) is indexed unstemmed.
inline const std::vector<std::string> kStemmedLanguages = {
    "ar", "ca", "da", "de", "en", "es", "eu", "fi", "fr", "ga", "hu", "hy",
    "id", "it", "lt", "ne", "nl", "nb", "pt", "ro", "ru", "sv", "ta", "tr"};
inline constexpr char kDefaultLanguage[] = "en";  // a document that does not say
// True for an ISO 639-1 code as the field holds it: two lowercase ASCII letters.
bool is_language_code(std::string_view value);
// Xapian::Stem's name for `language`: its code if Xapian stems it, else "none" (no stemming).
const char* stemmer_name(const std::string& language);

// Database metadata keys (Xapian::Database::get_metadata), written by finish_index().
namespace metadata {
inline constexpr char kSchema[] = "prepsearch.schema";          // kSchemaVersion at write time
inline constexpr char kGeneration[] = "prepsearch.generation";  // decimal generation number
}  // namespace metadata

// Term prefixes follow omega's conventions (docs/termprefixes.rst): single capitals
// for the standard ones, X plus capitals for ours. Free-text terms are lower-case, so
// they can never collide with a prefix.
namespace prefix {
inline constexpr char kId[] = "Q";              // unique id; replace_document() key
inline constexpr char kTitle[] = "S";           // free text of the title, searchable as title:...
inline constexpr char kStem[] = "Z";            // stemmed, unpositioned form (as TermGenerator)
inline constexpr char kTag[] = "K";             // boolean, folded page tag: tag:orm
inline constexpr char kTopic[] = "XTOPIC";      // boolean, folded: topic:django
inline constexpr char kSection[] = "XSECTION";  // boolean, folded enclosing section
inline constexpr char kKind[] = "XKIND";        // boolean: section | question
inline constexpr char kLevel[] = "XLEVEL";      // boolean: basic | technical | advanced | mistake
inline constexpr char kLanguage[] = "L";        // boolean: language:es (omega's ISO code)
inline constexpr char kEcosystem[] = "XECO";    // boolean, folded: ecosystem:python
inline constexpr char kTranslates[] = "XTRANSLATES";  // the id of the document this translates
inline constexpr char kTitleExact[] = "XTITLE";  // the whole title's words (terms.h: title_key)
inline constexpr char kTitleStart[] = "XSTART";  // its first 1 .. kTitleStartWords words
inline constexpr char kTitlePair[] = "XPAIR";    // each two neighbouring words of the title
inline constexpr char kDefines[] = "XDEFINES";   // a name the text defines (terms.h: defined_names)
}  // namespace prefix

// Besides documents, a database holds two tables the query side reads:
// - spelling: the indexed words worth correcting to (add_spelling_words() in
//   indexer/index_writer.h says which), with their document frequency, for
//   Database::get_spelling_suggestion();
// - synonyms: corpus synonyms.txt, keyed as synonym_keys() in core/terms.h says.

// Value slots. Each holds a plain UTF-8 string, used for facets and to compare on --update,
// but kSlotRank and kSlotRecord, which hold bytes.
enum Slot : Xapian::valueno {
  kSlotTopic = 0,    // topic, folded
  kSlotSection = 1,  // enclosing section, as written
  kSlotKind = 2,     // section | question
  kSlotLevel = 3,    // basic | technical | advanced | mistake, or empty
  kSlotHash = 4,  // 16 hex digits: FNV-1a 64 of the stored data; unchanged hash = skip on --update
  kSlotLanguage = 5,  // human language: an ISO 639-1 code
  kSlotText = 6,      // the text (kApart): read only for a snippet or /api/docs
  // The id: equal scores rank by it, so that ties break alike in one database and in any
  // number of shards (docids differ between those layouts).
  kSlotId = 7,
  kSlotEcosystem = 8,  // programming language of the page, folded, or empty
  // What the second phase of ranking reads of a document: core/rank_record.h, in bytes.
  kSlotRank = 9,
  // The stored record (core/document.h), in bytes: in a slot, not the document's data, so
  // that a revision's records are read into memory in one pass over the value stream
  // (search/slot_table.h) and a page of hits reads none but its texts.
  kSlotRecord = 10,
};
inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

// The values `kind` and `level` may take; error messages list them from here.
inline constexpr char kKindSection[] = "section";
inline constexpr char kKindQuestion[] = "question";
inline const std::vector<std::string> kKinds = {kKindSection, kKindQuestion};
// The Q&A levels, in page order. A question always has one; a section has none.
inline const std::vector<std::string> kLevels = {"basic", "technical", "advanced", "mistake"};
// A page's rank (as DocSearch's page_rank), kept in the rank record for ranking: above 0 is
// meant to go ahead of pages that match alike, below 0 after them. Left out: 0, or -1 for
// version history (core/rank_record.h).
inline const std::vector<std::string> kRanks = {"-3", "-2", "-1", "0", "1", "2", "3"};

// The fields of a document, each named once. Everything that lists fields walks kFields:
// the JSONL and front-matter readers, the stored record, the filter parameters and query
// fields, the facets, and both JSON writers. To add a field: a FieldId, a row below, a
// member of Document and its case in document.cpp (and docs/openapi.yaml: a test checks).
enum class FieldId {
  kId,
  kTitle,
  kText,
  kTopic,
  kSection,
  kKind,
  kLevel,
  kLanguage,
  kEcosystem,
  kTags,
  kUrl,
  kSource,
  kTranslates,
  kRank
};

// What a field does; a row ORs these.
enum FieldRole : unsigned {
  kFromJsonl = 1U << 0,        // a JSONL record may carry it
  kFromFrontMatter = 1U << 1,  // a page's front matter sets it for every document of the page
  kFilter = 1U << 2,           // boolean terms: `?param=value` and `param:value` filter on it
  kFacet = 1U << 3,            // its value slot is counted in a search's `facets`
  kInHit = 1U << 4,            // returned with each /api/search result
  kInDocument = 1U << 5,       // returned by /api/docs/{id}
  kList = 1U << 6,             // several values: a JSON array of strings
  kFolded = 1U << 7,           // lower-cased (fold()) as it is read
  kApart = 1U << 8,            // kept in its value slot, not in the stored record
  kInteger = 1U << 9,          // JSONL may give it as an integer (its choices are numbers)
  kInTranslation = 1U << 10,   // returned for each of a hit's or a document's translations
};

struct Field {
  FieldId id;
  const char* name;      // key in JSONL, front matter, the stored record and the API
  const char* param;     // filter parameter and query field ("tag" for tags); "" if none
  const char* prefix;    // boolean term prefix of a kFilter field; "" if none
  Xapian::valueno slot;  // value slot, or kNoSlot
  unsigned roles;        // FieldRole bits
  const std::vector<std::string>* choices;  // the only values allowed, or nullptr for any
};

// The one text field a query may name (`title:words`), searched through prefix::kTitle.
inline constexpr char kTitleField[] = "title";

inline const std::vector<Field> kFields = {
    {FieldId::kId, "id", "", "", kSlotId, kFromJsonl | kInHit | kInDocument | kInTranslation,
     nullptr},
    {FieldId::kTitle, kTitleField, "", "", kNoSlot,
     kFromJsonl | kInHit | kInDocument | kInTranslation, nullptr},
    {FieldId::kText, "text", "", "", kSlotText, kFromJsonl | kInDocument | kApart, nullptr},
    {FieldId::kTopic, "topic", "topic", prefix::kTopic, kSlotTopic,
     kFromJsonl | kFromFrontMatter | kFilter | kFacet | kInHit | kInDocument | kFolded, nullptr},
    {FieldId::kSection, "section", "section", prefix::kSection, kSlotSection,
     kFromJsonl | kFilter | kFacet | kInHit | kInDocument, nullptr},
    {FieldId::kKind, "kind", "kind", prefix::kKind, kSlotKind,
     kFromJsonl | kFilter | kFacet | kInHit | kInDocument, &kKinds},
    {FieldId::kLevel, "level", "level", prefix::kLevel, kSlotLevel,
     kFromJsonl | kFilter | kFacet | kInHit | kInDocument, &kLevels},
    {FieldId::kLanguage, "language", "language", prefix::kLanguage, kSlotLanguage,
     kFromJsonl | kFromFrontMatter | kFilter | kFacet | kInHit | kInDocument | kFolded |
         kInTranslation,
     nullptr},  // any ISO 639-1 code: is_language_code
    {FieldId::kEcosystem, "ecosystem", "ecosystem", prefix::kEcosystem, kSlotEcosystem,
     kFromJsonl | kFromFrontMatter | kFilter | kFacet | kInHit | kInDocument | kFolded, nullptr},
    {FieldId::kTags, "tags", "tag", prefix::kTag, kNoSlot,
     kFromJsonl | kFromFrontMatter | kFilter | kInHit | kInDocument | kList, nullptr},
    {FieldId::kUrl, "url", "", "", kNoSlot, kFromJsonl | kInHit | kInDocument | kInTranslation,
     nullptr},
    {FieldId::kSource, "source", "", "", kNoSlot, kFromJsonl, nullptr},
    // The id of the document this one translates (a Spanish answer → its English one): a
    // boolean term (prefix::kTranslates) links them both ways in /api/docs.
    {FieldId::kTranslates, "translates", "", "", kNoSlot, kFromJsonl | kInDocument, nullptr},
    // Read by ranking only, through the rank record (value slot kSlotRank).
    {FieldId::kRank, "rank", "", "", kNoSlot, kFromJsonl | kFromFrontMatter | kInteger, &kRanks},
};

inline bool has_role(const Field& field, FieldRole role) { return (field.roles & role) != 0; }

// The row of `id`; every FieldId has one.
const Field& field(FieldId id);

// The kFilter field whose parameter is `param` ("topic", "tag"); nullptr if none.
const Field* filter_field(const std::string& param);

// The parameters of the kFilter fields, in table order: topic, section, kind, level, ...
const std::vector<std::string>& filter_params();

// "a, b or c": the allowed values of a field, for error messages.
std::string describe_choices(const std::vector<std::string>& choices);

// Within-document frequency added per occurrence. A title term counts kTitleWdf times
// in the body field so BM25 ranks a title match above a single mention in a long body.
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termcount kBodyWdf = 1;

// A title gets an XSTART term for each of its first this many words ("what", "what is",
// "what is redux"): a query that is the start of a title is found by one term.
inline constexpr std::size_t kTitleStartWords = 6;

// Gap in term positions between title and body, so a phrase cannot span the two.
inline constexpr Xapian::termpos kFieldGap = 100;

// The longest id (and `translates` id) a document may have: its terms, prefix::kId or
// prefix::kTranslates plus the id, must stay under Xapian's 245-byte term limit.
inline constexpr std::size_t kMaxIdBytes = 200;

// Xapian rejects terms over 245 bytes; words this long are not worth indexing anyway.
inline constexpr std::size_t kMaxTermBytes = 64;

// The stored record (a document's Xapian data, core/document.cpp) is made to be read per
// hit without a general parse: every field of kFields but the kApart ones, in table order,
// each as a LEB128 length and that many bytes; a kList field is a LEB128 count and then its
// items, each length-prefixed. No keys, no escaping: reading a field is a few pointer moves.
// A kApart field (the text) lives in its own value slot instead, so that reading a hit's
// fields never inflates a body that Glass compressed: only a snippet or /api/docs reads it.

// The stored text (a document's `text`) is plain text in a small fixed shape, written by
// indexer/markdown_parser.cpp and read back by web/app.js (renderText); both sides are
// tested against these constants (tests/unit/formats_test.cpp):
// - blocks (paragraphs, lists, code, tables) are separated by kBlockBreak;
// - a list item is a line starting with kListItem, indented by kListIndent per nesting level,
//   at most kMaxListDepth levels (deeper items are written at that depth);
// - a table row is a line, its cells joined by kCellSeparator.
namespace stored_text {
inline constexpr char kBlockBreak[] = "\n\n";
inline constexpr char kListItem[] = "- ";
inline constexpr char kListIndent[] = "  ";
inline constexpr char kCellSeparator[] = " | ";
inline constexpr int kMaxListDepth = 16;
}  // namespace stored_text

// The most text a document stores (and indexes): past it the rest is cut, with a warning. A
// longer text would make every search it matches pay for its snippet.
inline constexpr std::size_t kMaxStoredTextBytes = std::size_t{1} << 20;

}  // namespace prepsearch::schema
