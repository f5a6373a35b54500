// The live index as generations behind a Xapian stub file, switched atomically.
//
// `--db data/index` names a stub file (plain text, "glass index.gen-000007") that Xapian
// opens like a database. A generation built with `--shards N` is a folder of N databases,
// `index.gen-000007/shard-0` to `shard-N-1`, and its stub lists them all, one line each:
// Xapian searches them as one. A rebuild writes `data/index.gen-000008/` beside it, then renames a
// new stub over the old one: a reader opening `data/index` gets the whole old generation or
// the whole new one, never a mix. `data/index.lock` keeps a second indexer out.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace prepsearch {

// Thrown when another process holds the lock, or the --db path is not ours.
class IndexPathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when another writer holds the lock: prepsearch-index, or a write over HTTP.
class IndexBusy : public IndexPathError {
 public:
  using IndexPathError::IndexPathError;
};

// Holds an exclusive lock on `db` + ".lock" for its lifetime (flock, so a crashed indexer
// never leaves it held). Throws IndexBusy if another writer holds it (another process, or
// another IndexLock of this one), IndexPathError if the lock file cannot be opened.
class IndexLock {
 public:
  explicit IndexLock(const std::string& db);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  int fd_ = -1;
};

struct Generation {
  unsigned number = 0;
  std::string path;     // directory of this generation: its database, or its shards' folders
  unsigned shards = 1;  // 1: `path` is the database; more: `path`/shard-0 ... shard-(shards-1)
};

// The databases of `generation`: `path` itself, or its shards in order.
std::vector<std::string> database_paths(const Generation& generation);

// The generation the stub at `db` points to; nullopt if there is no stub yet.
// Throws IndexPathError if `db` exists but is not a stub written by prepsearch-index.
std::optional<Generation> live_generation(const std::string& db);

// A new, not yet existing generation directory beside `db`, numbered after all existing ones,
// to hold `shards` databases.
Generation next_generation(const std::string& db, unsigned shards = 1);

// Makes `generation` live: writes and syncs a new stub, then renames it over `db`. A sharded
// generation also gets one stub per shard, `db`.shard-0 and on, for the process that serves
// that shard alone (xapian-tcpsrv, xapian-replicate-server), switched just before.
void publish(const std::string& db, const Generation& generation);

// Removes the temporary stubs a killed publish() left (`db`.stub-tmp, `db`.shard-0.stub-tmp).
void remove_stub_leftovers(const std::string& db);

// Removes every generation (and leftover shard) directory of `db` except `keep`.
// Returns how many it removed.
int remove_generations_except(const std::string& db, const Generation& keep);

// Total bytes of the files in a generation directory and its shards.
std::uint64_t generation_bytes(const Generation& generation);

}  // namespace prepsearch
