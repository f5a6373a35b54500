// Worker threads, the bounded queue between them and the reader, and the final merge.
#include "indexer/parallel_builder.h"

#include <algorithm>
#include <filesystem>

#include <xapian.h>

#include "indexer/disk_space.h"
#include "indexer/index_writer.h"

namespace prepsearch {
namespace {

constexpr std::size_t kQueueCapacity = 256;  // per worker
// Waking a thread for every document cost more than indexing small ones: a full queue's
// reader waits until it has half the queue's room, and an empty queue's worker until it
// has this many documents (or the input ends).
constexpr std::size_t kWakeWorkerAt = 16;
// Small flushes: Xapian's inverter slows and grows as its batch grows, and the compactor
// removes the fragmentation small flushes leave (bench/index_bench.sh measures the choice).
constexpr std::size_t kDocsPerFlush = 200;

}  // namespace

unsigned ParallelBuilder::default_workers() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

ParallelBuilder::ParallelBuilder(std::string target, unsigned workers, std::size_t docs_per_part)
    : target_(std::move(target)), docs_per_part_(std::max<std::size_t>(docs_per_part, 1)) {
  const unsigned count = workers == 0 ? default_workers() : workers;
  part_paths_.resize(count);
  {
    MutexLock lock(mutex_);
    queues_.resize(count);
  }
  for (std::size_t i = 0; i < count; ++i) threads_.emplace_back([this, i] { work(i); });
}

ParallelBuilder::~ParallelBuilder() {
  stop_workers();
  remove_parts();
}

void ParallelBuilder::put(Document doc) {
  MutexLock lock(mutex_);
  auto& queue = queues_[next_part_];
  if (queue.size() >= kQueueCapacity) {
    while (queue.size() > kQueueCapacity / 2 && !failure_) changed_.wait(mutex_);
  }
  if (failure_) std::rethrow_exception(failure_);
  queue.push_back(std::move(doc));
  next_part_ = (next_part_ + 1) % queues_.size();
  if (queue.size() == kWakeWorkerAt) changed_.notify_all();
}

std::optional<Document> ParallelBuilder::take(std::size_t part) {
  MutexLock lock(mutex_);
  auto& queue = queues_[part];
  if (queue.empty()) {
    while (queue.size() < kWakeWorkerAt && !closing_) changed_.wait(mutex_);
  }
  if (queue.empty()) return std::nullopt;
  Document doc = std::move(queue.front());
  queue.pop_front();
  if (queue.size() == kQueueCapacity / 2) changed_.notify_all();
  return doc;
}

void ParallelBuilder::fail(std::exception_ptr failure) {
  MutexLock lock(mutex_);
  if (!failure_) failure_ = std::move(failure);
  changed_.notify_all();
}

void ParallelBuilder::rethrow_failure() {
  MutexLock lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

// Parts are scratch space merged before anything is published, so they skip fsync.
Xapian::WritableDatabase ParallelBuilder::open_part(std::size_t worker) {
  auto& paths = part_paths_[worker];
  paths.push_back(target_ + ".part-" + std::to_string(worker) + "-" + std::to_string(paths.size()));
  return Xapian::WritableDatabase(
      paths.back(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
}

void ParallelBuilder::work(std::size_t worker) {
  try {
    std::optional<IndexWriter> writer;
    writer.emplace(open_part(worker), true);
    std::size_t since_flush = 0, in_part = 0;
    while (auto doc = take(worker)) {
      if (in_part == docs_per_part_) {
        writer->database().commit();
        writer->database().close();
        writer.emplace(open_part(worker), true);
        since_flush = in_part = 0;
      }
      writer->put(*doc);
      ++in_part;
      if (++since_flush == kDocsPerFlush) {
        require_free_space(part_paths_[worker].back(), 0, "a worker flush");
        writer->database().commit();
        since_flush = 0;
      }
    }
    writer->database().commit();
    writer->database().close();
  } catch (...) {
    fail(std::current_exception());
  }
}

void ParallelBuilder::stop_workers() {
  {
    MutexLock lock(mutex_);
    closing_ = true;
    if (failure_) {
      for (auto& queue : queues_) queue.clear();
    }
  }
  changed_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void ParallelBuilder::remove_parts() {
  for (const auto& paths : part_paths_) {
    for (const auto& path : paths) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  }
}

void ParallelBuilder::finish() {
  stop_workers();
  rethrow_failure();
  Xapian::Database parts;
  std::uint64_t part_bytes = 0;
  for (const auto& paths : part_paths_) {
    for (const auto& path : paths) {
      parts.add_database(Xapian::Database(path));
      part_bytes += bytes_under(path);
    }
  }
  require_free_space(target_, part_bytes, "merging the workers' parts");
  parts.compact(target_);  // renumbers: each part's docids follow the previous part's
  remove_parts();
}

}  // namespace prepsearch
