// The admin token (--admin-token-file) in a request: "Authorization: Bearer TOKEN".
#pragma once

#include <string_view>

namespace prepsearch {

// The token of "Bearer TOKEN", the scheme in any case (RFC 9110: schemes are
// case-insensitive); the token as sent: the gate keeps a '%' in it from being decoded
// (request_head.h). Empty if the header is not a Bearer one.
std::string_view bearer_token(std::string_view authorization);

// Compares in time that depends on the expected token's length only, not on where the
// strings first differ.
bool same_token(std::string_view given, std::string_view expected);

}  // namespace prepsearch
