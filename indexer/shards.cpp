// Routing documents to shards and finishing the shards together.
#include "indexer/shards.h"

namespace prepsearch {

unsigned shard_of(const std::string& id, unsigned shards) {
  return shards <= 1 ? 0 : static_cast<unsigned>(fnv1a64(id) % shards);
}

Xapian::Database union_of(const std::vector<Xapian::WritableDatabase>& shards) {
  Xapian::Database all;
  // A WritableDatabase added here is read with its uncommitted changes (an --update's
  // transaction), which is what the spelling table must be built from.
  for (const auto& shard : shards) all.add_database(shard);
  return all;
}

void finish_shards(std::vector<Xapian::WritableDatabase>& shards,
                   const std::vector<SynonymGroup>& synonyms, unsigned generation) {
  const Xapian::Database vocabulary = union_of(shards);
  for (auto& shard : shards) finish_index(shard, vocabulary, synonyms, generation);
}

ShardedWriter::ShardedWriter(const std::vector<Xapian::WritableDatabase>& shards) {
  writers_.reserve(shards.size());
  for (const auto& shard : shards) writers_.emplace_back(shard, false);
}

void ShardedWriter::put(const Document& doc) {
  writers_[shard_of(doc.id, static_cast<unsigned>(writers_.size()))].put(doc);
}

bool ShardedWriter::remove(const std::string& id) {
  return writers_[shard_of(id, static_cast<unsigned>(writers_.size()))].remove(id);
}

void ShardedWriter::delete_others(const std::unordered_set<std::string>& keep) {
  for (auto& writer : writers_) writer.delete_others(keep);
}

WriteCounts ShardedWriter::counts() const {
  WriteCounts sum;
  for (const auto& writer : writers_) {
    const WriteCounts& one = writer.counts();
    sum.added += one.added;
    sum.replaced += one.replaced;
    sum.unchanged += one.unchanged;
    sum.deleted += one.deleted;
  }
  return sum;
}

}  // namespace prepsearch
