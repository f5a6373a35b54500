// HMAC-SHA256 from OpenSSL (libcrypto, which cpp-httplib already brings in).
#include "server/click_token.h"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "core/text.h"

#include "server/query_log.h"

namespace prepsearch {
namespace {

constexpr std::size_t kTokenBytes = 16;  // 128 bits: no guessing within any rate limit

}  // namespace

ClickSigner::ClickSigner(std::string key) : key_(std::move(key)) {
  if (!key_.empty()) return;
  key_.resize(32);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) !=
      1) {
    throw std::runtime_error("cannot draw a random key for click tokens");
  }
}

std::string ClickSigner::sign(std::string_view normal_form, std::string_view id) const {
  std::string message;
  message.reserve(normal_form.size() + 1 + id.size());
  message.append(normal_form).append(1, '\n').append(id);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  std::string token;
  token.reserve(2 * kTokenBytes);
  for (std::size_t i = 0; i < kTokenBytes && i < length; ++i) append_hex_byte(token, digest[i]);
  return token;
}

bool ClickSigner::verify(std::string_view query, std::string_view id,
                         std::string_view token) const {
  const std::string expected = sign(normalise_query(query), id);
  return token.size() == expected.size() &&
         CRYPTO_memcmp(token.data(), expected.data(), expected.size()) == 0;
}

}  // namespace prepsearch
