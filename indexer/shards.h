// Sharded writing: which shard a document lives in, and writing to all shards as one.
//
// `prepsearch-index --shards N` splits the index into N databases that Xapian searches as one
// (locally, or each served by xapian-tcpsrv). A document lives in the shard a stable hash of
// its id names, so a rebuild and every later --update agree on where it is. Every shard holds
// the whole synonym and spelling tables and the metadata: a server with remote shards reads
// them from any one shard's local copy (prepsearch-serve --lexicon).
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/document.h"

#include "indexer/index_writer.h"
#include "indexer/synonyms.h"

namespace prepsearch {

// Most shards prepsearch-index writes: more is a configuration mistake, not a need.
inline constexpr unsigned kMaxShards = 64;

// The shard, 0 to `shards` - 1, that the document with `id` lives in (FNV-1a 64 of the id).
unsigned shard_of(const std::string& id, unsigned shards);

// All the shards' documents as one database: the vocabulary the spelling table is built from.
Xapian::Database union_of(const std::vector<Xapian::WritableDatabase>& shards);

// finish_index() on every shard, each with the whole index's vocabulary. Does not commit.
void finish_shards(std::vector<Xapian::WritableDatabase>& shards,
                   const std::vector<SynonymGroup>& synonyms, unsigned generation);

// An IndexWriter per shard (an --update), each document routed to its own.
class ShardedWriter {
 public:
  explicit ShardedWriter(const std::vector<Xapian::WritableDatabase>& shards);

  void put(const Document& doc);
  // Deletes the document with `id` from its shard; false if there is none.
  bool remove(const std::string& id);
  // Deletes, in every shard, each document whose id is not in `keep`.
  void delete_others(const std::unordered_set<std::string>& keep);
  // The counts of all shards, summed.
  WriteCounts counts() const;

 private:
  std::vector<IndexWriter> writers_;
};

}  // namespace prepsearch
