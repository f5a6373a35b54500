// What searches read of every document at an array index instead of a value slot: the
// facet values (facets.h), rank records (rank_table.h), stored records and texts
// (slot_table.h), lengths (doc_lengths.h) and commonest posting lists (posting_table.h) of one
// database revision, and the terms a search looks up (term_dictionary.h), read once per
// revision, shared by all threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <xapian.h>

#include "core/mutex.h"
#include "core/schema.h"

#include "search/doc_lengths.h"
#include "search/facets.h"
#include "search/posting_table.h"
#include "search/rank_table.h"
#include "search/slot_table.h"
#include "search/term_dictionary.h"

namespace prepsearch {

// The texts are held while they come to at most this: a page of hits then reads its snippets'
// texts from memory, not each from a value chunk that Xapian copies whole. Two revisions may
// be held at once, so this is at most twice over; past it (hundreds of thousands of
// documents) the texts are read from the database.
inline constexpr std::size_t kMaxTextBytesInMemory = 128u << 20;

struct RevisionTables {
  explicit RevisionTables(const Xapian::Database& db,
                          std::size_t max_text_bytes = kMaxTextBytesInMemory)
      : facets(db),
        ranks(db),
        records(db, schema::kSlotRecord),
        texts(db, schema::kSlotText, max_text_bytes),
        lengths(db),
        postings(db, lengths),
        terms(db) {}
  FacetTable facets;
  RankTable ranks;
  SlotTable records;  // each document's stored record: a hit's fields (core/document.h)
  SlotTable texts;    // each document's text (the one kApart field), if held
  DocLengths lengths;
  PostingTable postings;  // the commonest terms' lists
  TermDictionary terms;
};

// The tables of the two newest database revisions: searches still finishing on the old one
// keep theirs while the new one serves. LiveIndex's prepare hook fills it before a revision
// is searched (SearchService), so a request builds them only if that raced.
class RevisionTableCache {
 public:
  // `max_text_bytes`: the texts are held while they come to at most this.
  explicit RevisionTableCache(std::size_t max_text_bytes = kMaxTextBytesInMemory)
      : max_text_bytes_(max_text_bytes) {}

  // The tables of `db`'s current revision (one local database), built (outside the lock) if
  // not held. Throws Xapian::Error if reading fails.
  std::shared_ptr<const RevisionTables> get(const Xapian::Database& db) EXCLUDES(mutex_);
  // How many revisions' tables have been built (tests check that requests build none).
  std::uint64_t builds() const { return builds_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string key;  // uuid@revision
    std::shared_ptr<const RevisionTables> tables;
  };
  std::shared_ptr<const RevisionTables> find(const std::string& key) REQUIRES(mutex_);

  const std::size_t max_text_bytes_;
  std::atomic<std::uint64_t> builds_{0};
  Mutex mutex_;
  Entry newest_ GUARDED_BY(mutex_);
  Entry previous_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
