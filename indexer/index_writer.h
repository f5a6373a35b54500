// Document → Xapian::Document → WritableDatabase.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_set>

#include <xapian.h>

#include "core/analyzer.h"
#include "core/document.h"

#include "indexer/synonyms.h"

namespace prepsearch {

// Adds to `db` each word of `vocabulary` that is worth correcting to (see the .cpp) and
// not yet in `db`'s spelling table, with its document frequency. Does not commit.
void add_spelling_words(Xapian::WritableDatabase& db, const Xapian::Database& vocabulary);

// Writes what a database holds besides its documents, the one way a rebuild and an
// --update both do it: the synonym table, the spelling words of `vocabulary` (the whole
// index: `db` itself, or all the shards, so that every shard holds the whole tables), and
// the metadata (schema::metadata: schema version, generation). Does not commit.
void finish_index(Xapian::WritableDatabase& db, const Xapian::Database& vocabulary,
                  const std::vector<SynonymGroup>& synonyms, unsigned generation);

// Builds the Xapian document: stored data, id term, title and body terms, boolean filter
// terms and value slots, all as schema.h says.
Xapian::Document to_xapian(const Document& doc, Analyzer& analyzer);

struct WriteCounts {
  std::size_t added = 0;
  std::size_t replaced = 0;
  std::size_t unchanged = 0;
  std::size_t deleted = 0;
};

// Writes documents into one database. In a fresh database (rebuild) every document is
// added; otherwise a document replaces the one with its id unless its content is unchanged.
class IndexWriter {
 public:
  IndexWriter(Xapian::WritableDatabase db, bool fresh);

  void put(const Document& doc);
  // Deletes the document with `id`; false if there is none.
  bool remove(const std::string& id);
  // Deletes every document whose id is not in `keep`.
  void delete_others(const std::unordered_set<std::string>& keep);
  const WriteCounts& counts() const { return counts_; }
  Xapian::WritableDatabase& database() { return db_; }

 private:
  Xapian::WritableDatabase db_;
  bool fresh_;
  Analyzer analyzer_;
  WriteCounts counts_;
};

}  // namespace prepsearch
