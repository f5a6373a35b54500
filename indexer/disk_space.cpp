// statvfs, and the sizes of what is already written.
#include "indexer/disk_space.h"

#include <filesystem>
#include <stdexcept>

#include <sys/statvfs.h>

namespace prepsearch {

std::uint64_t free_bytes(const std::string& path) {
  std::filesystem::path at = std::filesystem::absolute(path);
  std::error_code error;
  while (!std::filesystem::exists(at, error) && at.has_parent_path() && at != at.parent_path()) {
    at = at.parent_path();
  }
  struct statvfs stats {};
  if (::statvfs(at.c_str(), &stats) != 0) return UINT64_MAX;  // unknown: let the write tell
  return static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize;
}

void require_free_space(const std::string& path, std::uint64_t needed, const std::string& step) {
  const std::uint64_t free = free_bytes(path);
  if (free >= needed + kDiskHeadroomBytes) return;
  const auto mib = [](std::uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20); };
  throw std::runtime_error("No space left on device: " + step + " needs about " + mib(needed) +
                           " MiB plus " + mib(kDiskHeadroomBytes) + " MiB kept free, and " +
                           mib(free) + " MiB are free at " + path);
}

std::uint64_t bytes_under(const std::string& path) {
  std::uint64_t bytes = 0;
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return std::filesystem::file_size(path, error);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

}  // namespace prepsearch
