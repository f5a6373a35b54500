// Temporary file, fsync, rename, fsync of the folder.
#include "core/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace prepsearch {
namespace {

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) throw std::runtime_error("cannot sync " + path + ": " + std::strerror(error));
}

void sync_folder_of(const std::string& path) {
  const std::string folder = std::filesystem::path(path).parent_path().string();
  sync_path(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY);
}

}  // namespace

void append_durably(const std::string& path, std::string_view content) {
  const bool existed = ::access(path.c_str(), F_OK) == 0;
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      std::string message = "cannot write " + path + ": ";
      message += std::strerror(error);
      ::close(fd);
      throw std::runtime_error(message);
    }
    written += static_cast<std::size_t>(n);
  }
  const int synced = ::fdatasync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) throw std::runtime_error("cannot sync " + path + ": " + std::strerror(error));
  if (!existed) sync_folder_of(path);
}

void replace_file_atomically(const std::string& path, std::string_view content,
                             const std::string& temp_suffix) {
  const std::string temp = path + temp_suffix;
  try {
    {
      std::ofstream out(temp, std::ios::trunc | std::ios::binary);
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      if (!out.flush())
        throw std::runtime_error("cannot write " + temp + ": " + std::strerror(errno));
    }
    sync_path(temp, O_RDONLY);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      throw std::runtime_error("cannot rename " + temp + " to " + path + ": " +
                               std::strerror(errno));
    }
  } catch (...) {
    std::remove(temp.c_str());
    throw;
  }
  sync_folder_of(path);
}

}  // namespace prepsearch
