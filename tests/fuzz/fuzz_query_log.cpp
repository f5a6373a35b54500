// The query-log loader: the file is the server's own, but a crash, a full disk or a person
// may have left anything there. Any bytes load as counts or are set aside; the log stays
// within its bound, and no count wraps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "server/query_log.h"

namespace {

const std::string& scratch() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/fuzz-query-log-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) std::abort();
    return std::string(made);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::cerr.rdbuf(nullptr);  // "set aside" notes for every bad input would drown the log
  const std::string path = scratch() + "/queries.json";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  {
    prepsearch::QueryLog log(path, 50, 0);
    if (log.size() > 50) __builtin_trap();
    for (const auto& entry : log.top(prepsearch::QueryLog::Order::kMostSearched, 50)) {
      if (entry.query.empty() || entry.query.size() > prepsearch::kMaxLoggedQueryBytes)
        __builtin_trap();
    }
    log.record_search("celery", false, "198.51.100.0/24");
  }
  std::error_code ignored;
  for (const auto& file : std::filesystem::directory_iterator(scratch(), ignored)) {
    std::filesystem::remove(file.path(), ignored);
  }
  return 0;
}
