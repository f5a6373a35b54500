// Polling the stub and the revision; opening handles.
#include "server/live_index.h"

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

#include <sys/stat.h>

#include "core/schema.h"

namespace prepsearch {

LiveIndex::LiveIndex(std::string db, Prepare prepare, unsigned poll_ms)
    : path_(std::move(db)), prepare_(std::move(prepare)), poll_ms_(poll_ms) {
  // Fail at start, not at the first request: a database of another schema version has
  // records this server cannot read.
  const Xapian::Database first = open();
  const std::string version = first.get_metadata(schema::metadata::kSchema);
  if (version != schema::kSchemaVersion) {
    throw Xapian::DatabaseVersionError(path_ + " was written with schema version " +
                                       (version.empty() ? "?" : version) +
                                       "; this server reads version " + schema::kSchemaVersion +
                                       ": rebuild it with prepsearch-index");
  }
  if (prepare_) prepare_(first);
  watcher_ = std::thread([this] { watch(); });
}

LiveIndex::~LiveIndex() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  watcher_.join();
}

// The stub's inode and contents: a rebuild renames a new file over it. A replica made by
// xapian-replicate is a folder whose stub, XAPIANDB, it renames when a copy is complete.
std::string LiveIndex::stub_signature() const {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) return "";
  const std::string stub = S_ISDIR(info.st_mode) ? path_ + "/XAPIANDB" : path_;
  if (stub != path_ && ::stat(stub.c_str(), &info) != 0) return "";
  std::ifstream in(stub);
  std::ostringstream text;
  text << info.st_ino << ':' << info.st_mtim.tv_sec << '.' << info.st_mtim.tv_nsec << ':'
       << in.rdbuf();
  return text.str();
}

Xapian::Database LiveIndex::open() const {
  // Between reading the stub and opening its generation, a second switch can remove that
  // generation; reading the stub again then finds the newer one.
  for (int attempt = 0;; ++attempt) {
    try {
      return Xapian::Database(path_);
    } catch (const Xapian::DatabaseOpeningError&) {
      if (attempt == 4) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

bool LiveIndex::wait_for_poll() {
  MutexLock lock(mutex_);
  if (!stopping_) stop_.wait_for(mutex_, std::chrono::milliseconds(poll_ms_));
  return !stopping_;
}

void LiveIndex::watch() {
  std::string signature = stub_signature();
  std::optional<Xapian::Database> db;
  try {
    db = open();
  } catch (const Xapian::Error&) {
  }
  while (wait_for_poll()) {
    bool changed = false;
    try {
      const std::string now = stub_signature();
      if (!db || now != signature) {
        signature = now;
        db.reset();
        db = open();
        changed = true;
      } else {
        changed = db->reopen();
      }
      if (changed && prepare_) prepare_(*db);
    } catch (const Xapian::Error&) {
      db.reset();  // mid-switch or gone: try again at the next poll; searches keep their handles
    }
    if (changed) {
      reloads_.fetch_add(1, std::memory_order_relaxed);
      epoch_.fetch_add(1, std::memory_order_acq_rel);
    }
  }
}

}  // namespace prepsearch
