// A hash of client names that nobody outside this process can predict, so that nobody can
// choose addresses that land on another client's rate-limit slot or pass for another client
// in the query log: FNV-1a from a basis drawn at random when the object is made.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

#include "core/document.h"

namespace prepsearch {

class SaltedHash {
 public:
  SaltedHash() : basis_(draw()) {}
  std::uint64_t operator()(std::string_view text) const { return fnv1a64(text, basis_); }

 private:
  static std::uint64_t draw() {
    std::random_device random;
    return std::uint64_t{random()} << 32 ^ random();
  }

  std::uint64_t basis_;
};

}  // namespace prepsearch
