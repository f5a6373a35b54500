// A fresh database built by several threads at once: one shard each, merged at the end.
//
// Xapian's in-memory inverter is the cost of indexing, and it grows with the batch, so each
// worker indexes into its own shard and flushes every kDocsPerFlush documents; finish()
// merges the shards with Xapian's compactor into one compact database. Documents reach a
// worker through a bounded queue, so memory stays bounded whatever the corpus size.
#pragma once

#include <cstddef>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/document.h"
#include "core/mutex.h"

#include "indexer/synonyms.h"

namespace prepsearch {

class ParallelBuilder {
 public:
  // Builds into `target` (which must not exist) with `workers` threads (0: one per core).
  explicit ParallelBuilder(std::string target, unsigned workers = 0);
  ~ParallelBuilder();  // abandons unfinished work and removes the shards
  ParallelBuilder(const ParallelBuilder&) = delete;
  ParallelBuilder& operator=(const ParallelBuilder&) = delete;

  // Queues a document; blocks while the queue is full. Rethrows a worker's failure.
  void put(Document doc);
  // Waits for the workers, merges the shards into `target`, and finishes it with
  // finish_index() (synonyms, spelling, metadata). Throws Xapian::Error (or a worker's
  // exception) on failure.
  void finish(unsigned generation, const std::vector<SynonymGroup>& synonyms);

 private:
  void work(std::size_t shard);
  // The next queued document; nullopt once the queue is closed and empty.
  std::optional<Document> take() EXCLUDES(mutex_);
  void fail(std::exception_ptr failure) EXCLUDES(mutex_);
  void rethrow_failure() EXCLUDES(mutex_);
  void stop_workers() EXCLUDES(mutex_);
  void remove_shards();

  std::string target_;
  std::vector<std::string> shard_paths_;
  std::vector<std::thread> threads_;
  Mutex mutex_;
  CondVar changed_;  // the queue, closing_ or failure_ changed
  std::deque<Document> queue_ GUARDED_BY(mutex_);
  bool closing_ GUARDED_BY(mutex_) = false;
  std::exception_ptr failure_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
