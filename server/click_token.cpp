// HMAC-SHA256 over OpenSSL's SHA-256 (libcrypto, which cpp-httplib already brings in).
#include "server/click_token.h"

#include <memory>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/text.h"

#include "server/query_log.h"

namespace prepsearch {
namespace {

constexpr std::size_t kTokenBytes = 16;   // 128 bits: no guessing within any rate limit
constexpr std::size_t kDigestBytes = 32;  // SHA-256's
constexpr std::size_t kBlockBytes = 64;   // SHA-256's

// `ctx` copied from `from`, fed `data`, its digest into `digest`.
void digest_after(EVP_MD_CTX* ctx, const EVP_MD_CTX* from, const unsigned char* data,
                  std::size_t size, unsigned char* digest) {
  unsigned int length = 0;
  if (EVP_MD_CTX_copy_ex(ctx, from) != 1 || EVP_DigestUpdate(ctx, data, size) != 1 ||
      EVP_DigestFinal_ex(ctx, digest, &length) != 1 || length != kDigestBytes) {
    throw std::runtime_error("cannot compute a click token");
  }
}

}  // namespace

void ClickSigner::FreeDigest::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }

ClickSigner::DigestState ClickSigner::padded_digest(const unsigned char* key, std::size_t size,
                                                    unsigned char pad) {
  unsigned char block[kBlockBytes];
  for (std::size_t i = 0; i < kBlockBytes; ++i) block[i] = (i < size ? key[i] : 0) ^ pad;
  DigestState ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), block, sizeof block) != 1) {
    throw std::runtime_error("cannot set up SHA-256 for click tokens");
  }
  return ctx;
}

ClickSigner::ClickSigner(std::string key) {
  if (key.empty()) {
    key.resize(32);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) !=
        1) {
      throw std::runtime_error("cannot draw a random key for click tokens");
    }
  }
  // A key longer than a block is its digest (RFC 2104).
  unsigned char hashed[kDigestBytes];
  auto bytes = reinterpret_cast<const unsigned char*>(key.data());
  std::size_t size = key.size();
  if (size > kBlockBytes) {
    unsigned int length = 0;
    if (EVP_Digest(bytes, size, hashed, &length, EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("cannot hash the click token key");
    bytes = hashed;
    size = length;
  }
  inner_ = padded_digest(bytes, size, 0x36);
  outer_ = padded_digest(bytes, size, 0x5c);
}

std::string ClickSigner::sign(std::string_view normal_form, std::string_view id) const {
  std::string message;
  message.reserve(normal_form.size() + 1 + id.size());
  message.append(normal_form).append(1, '\n').append(id);
  const DigestState ctx(EVP_MD_CTX_new());
  if (!ctx) throw std::runtime_error("cannot compute a click token");
  unsigned char inner[kDigestBytes], digest[kDigestBytes];
  digest_after(ctx.get(), inner_.get(), reinterpret_cast<const unsigned char*>(message.data()),
               message.size(), inner);
  digest_after(ctx.get(), outer_.get(), inner, sizeof inner, digest);
  std::string token;
  token.reserve(2 * kTokenBytes);
  for (std::size_t i = 0; i < kTokenBytes; ++i) append_hex_byte(token, digest[i]);
  return token;
}

bool ClickSigner::verify(std::string_view query, std::string_view id,
                         std::string_view token) const {
  const std::string expected = sign(normalise_query(query), id);
  return token.size() == expected.size() &&
         CRYPTO_memcmp(token.data(), expected.data(), expected.size()) == 0;
}

}  // namespace prepsearch
