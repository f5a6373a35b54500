// Free space checks before the indexer writes.
//
// Xapian 1.4 aborts the whole process when a disk fills in the middle of a commit (an
// exception escapes a destructor), so the indexer checks for room before each step that
// writes a lot and stops with a clear error instead.
#pragma once

#include <cstdint>
#include <string>

namespace prepsearch {

// Kept free on the disk at every step: the headroom for one flush of one shard.
inline constexpr std::uint64_t kDiskHeadroomBytes = std::uint64_t{16} << 20;
// A database takes about this many times the bytes of its input (positions, stems, spelling
// and the stored text), rounded up: the room a run asks for before it writes.
inline constexpr std::uint64_t kIndexBytesPerInputByte = 4;

// Free bytes, for an unprivileged writer, on the filesystem that holds `path` (or its
// nearest existing parent).
std::uint64_t free_bytes(const std::string& path);

// Throws std::runtime_error ("No space left on device: ...") unless `needed` bytes plus the
// headroom are free where `path` is. `step` says what needed them.
void require_free_space(const std::string& path, std::uint64_t needed, const std::string& step);

// Total bytes of the regular files under `path`.
std::uint64_t bytes_under(const std::string& path);

}  // namespace prepsearch
