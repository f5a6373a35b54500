// What the second phase of ranking knows of a document without reading its stored record:
// the keys of its title and page, its title words, language, kind, page rank and groups.
// Written by the indexer into value slot schema::kSlotRank; read once per database revision
// into a table (search/rank_table.h), or per window document over a remote shard, from the
// same bytes, so that both give the same order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/document.h"

namespace prepsearch {

// A key's 32-bit hash: fnv1a64 folded. Never 0, which stands for "no key".
std::uint32_t key_hash(std::string_view key);

// The most title words a record keeps (a title longer than any query is not matched word
// by word past them).
inline constexpr std::size_t kMaxRankTitleWords = 16;

struct RankRecord {
  // One id for a page's translations (the original's id) ...
  std::uint64_t group = 0;
  // ... and one for identical sections (title and text), wherever they are.
  std::uint64_t content = 0;
  std::string language;  // the document's, as indexed
  bool question = false;
  std::int8_t rank = 0;  // page rank: below 0 under the others (version history), above 0 ahead
  std::uint32_t title_exact = 0;            // key_hash(title_key(title)); 0: none
  std::vector<std::uint32_t> title_starts;  // of its first 1 .. kTitleStartWords words
  // Each title word's stem, in the document's language (a code term whole, then its words).
  std::vector<std::uint32_t> title_words;
  std::uint32_t page = 0;  // key_hash(title_key(section)); 0: none
  // Each word of its page's title (the section field), as title_words: a short query every
  // word of which the page's title holds asks for that page's sections.
  std::vector<std::uint32_t> page_words;

  bool operator==(const RankRecord& other) const;
};

// Version history (release notes, changelogs, a release's pages) ranks below the reference
// and topic pages it describes. Known by its page's name ("Django 1.2 release notes",
// "Changelog", "Release history") or its path ("releases/1.2", ".../changelog").
bool is_version_history(const Document& doc);

// The page rank a document gets when its `rank` field is empty: -1 for version history,
// else 0.
std::int8_t default_page_rank(const Document& doc);
// The document's `rank` (one of schema::kRanks), or else its default.
std::int8_t page_rank(const Document& doc);

// The record of `doc`, its title words stemmed by `analyzer` in the document's language.
RankRecord rank_record(const Document& doc, Analyzer& analyzer);

std::string encode(const RankRecord& record);
// nullopt for bytes encode() did not write.
std::optional<RankRecord> decode_rank_record(std::string_view bytes);

// A record read where its bytes are (a revision's table holds them all): nothing copied or
// allocated, for the second phase's window. Valid while those bytes are.
struct RankRecordView {
  std::uint64_t group = 0;
  std::uint64_t content = 0;
  std::string_view language;
  bool question = false;
  std::int8_t rank = 0;
  std::uint32_t title_exact = 0;
  std::uint32_t page = 0;
  std::string_view title_starts;  // 4 bytes each, little-endian
  std::string_view title_words;   // 4 bytes each, little-endian
  std::string_view page_words;    // 4 bytes each, little-endian

  std::size_t title_word_count() const { return title_words.size() / 4; }
  std::uint32_t title_word(std::size_t i) const;
  std::size_t page_word_count() const { return page_words.size() / 4; }
  std::uint32_t page_word(std::size_t i) const;
};

// nullopt for bytes encode() did not write.
std::optional<RankRecordView> view_rank_record(std::string_view bytes);

}  // namespace prepsearch
