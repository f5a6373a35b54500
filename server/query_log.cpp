// Counting, bounding, reading and writing the query log.
#include "server/query_log.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

constexpr int kFileVersion = 1;
constexpr std::uint64_t kMaxCount = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > kMaxCount - b ? kMaxCount : a + b;
}

}  // namespace

std::string normalise_query(std::string_view query) {
  std::string out;
  out.reserve(std::min(query.size(), kMaxLoggedQueryBytes));
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && is_ascii_space(query[i])) ++i;
    std::size_t end = i;
    while (end < query.size() && !is_ascii_space(query[end])) ++end;
    if (end == i) break;
    const std::size_t separator = out.empty() ? 0 : 1;
    // Full: not even the space before another word fits (out may be exactly at the limit).
    if (out.size() + separator >= kMaxLoggedQueryBytes) break;
    std::string word = fold(query.substr(i, end - i));
    const std::size_t room = kMaxLoggedQueryBytes - out.size() - separator;
    if (word.size() > room) {
      word.resize(utf8_prefix_length(word, room));  // never half a UTF-8 sequence
      if (!word.empty()) out.append(separator, ' ').append(word);
      break;
    }
    out.append(separator, ' ').append(word);
    i = end;
  }
  return out;
}

QueryLog::QueryLog(std::string path, std::size_t max_queries, double flush_seconds)
    : path_(std::move(path)),
      max_queries_(std::max<std::size_t>(max_queries, 1)),
      flush_seconds_(flush_seconds) {
  load();
  if (flush_seconds_ > 0) flusher_ = std::thread([this] { flush_loop(); });
}

QueryLog::~QueryLog() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  save();
}

void QueryLog::load() {
  namespace fs = std::filesystem;
  const fs::path path(path_);
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw std::runtime_error("the query log's folder " + folder.string() + " does not exist");
  }
  if (!fs::exists(path, error) && !error) return;  // none yet
  // It is there but cannot be read: starting empty would overwrite it at the first flush.
  if (!fs::is_regular_file(path, error)) {
    throw std::runtime_error("cannot read the query log " + path_ + ": not a regular file");
  }
  std::ifstream in(path_);
  if (!in) {
    throw std::runtime_error("cannot read the query log " + path_ + ": " + std::strerror(errno));
  }
  try {
    read_counts(in);
  } catch (const std::exception& e) {
    set_aside(e.what());
  }
}

namespace {

// A count as the file holds it: a whole number, at most the largest uint64_t (more saturates).
std::uint64_t read_count(const nlohmann::json& entry, const char* key) {
  if (!entry.contains(key)) return 0;  // "clients" and "clicking_clients" came later
  const auto& value = entry.at(key);
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_float() && value.get<double>() >= 0) {
    return value.get<double>() >= 1.8e19 ? kMaxCount : value.get<std::uint64_t>();
  }
  throw std::runtime_error(std::string("`") + key + "` is not a whole number of at least 0");
}

// Every count of QueryCounts with its name in the file: reading, adding and writing go by it.
constexpr std::pair<const char*, std::uint64_t QueryCounts::*> kCountFields[] = {
    {"searches", &QueryCounts::searches},
    {"no_results", &QueryCounts::no_results},
    {"clicks", &QueryCounts::clicks},
    {"clients", &QueryCounts::clients},
    {"clicking_clients", &QueryCounts::clicking_clients},
};

// True if `seen` holds `hash` already; else remembers it where there is room and says so.
bool seen_before(std::array<std::uint32_t, kClientsTracked>& seen, std::uint32_t hash) {
  for (auto& slot : seen) {
    if (slot == hash) return true;
    if (slot == 0) {
      slot = hash;
      return false;
    }
  }
  return true;  // all places taken: past kClientsTracked, clients are counted as "many"
}

}  // namespace

void QueryLog::read_counts(std::istream& in) {
  const auto json = nlohmann::json::parse(in);
  // Compared as a JSON value: a version of 1e20 must be "unknown", not an int overflow.
  const auto& version = json.at("version");
  if (!version.is_number_integer() || version != kFileVersion) {
    throw std::runtime_error("unknown version");
  }
  std::unordered_map<std::string, Entry> loaded;
  for (const auto& entry : json.at("queries")) {
    QueryCounts& counts = loaded[normalise_query(entry.at("q").get<std::string>())].counts;
    for (const auto& [name, count] : kCountFields) {
      counts.*count = saturating_add(counts.*count, read_count(entry, name));  // duplicates add
    }
  }
  loaded.erase("");
  MutexLock lock(mutex_);
  counts_ = std::move(loaded);
  evict();
}

