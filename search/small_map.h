// A map from 64-bit keys to small values for the few hundred entries of one search's window:
// open addressing in one array, so building it allocates once (std::unordered_map allocates a
// node per entry, which showed in the window's cost).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace prepsearch {

class SmallMap {
 public:
  // Room for `entries` keys without probing far.
  explicit SmallMap(std::size_t entries) {
    std::size_t size = 16;
    while (size < 2 * entries) size *= 2;
    slots_.resize(size);
  }

  // The value of `key`, if inserted.
  std::optional<std::uint32_t> find(std::uint64_t key) const {
    for (std::size_t i = start(key);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[i];
      if (!slot.used) return std::nullopt;
      if (slot.key == key) return slot.value;
    }
  }
  // Inserts `key` with `value` unless it is there; true if inserted. At most `entries` keys.
  bool insert(std::uint64_t key, std::uint32_t value) {
    for (std::size_t i = start(key);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[i];
      if (slot.used && slot.key == key) return false;
      if (!slot.used) {
        slot = {key, value, true};
        return true;
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  std::size_t start(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (slots_.size() - 1);
  }
  std::vector<Slot> slots_;
};

}  // namespace prepsearch
