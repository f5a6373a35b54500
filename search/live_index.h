// The live index: which database to search, noticed changing within a fraction of a second.
//
// Xapian objects must not be shared between threads (xapian-core docs/overview.rst), and
// one handle behind a mutex would serialise every search. So each worker thread opens its
// own Xapian::Database, and this class only tells it when to reopen: a watcher thread polls
// the stub file (a rebuild renames a new one in) and the database revision (an --update
// commits in place), and bumps `epoch()` on any change. A handle opened on the old
// generation keeps reading it (its files stay open) until its thread reopens.
//
// The index can be several databases searched as one (shards, prepsearch-index --shards),
// local or served by xapian-tcpsrv, listed in the stub. Spelling and synonyms are not read
// through a remote database: those come from the lexicon, a local database holding the
// tables (every shard has them all), which is the index itself unless it is given apart.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <xapian.h>

#include "core/mutex.h"

namespace prepsearch {

// True if `db` is one local database: then its revision is known and its posting lists and
// value streams are cheap to read whole (MatchCounter, FacetTable). False for shards and for
// a remote database.
bool is_one_local_database(const Xapian::Database& db);

class LiveIndex {
 public:
  // Opens `db` (the stub path given to prepsearch-index) once to check it; throws
  // SearchError if it cannot be opened or holds another schema version. `lexicon` (a
  // local database or stub) is read for spelling and synonyms; empty: `db` itself. Polls
  // every `poll_ms` milliseconds.
  // Runs on each database revision before any search sees it (at start, and on the
  // watcher thread before a change is announced): where per-revision tables are built.
  using Prepare = std::function<void(const Xapian::Database& db)>;

  LiveIndex(std::string db, std::string lexicon, Prepare prepare = {}, unsigned poll_ms = 200);
  ~LiveIndex();
  LiveIndex(const LiveIndex&) = delete;
  LiveIndex& operator=(const LiveIndex&) = delete;

  const std::string& path() const { return path_; }
  // Changes whenever the index has changed; compare with the epoch a handle was opened at.
  std::uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  // How many changes have been seen since start.
  std::uint64_t reloads() const { return reloads_.load(std::memory_order_relaxed); }
  // A new handle on the live index, retried while a switch is under way.
  Xapian::Database open() const;
  // A new handle on the lexicon (the index itself unless given apart).
  Xapian::Database open_lexicon() const;
  bool separate_lexicon() const { return !lexicon_.empty(); }
  // Looks at the index now, as the watcher does at each poll: a change is prepared and
  // announced before this returns, so that the next search sees a write just committed.
  void check_now() EXCLUDES(poll_mutex_);

 private:
  void check_and_prepare() const;
  void watch();
  // One look: reopens and prepares on a change, then bumps the epoch.
  void poll() REQUIRES(poll_mutex_);
  // Waits one poll interval; false once the destructor has asked the watcher to stop.
  bool wait_for_poll() EXCLUDES(mutex_);
  // What changes when the index is rebuilt: the stubs of the index and the lexicon, and
  // the identity of the databases a remote server now opens (its stub is out of sight).
  std::string signature() const;

  std::string path_;
  std::string lexicon_;
  Prepare prepare_;
  unsigned poll_ms_;
  std::atomic<std::uint64_t> epoch_{1};
  std::atomic<std::uint64_t> reloads_{0};
  Mutex mutex_;
  CondVar stop_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  Mutex poll_mutex_;  // the watcher's poll and check_now(), one at a time
  std::string seen_ GUARDED_BY(poll_mutex_);
  std::optional<Xapian::Database> db_ GUARDED_BY(poll_mutex_);
  std::thread watcher_;
};

}  // namespace prepsearch
