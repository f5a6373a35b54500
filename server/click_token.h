// A click on a result counts only for a hit that was served for that query: every served hit
// carries a token, HMAC-SHA256 over the query's normal form and the hit's id, which the click
// event must bring back. The server keeps nothing per hit, so replicas that share the key
// (--event-key-file) accept each other's tokens.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <openssl/types.h>

namespace prepsearch {

// The key a token is signed with: at least this many bytes.
inline constexpr std::size_t kMinEventKeyBytes = 16;

class ClickSigner {
 public:
  // Signs with `key`; "" draws a random key (tokens then hold for this process only).
  explicit ClickSigner(std::string key = {});

  // The token for `id` served for a query whose normal form (normalise_query()) is
  // `normal_form`: 32 hex digits. A search normalises its query once for all its hits.
  std::string sign(std::string_view normal_form, std::string_view id) const;
  // True if `token` is sign(normalise_query(query), id); compared in constant time.
  bool verify(std::string_view query, std::string_view id, std::string_view token) const;

 private:
  // SHA-256 having taken the key's inner and outer pads (RFC 2104): a token copies each and
  // hashes its message and the inner digest, not the key again (nor OpenSSL's one-shot HMAC,
  // which looks the algorithm up each time).
  struct FreeDigest {
    void operator()(EVP_MD_CTX* ctx) const;
  };
  using DigestState = std::unique_ptr<EVP_MD_CTX, FreeDigest>;
  static DigestState padded_digest(const unsigned char* key, std::size_t size, unsigned char pad);

  DigestState inner_, outer_;
};

}  // namespace prepsearch
