// Generation directories, the stub file and the writer lock.
#include "indexer/generations.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/atomic_file.h"

namespace prepsearch {
namespace {

namespace fs = std::filesystem;

constexpr char kGenerationMarker[] = ".gen-";
constexpr char kStubBackend[] = "glass";
constexpr char kShardFolder[] = "shard-";
constexpr char kShardStubMarker[] = ".shard-";  // index.shard-0: one shard's own stub
constexpr unsigned kMaxShardStubs = 1024;

fs::path parent_of(const std::string& db) {
  const fs::path parent = fs::path(db).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

std::string base_name(const std::string& db) { return fs::path(db).filename().string(); }

// Names of the entries beside `db` that start with its generation prefix ("index.gen-").
std::vector<std::string> generation_entries(const std::string& db) {
  std::vector<std::string> names;
  const std::string prefix = base_name(db) + kGenerationMarker;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(parent_of(db), error)) {
    std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) == 0) names.push_back(std::move(name));
  }
  return names;
}

// Every generation number that has a directory beside `db`.
std::vector<unsigned> generation_numbers(const std::string& db) {
  std::vector<unsigned> numbers;
  const std::size_t prefix_size = base_name(db).size() + std::strlen(kGenerationMarker);
  for (const auto& name : generation_entries(db)) {
    const std::string digits = name.substr(prefix_size);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    numbers.push_back(static_cast<unsigned>(std::stoul(digits)));
  }
  return numbers;
}

Generation generation_of(const std::string& db, unsigned number) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06u", number);
  return {number, (parent_of(db) / (base_name(db) + kGenerationMarker + digits)).string()};
}

// replace_file_atomically(), its failure as an IndexPathError.
void replace_file(const std::string& path, const std::string& content,
                  const std::string& temp_suffix) {
  try {
    replace_file_atomically(path, content, temp_suffix);
  } catch (const std::runtime_error& e) {
    throw IndexPathError(e.what());
  }
}

}  // namespace

IndexLock::IndexLock(const std::string& db) {
  const std::string path = db + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IndexPathError("cannot open lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw IndexBusy("another prepsearch-index is writing to " + db + " (" + path +
                    " is locked); try again when it has finished");
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::vector<std::string> database_paths(const Generation& generation) {
  if (generation.shards <= 1) return {generation.path};
  std::vector<std::string> paths;
  paths.reserve(generation.shards);
  for (unsigned i = 0; i < generation.shards; ++i) {
    paths.push_back((fs::path(generation.path) / (kShardFolder + std::to_string(i))).string());
  }
  return paths;
}

// A stub we wrote: one "glass index.gen-000007" line, or one line per shard of one
// generation, "glass index.gen-000007/shard-0" and on, in order.
std::optional<Generation> live_generation(const std::string& db) {
  std::error_code error;
  if (!fs::exists(db, error)) return std::nullopt;
  if (!fs::is_regular_file(db, error)) {
    throw IndexPathError(db + " exists and is not a prepsearch index stub file");
  }
  std::ifstream in(db);
  std::vector<std::string> targets;
  std::string backend, target;
  while (in >> backend >> target) {
    if (backend != kStubBackend) break;
    targets.push_back(target);
  }
  const std::string prefix = base_name(db) + kGenerationMarker;
  if (targets.empty() || !in.eof() || targets[0].compare(0, prefix.size(), prefix) != 0) {
    throw IndexPathError(db + " is not a stub file written by prepsearch-index");
  }
  const std::string folder = targets[0].substr(0, targets[0].find('/'));
  const std::string digits = folder.substr(prefix.size());
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    throw IndexPathError(db + " names an unexpected generation \"" + targets[0] + "\"");
  }
  Generation generation = generation_of(db, static_cast<unsigned>(std::stoul(digits)));
  generation.shards = static_cast<unsigned>(targets.size());
  for (unsigned i = 0; i < generation.shards; ++i) {
    const std::string expected =
        generation.shards == 1 ? folder : folder + "/" + kShardFolder + std::to_string(i);
    if (targets[i] != expected) {
      throw IndexPathError(db + " names an unexpected database \"" + targets[i] + "\"");
    }
  }
  return generation;
}

// The highest generation number ever issued for `db` is kept beside it, so that a number is
// never issued twice, not even that of a killed rebuild whose directory is gone.
Generation next_generation(const std::string& db, unsigned shards) {
  unsigned highest = 0;
  for (const unsigned n : generation_numbers(db)) highest = std::max(highest, n);
  if (const auto live = live_generation(db)) highest = std::max(highest, live->number);
  const std::string issued = db + ".last-generation";
  {
    std::ifstream in(issued);
    unsigned last = 0;
    if (in >> last) highest = std::max(highest, last);
  }
  replace_file(issued, std::to_string(highest + 1) + "\n", ".tmp");
  Generation generation = generation_of(db, highest + 1);
  generation.shards = std::max(shards, 1u);
  return generation;
}

// Writes `lines` to `stub` atomically (a stub-tmp file renamed over it: the switch).
void write_stub(const std::string& stub, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text.append(kStubBackend).append(" ").append(line).append("\n");
  replace_file(stub, text, ".stub-tmp");
}

std::string shard_stub(const std::string& db, unsigned shard) {
  return db + kShardStubMarker + std::to_string(shard);
}

// The shards' own stubs go first, so that the index stub never names a generation whose
// shards a remote server cannot open yet; stubs of shards the new layout lacks go after.
void publish(const std::string& db, const Generation& generation) {
  std::vector<std::string> names;
  for (const auto& path : database_paths(generation)) {
    names.push_back(fs::path(path).lexically_relative(parent_of(db)).string());
  }
  if (generation.shards > 1) {
    for (unsigned shard = 0; shard < generation.shards; ++shard) {
      write_stub(shard_stub(db, shard), {names[shard]});
    }
  }
  write_stub(db, names);
  const unsigned kept = generation.shards > 1 ? generation.shards : 0;
  for (unsigned shard = kept; shard < kMaxShardStubs; ++shard) {
    std::error_code ignored;
    if (!fs::remove(shard_stub(db, shard), ignored)) break;
  }
}

void remove_stub_leftovers(const std::string& db) {
  const std::string base = base_name(db);
  const std::string suffix = ".stub-tmp";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(parent_of(db), error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > base.size() + suffix.size() && name.compare(0, base.size(), base) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

// Also removes what a killed rebuild left behind: its generation and its shard directories.
int remove_generations_except(const std::string& db, const Generation& keep) {
  const std::string kept = fs::path(keep.path).filename().string();
  int removed = 0;
  for (const auto& name : generation_entries(db)) {
    if (name == kept) continue;
    std::error_code error;
    fs::remove_all(parent_of(db) / name, error);
    if (!error) ++removed;
  }
  return removed;
}

std::uint64_t generation_bytes(const Generation& generation) {
  std::uint64_t bytes = 0;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(generation.path, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  return bytes;
}

}  // namespace prepsearch
