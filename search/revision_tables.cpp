// Keeping the tables of the two newest revisions.
#include "search/revision_tables.h"

namespace prepsearch {

std::shared_ptr<const RevisionTables> RevisionTableCache::find(const std::string& key) {
  if (newest_.tables && newest_.key == key) return newest_.tables;
  if (previous_.tables && previous_.key == key) return previous_.tables;
  return nullptr;
}

std::shared_ptr<const RevisionTables> RevisionTableCache::get(const Xapian::Database& db) {
  const std::string key = db.get_uuid() + "@" + std::to_string(db.get_revision());
  {
    MutexLock lock(mutex_);
    if (auto tables = find(key)) return tables;
  }
  // Seconds at a million documents.
  auto tables = std::make_shared<const RevisionTables>(db, max_text_bytes_);
  builds_.fetch_add(1, std::memory_order_relaxed);
  MutexLock lock(mutex_);
  if (auto held = find(key)) return held;  // another thread built it meanwhile
  previous_ = std::move(newest_);
  newest_ = {key, tables};
  return tables;
}

}  // namespace prepsearch
