// Counting, bounding, reading and writing the query log.
#include "server/query_log.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

constexpr int kFileVersion = 1;

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
    std::string word = fold(query.substr(i, end - i));
    if (out.size() + !out.empty() + word.size() > kMaxLoggedQueryBytes) {
      // Cut at a character boundary: never half a UTF-8 sequence.
      std::size_t room = kMaxLoggedQueryBytes - out.size() - !out.empty();
      while (room > 0 && (static_cast<unsigned char>(word[room]) & 0xC0) == 0x80) --room;
      word.resize(room);
      if (!word.empty()) out.append(out.empty() ? "" : " ").append(word);
      break;
    }
    out.append(out.empty() ? "" : " ").append(word);
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
  std::ifstream in(path_);
  if (!in) return;  // none yet
  try {
    const auto json = nlohmann::json::parse(in);
    if (json.at("version").get<int>() != kFileVersion) throw std::runtime_error("unknown version");
    MutexLock lock(mutex_);
    for (const auto& entry : json.at("queries")) {
      QueryCounts& counts = counts_[normalise_query(entry.at("q").get<std::string>())];
      counts.searches += entry.at("searches").get<std::uint64_t>();
      counts.no_results += entry.at("no_results").get<std::uint64_t>();
      counts.clicks += entry.at("clicks").get<std::uint64_t>();
    }
    counts_.erase("");
    evict();
  } catch (const std::exception& e) {
    // Never fatal, and nothing is overwritten: the file is set aside for a person to look at.
    std::error_code ignored;
    std::filesystem::rename(path_, path_ + ".bad", ignored);
    std::cerr << "prepsearch-serve: " << path_ << " cannot be read (" << e.what() << "); it is now "
              << path_ << ".bad and the query log starts empty\n";
    MutexLock lock(mutex_);
    counts_.clear();
  }
}

void QueryLog::record_search(std::string_view query, bool no_results) {
  std::string key = normalise_query(query);
  if (key.empty()) return;
  MutexLock lock(mutex_);
  QueryCounts& counts = counts_[std::move(key)];
  ++counts.searches;
  if (no_results) ++counts.no_results;
  dirty_ = true;
  if (counts_.size() > max_queries_) evict();
}

bool QueryLog::record_click(std::string_view query) {
  const std::string key = normalise_query(query);
  MutexLock lock(mutex_);
  const auto it = counts_.find(key);
  if (it == counts_.end()) return false;
  ++it->second.clicks;
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
  for (const auto& [query, counts] : counts_) order.emplace_back(counts.searches, &query);
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
    for (const auto& [query, counts] : counts_) {
      if (order == Order::kMostWithoutResults && counts.no_results == 0) continue;
      all.push_back({query, counts});
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
    for (const auto& [query, counts] : counts_) {
      queries.push_back({{"q", query},
                         {"searches", counts.searches},
                         {"no_results", counts.no_results},
                         {"clicks", counts.clicks}});
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
