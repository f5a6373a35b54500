// Path checks first, then the canonical path must still be inside the root.
#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace prepsearch {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{8} << 20;

std::string content_type(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// No empty, dot-led (".." or ".git") or backslash segments: refuse before touching the disk.
bool is_safe(const std::string& path) {
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos ||
      path.find('\\') != std::string::npos) {
    return false;
  }
  std::istringstream segments(path.substr(1));
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (!segment.empty() && segment.front() == '.') return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  std::error_code error;
  root_ = fs::canonical(root, error).string();
  if (error || !fs::is_directory(root_, error)) {
    throw std::runtime_error("--web " + root + " is not a folder");
  }
}

std::optional<StaticFile> StaticFiles::find(const std::string& path) const {
  if (root_.empty() || !is_safe(path)) return std::nullopt;
  const std::string relative = path == "/" || path.back() == '/' ? path + "index.html" : path;
  std::error_code error;
  const fs::path file = fs::canonical(root_ + relative, error);
  if (error || file.string().rfind(root_ + "/", 0) != 0) return std::nullopt;
  if (!fs::is_regular_file(file, error) || fs::file_size(file, error) > kMaxFileBytes) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return StaticFile{content.str(), content_type(file)};
}

}  // namespace prepsearch
