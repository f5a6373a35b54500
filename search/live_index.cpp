// Polling the stub and the revision; opening handles.
#include "search/live_index.h"

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

#include <sys/stat.h>

#include "core/schema.h"

#include "search/search_error.h"

namespace prepsearch {

namespace {

// The stub's inode and contents: a rebuild renames a new file over it. A replica made by
// xapian-replicate is a folder whose stub, XAPIANDB, it renames when a copy is complete.
std::string stub_signature(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "";
  const std::string stub = S_ISDIR(info.st_mode) ? path + "/XAPIANDB" : path;
  if (stub != path && ::stat(stub.c_str(), &info) != 0) return "";
  std::ifstream in(stub);
  std::ostringstream text;
  text << info.st_ino << ':' << info.st_mtim.tv_sec << '.' << info.st_mtim.tv_nsec << '\n'
       << in.rdbuf();
  return text.str();
}

// True if a stub's text (after stub_signature's first line) has a "remote" line: a
// database served by xapian-tcpsrv.
bool lists_remote(const std::string& stub) {
  for (std::size_t at = stub.find("remote"); at != std::string::npos;
       at = stub.find("remote", at + 1)) {
    if (at > 0 && stub[at - 1] == '\n' && at + 6 < stub.size() &&
        (stub[at + 6] == ' ' || stub[at + 6] == '\t'))
      return true;
  }
  return false;
}

// Retries opening `path` while a switch is under way: between reading the stub and opening
// its generation, a second switch can remove that generation; reading the stub again then
// finds the newer one.
Xapian::Database open_retrying(const std::string& path) {
  for (int attempt = 0;; ++attempt) {
    try {
      return Xapian::Database(path);
    } catch (const Xapian::DatabaseOpeningError&) {
      if (attempt == 4) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

}  // namespace

bool is_one_local_database(const Xapian::Database& db) {
  if (db.size() != 1) return false;
  try {
    db.get_revision();  // a remote database does not tell
    return true;
  } catch (const Xapian::Error&) {
    return false;
  }
}

LiveIndex::LiveIndex(std::string db, std::string lexicon, Prepare prepare, unsigned poll_ms)
    : path_(std::move(db)),
      lexicon_(std::move(lexicon)),
      prepare_(std::move(prepare)),
      poll_ms_(poll_ms) {
  try {
    check_and_prepare();
  } catch (const Xapian::Error& e) {
    throw SearchError("cannot open the index " + path_ + ": " + e.get_description());
  }
  watcher_ = std::thread([this] { watch(); });
}

// Fails at start, not at the first request: a database of another schema version has
// records this server cannot read.
void LiveIndex::check_and_prepare() const {
  const Xapian::Database first = open();
  const std::string version = first.get_metadata(schema::metadata::kSchema);
  if (version != schema::kSchemaVersion) {
    throw SearchError(path_ + " was written with schema version " +
                      (version.empty() ? "?" : version) + "; this server reads version " +
                      schema::kSchemaVersion + ": rebuild it with prepsearch-index");
  }
  if (!lexicon_.empty() &&
      open_lexicon().get_metadata(schema::metadata::kSchema) != schema::kSchemaVersion) {
    throw SearchError(lexicon_ + " (the lexicon) was not written with schema version " +
                      std::string(schema::kSchemaVersion));
  }
  if (prepare_) prepare_(first);
}

LiveIndex::~LiveIndex() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  watcher_.join();
}

Xapian::Database LiveIndex::open() const { return open_retrying(path_); }

Xapian::Database LiveIndex::open_lexicon() const {
  return open_retrying(lexicon_.empty() ? path_ : lexicon_);
}

std::string LiveIndex::signature() const {
  std::string signature = stub_signature(path_);
  if (!lexicon_.empty()) signature += '\n' + stub_signature(lexicon_);
  // A remote server's own stub is out of sight: a fresh connection opens what it names
  // now, and a rebuild there gives new UUIDs. One connection a poll, for remote lines only.
  if (lists_remote(signature)) signature += '\n' + open().get_uuid();
  return signature;
}

bool LiveIndex::wait_for_poll() {
  MutexLock lock(mutex_);
  if (!stopping_) stop_.wait_for(mutex_, std::chrono::milliseconds(poll_ms_));
  return !stopping_;
}

void LiveIndex::watch() {
  {
    MutexLock lock(poll_mutex_);
    try {
      seen_ = signature();
      db_ = open();
    } catch (const Xapian::Error&) {
    }
  }
  while (wait_for_poll()) {
    MutexLock lock(poll_mutex_);
    poll();
  }
}

void LiveIndex::check_now() {
  MutexLock lock(poll_mutex_);
  poll();
}

void LiveIndex::poll() {
  bool changed = false;
  try {
    const std::string now = signature();
    if (!db_ || now != seen_) {
      seen_ = now;
      db_.reset();
      db_ = open();
      changed = true;
    } else {
      changed = db_->reopen();
    }
    if (changed && prepare_) prepare_(*db_);
  } catch (const Xapian::Error&) {
    db_.reset();  // mid-switch or gone: try again at the next poll; searches keep their handles
  }
  if (changed) {
    reloads_.fetch_add(1, std::memory_order_relaxed);
    epoch_.fetch_add(1, std::memory_order_acq_rel);
  }
}

}  // namespace prepsearch
