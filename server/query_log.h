// What people search for: per normalised query, the number of searches, of searches that
// found nothing, and of clicks on a result. Counted in memory, written beside the index now
// and then and at shutdown, atomically: the file is always the old version or the new one.
// Only query text is kept: no addresses, no cookies, no times.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/mutex.h"

#include "server/salted_hash.h"

namespace prepsearch {

// The form a query is counted under: folded (case, Latin accents), runs of spaces as one,
// trimmed, cut to kMaxLoggedQueryBytes at a character boundary. "" is never counted.
inline constexpr std::size_t kMaxLoggedQueryBytes = 200;
std::string normalise_query(std::string_view query);

// Every count saturates at the largest uint64_t rather than wrapping.
struct QueryCounts {
  std::uint64_t searches = 0;
  std::uint64_t no_results = 0;
  std::uint64_t clicks = 0;
  // Distinct clients (client_network(): a /24 or a /64) that searched it, and that clicked a
  // result of it. Told apart among the first kClientsTracked of each; past that, "many".
  std::uint64_t clients = 0;
  std::uint64_t clicking_clients = 0;
};

inline constexpr std::size_t kClientsTracked = 8;

struct LoggedQuery {
  std::string query;
  QueryCounts counts;
};

class QueryLog {
 public:
  // Reads `path` if it exists. Throws std::runtime_error if its folder does not exist or it
  // exists but cannot be read (permissions): history is never silently overwritten. A file
  // that is not a query log is renamed to the first free `path`.bad, .bad.1, .bad.2 ... (said
  // on stderr, bytes escaped) and the log starts empty. Keeps at most `max_queries` distinct
  // queries: past that, the least searched tenth is dropped. With `flush_seconds` > 0, a
  // thread writes the file every that many seconds when something changed; the destructor
  // writes it a last time.
  QueryLog(std::string path, std::size_t max_queries, double flush_seconds);
  ~QueryLog();
  QueryLog(const QueryLog&) = delete;
  QueryLog& operator=(const QueryLog&) = delete;

  // `client`: who searched (client_network()), "" if unknown. Only a salted 32-bit hash of
  // it is held, in memory, to tell clients apart; it is never written.
  void record_search(std::string_view query, bool no_results, std::string_view client = {})
      EXCLUDES(mutex_);
  // Counts a click on a result of `query`; false (nothing counted) for a query never searched.
  bool record_click(std::string_view query, std::string_view client = {}) EXCLUDES(mutex_);

  enum class Order { kMostSearched, kMostWithoutResults };
  // Up to `limit` queries: the most searched, or those that most often found nothing.
  std::vector<LoggedQuery> top(Order order, std::size_t limit) const EXCLUDES(mutex_);
  std::size_t size() const EXCLUDES(mutex_);

  // Writes the counts: a temporary file, synced, renamed over the file, the folder synced.
  // False (and the old file intact) if that failed.
  bool save() EXCLUDES(mutex_);
  const std::string& path() const { return path_; }

 private:
  // A query's counts and the clients seen so far (salted hashes; 0: a free place).
  struct Entry {
    QueryCounts counts;
    std::array<std::uint32_t, kClientsTracked> searchers{};
    std::array<std::uint32_t, kClientsTracked> clickers{};
  };

  void load();
  void read_counts(std::istream& in) EXCLUDES(mutex_);
  void set_aside(const std::string& why);
  std::uint32_t client_hash(std::string_view client) const;
  void evict() REQUIRES(mutex_);
  void flush_loop();

  std::string path_;
  std::size_t max_queries_;
  double flush_seconds_;
  mutable Mutex mutex_;
  CondVar stop_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool dirty_ GUARDED_BY(mutex_) = false;
  std::unordered_map<std::string, Entry> counts_ GUARDED_BY(mutex_);
  const SaltedHash client_hash_;
  Mutex save_mutex_;  // one writer of the file at a time
  std::thread flusher_;
};

}  // namespace prepsearch
