// A fresh database built by several threads at once: parts of each, merged at the end.
//
// Xapian's in-memory inverter is the cost of indexing, and it grows with the batch, so each
// worker indexes into its own part and flushes every kDocsPerFlush documents; a flush costs
// more as the part grows (glass's B-trees deepen), so a worker starts a new part every
// kDocsPerPart documents. finish() merges the parts with Xapian's compactor into one compact
// database. Documents reach the workers in turn (the i-th to worker i mod workers) through
// bounded queues, so memory stays bounded whatever the corpus size, and the same input gives
// the same docids on every run: ties in ranking break alike every time.
#pragma once

#include <cstddef>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "core/document.h"
#include "core/mutex.h"

namespace prepsearch {

class ParallelBuilder {
 public:
  // A worker starts a new part after this many documents: a part's size where its flushes
  // still cost what a small database's do; the compactor merges any number in one pass.
  static constexpr std::size_t kDocsPerPart = 50000;

  // Builds into `target` (which must not exist) with `workers` threads (0: one per core),
  // each starting a new part every `docs_per_part` documents.
  explicit ParallelBuilder(std::string target, unsigned workers = 0,
                           std::size_t docs_per_part = kDocsPerPart);
  // One per core, at most 4.
  static unsigned default_workers();
  ~ParallelBuilder();  // abandons unfinished work and removes the parts
  ParallelBuilder(const ParallelBuilder&) = delete;
  ParallelBuilder& operator=(const ParallelBuilder&) = delete;

  // Queues a document; blocks while the queue is full. Rethrows a worker's failure.
  void put(Document doc);
  // Waits for the workers and merges their parts into `target`, which then holds the
  // documents only (finish_index() adds the rest). Throws Xapian::Error (or a worker's
  // exception) on failure.
  void finish();

 private:
  void work(std::size_t worker);
  Xapian::WritableDatabase open_part(std::size_t worker);
  // The next document queued for worker `part`; nullopt once the queues are closed and it is empty.
  std::optional<Document> take(std::size_t part) EXCLUDES(mutex_);
  void fail(std::exception_ptr failure) EXCLUDES(mutex_);
  void rethrow_failure() EXCLUDES(mutex_);
  void stop_workers() EXCLUDES(mutex_);
  void remove_parts();

  std::string target_;
  std::size_t docs_per_part_;
  // Each worker's parts, in the order its documents went in; a worker adds to its own only.
  std::vector<std::vector<std::string>> part_paths_;
  std::vector<std::thread> threads_;
  Mutex mutex_;
  CondVar changed_;  // a queue, closing_ or failure_ changed
  std::vector<std::deque<Document>> queues_ GUARDED_BY(mutex_);  // one per worker
  std::size_t next_part_ GUARDED_BY(mutex_) = 0;
  bool closing_ GUARDED_BY(mutex_) = false;
  std::exception_ptr failure_ GUARDED_BY(mutex_);
};

}  // namespace prepsearch
