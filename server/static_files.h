// The web UI's files, served from one folder with no way out of it.
#pragma once

#include <optional>
#include <string>

namespace prepsearch {

struct StaticFile {
  std::string content;
  std::string content_type;
};

class StaticFiles {
 public:
  // Serves files under `root`; an empty root serves nothing. Throws std::runtime_error if
  // `root` is not a folder (a typo is found at start, not as a 404 on every page).
  explicit StaticFiles(const std::string& root);

  // The file for URL path `path` (already percent-decoded): "/" is index.html. nullopt for
  // anything that is not a regular file inside the root: "..", hidden files, symlinks out.
  std::optional<StaticFile> find(const std::string& path) const;

 private:
  std::string root_;  // canonical, or "" when disabled
};

}  // namespace prepsearch