// Never fatal, and nothing is overwritten: the file is set aside for a person to look at,
// under the first name no earlier bad file took.
void QueryLog::set_aside(const std::string& why) {
  std::string aside = path_ + ".bad";
  for (int n = 1; std::filesystem::exists(aside) && n < 1000; ++n) {
    aside = path_ + ".bad." + std::to_string(n);
  }
  std::error_code ignored;
  std::filesystem::rename(path_, aside, ignored);
  std::cerr << "prepsearch-serve: " << escape_control_bytes(path_) << " cannot be read ("
            << escape_control_bytes(why) << "); it is now " << escape_control_bytes(aside)
            << " and the query log starts empty\n";
  MutexLock lock(mutex_);
  counts_.clear();
}

std::uint32_t QueryLog::client_hash(std::string_view client) const {
  if (client.empty()) return 0;
  const auto hash = static_cast<std::uint32_t>(client_hash_(client));
  return hash == 0 ? 1 : hash;
}

void QueryLog::record_search(std::string_view query, bool no_results, std::string_view client) {
  std::string key = normalise_query(query);
  if (key.empty()) return;
  const std::uint32_t who = client_hash(client);
  MutexLock lock(mutex_);
  Entry& entry = counts_[std::move(key)];
  QueryCounts& counts = entry.counts;
  counts.searches = saturating_add(counts.searches, 1);
  if (no_results) counts.no_results = saturating_add(counts.no_results, 1);
  if (who != 0 && !seen_before(entry.searchers, who)) {
    counts.clients = saturating_add(counts.clients, 1);
  }
  dirty_ = true;
  if (counts_.size() > max_queries_) evict();
}

bool QueryLog::record_click(std::string_view query, std::string_view client) {
  const std::string key = normalise_query(query);
  const std::uint32_t who = client_hash(client);
  MutexLock lock(mutex_);
  const auto it = counts_.find(key);
  if (it == counts_.end()) return false;
  QueryCounts& counts = it->second.counts;
  counts.clicks = saturating_add(counts.clicks, 1);
  if (who != 0 && !seen_before(it->second.clickers, who)) {
    counts.clicking_clients = saturating_add(counts.clicking_clients, 1);
  }
  dirty_ = true;
  return true;
}

// Drops the least searched tenth (at least down to the bound) in one pass: memory stays
// bounded, and a flood of new queries costs one sort per tenth, not one per query.
void QueryLog::evict() {
  if (counts_.size() <= max_queries_) return;
  const std::size_t keep = std::min(max_queries_ - max_queries_ / 10, max_queries_);
  std::vector<std::pair<std::uint64_t, const std::string*>> order;
  order.reserve(counts_.size());
  for (const auto& [query, entry] : counts_) order.emplace_back(entry.counts.searches, &query);
  const auto cut = order.begin() + static_cast<std::ptrdiff_t>(order.size() - keep);
  std::nth_element(order.begin(), cut, order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> gone;
  gone.reserve(order.size() - keep);
  for (auto it = order.begin(); it != cut; ++it) gone.push_back(*it->second);
  for (const auto& query : gone) counts_.erase(query);
}

std::vector<LoggedQuery> QueryLog::top(Order order, std::size_t limit) const {
  std::vector<LoggedQuery> all;
  {
    MutexLock lock(mutex_);
    all.reserve(counts_.size());
    for (const auto& [query, entry] : counts_) {
      if (order == Order::kMostWithoutResults && entry.counts.no_results == 0) continue;
      all.push_back({query, entry.counts});
    }
  }
  const auto key = [order](const LoggedQuery& q) {
    return order == Order::kMostSearched ? q.counts.searches : q.counts.no_results;
  };
  const std::size_t keep = std::min(limit, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [&](const LoggedQuery& a, const LoggedQuery& b) {
                      return key(a) != key(b) ? key(a) > key(b) : a.query < b.query;
                    });
  all.resize(keep);
  return all;
}

std::size_t QueryLog::size() const {
  MutexLock lock(mutex_);
  return counts_.size();
}

bool QueryLog::save() {
  MutexLock writing(save_mutex_);
  nlohmann::json queries = nlohmann::json::array();
  {
    MutexLock lock(mutex_);
    if (!dirty_) return true;
    for (const auto& [query, entry] : counts_) {
      nlohmann::json& saved = queries.emplace_back(nlohmann::json{{"q", query}});
      for (const auto& [name, count] : kCountFields) saved[name] = entry.counts.*count;
    }
    dirty_ = false;
  }
  try {
    replace_file_atomically(
        path_, nlohmann::json{{"version", kFileVersion}, {"queries", queries}}.dump() + "\n");
    return true;
  } catch (const std::runtime_error& e) {
    std::cerr << "prepsearch-serve: cannot write the query log: " << e.what() << '\n';
  }
  MutexLock lock(mutex_);
  dirty_ = true;  // try again at the next flush
  return false;
}

void QueryLog::flush_loop() {
  const auto interval = std::chrono::duration<double>(flush_seconds_);
  for (;;) {
    {
      MutexLock lock(mutex_);
      if (!stopping_) stop_.wait_for(mutex_, interval);
      if (stopping_) return;
    }
    save();
  }
}

}  // namespace prepsearch
