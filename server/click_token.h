// A click on a result counts only for a hit that was served for that query: every served hit
// carries a token, HMAC-SHA256 over the query's normal form and the hit's id, which the click
// event must bring back. The server keeps nothing per hit, so replicas that share the key
// (--event-key-file) accept each other's tokens.
#pragma once

#include <string>
#include <string_view>

namespace prepsearch {

// The key a token is signed with: at least this many bytes.
inline constexpr std::size_t kMinEventKeyBytes = 16;

class ClickSigner {
 public:
  // Signs with `key`; "" draws a random key (tokens then hold for this process only).
  explicit ClickSigner(std::string key = {});

  // The token for `id` served for `query` (any form: it is normalised first). 32 hex digits.
  std::string sign(std::string_view query, std::string_view id) const;
  // True if `token` is sign(query, id); compared in constant time.
  bool verify(std::string_view query, std::string_view id, std::string_view token) const;

 private:
  std::string key_;
};

// The first line of `file`, trimmed. Throws std::runtime_error naming the file if it cannot be
// read, or the key is shorter than `min_bytes`, or it holds anything but visible ASCII.
std::string read_secret_file(const std::string& file, const std::string& what,
                             std::size_t min_bytes);

}  // namespace prepsearch
