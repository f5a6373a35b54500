// Replacing a small file so that readers, and the disk after a crash, see the old content or
// the new one, never a mix: the index stubs, the generation counter, the query log. And
// appending to one durably: the journal of documents written over HTTP.
#pragma once

#include <string>
#include <string_view>

namespace prepsearch {

// Writes `content` to `path` + `temp_suffix`, syncs it, renames it over `path` (the switch)
// and syncs the folder (so the switch survives a crash). Throws std::runtime_error naming
// the step that failed; the temporary file is then removed and `path` is as it was.
void replace_file_atomically(const std::string& path, std::string_view content,
                             const std::string& temp_suffix = ".tmp");

// Appends `content` to `path` (created if missing) and syncs it, and the folder's entry
// of a file it created: once it returns, a crash loses none of it. Throws
// std::runtime_error naming the step that failed.
void append_durably(const std::string& path, std::string_view content);

}  // namespace prepsearch
