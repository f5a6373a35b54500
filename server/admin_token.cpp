// Reading and comparing the admin token.
#include "server/admin_token.h"

#include "core/text.h"

namespace prepsearch {

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kBearer = "bearer ";
  if (authorization.size() <= kBearer.size() ||
      !equals_ignoring_ascii_case(authorization.substr(0, kBearer.size()), kBearer)) {
    return {};
  }
  return trim(authorization.substr(kBearer.size()));
}

bool same_token(std::string_view given, std::string_view expected) {
  unsigned diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const char g = i < given.size() ? given[i] : '\0';
    diff |= static_cast<unsigned char>(g ^ expected[i]);
  }
  return diff == 0;
}

}  // namespace prepsearch
