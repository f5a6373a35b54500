// The API's error codes, the bad-request exception, and the one JSON error body.
#pragma once

#include <string>

#include <httplib.h>

#include "core/input_error.h"
#include "core/json.h"

namespace prepsearch {

// The `code` of every error body the server sends ({"error": {"code", "message"}}).
namespace error_code {
inline constexpr char kBadRequest[] = "bad_request";              // malformed HTTP
inline constexpr char kInvalidParameter[] = "invalid_parameter";  // a value out of its range
inline constexpr char kParameterTooLong[] = "parameter_too_long";
inline constexpr char kInvalidUtf8[] = "invalid_utf8";
inline constexpr char kInvalidHost[] = "invalid_host";   // Host unusable in a URL
inline constexpr char kNotFound[] = "not_found";         // no route, file or document
inline constexpr char kForbidden[] = "forbidden";        // admin routes, to others than loopback
inline constexpr char kUnauthorized[] = "unauthorized";  // a write without the admin token
inline constexpr char kInvalidDocument[] = "invalid_document";   // a batch line (its number)
inline constexpr char kConflict[] = "conflict";                  // another writer holds the index
inline constexpr char kTooManyRequests[] = "too_many_requests";  // past a rate limit
inline constexpr char kMethodNotAllowed[] = "method_not_allowed";
inline constexpr char kPayloadTooLarge[] = "payload_too_large";
inline constexpr char kUriTooLong[] = "uri_too_long";
inline constexpr char kHeadersTooLarge[] = "headers_too_large";
inline constexpr char kInternal[] = "internal_error";
inline constexpr char kOther[] = "error";  // any other 4xx
}  // namespace error_code

// A request the client must fix: the route dispatcher answers it with a 400 and `code`.
class BadRequest : public InputError {
 public:
  BadRequest(const char* code, const std::string& message) : InputError(message), code_(code) {}
  const char* code() const noexcept { return code_; }

 private:
  const char* code_;
};

// The error body every failure shares: {"error": {"code": ..., "message": ...}}.
Json error_json(const std::string& code, const std::string& message);

// The code for an HTTP status the library or the server sets without one of its own.
const char* error_code_for(int status);

// Sets `res` to the JSON error body with `status`.
void send_error(httplib::Response& res, int status, const char* code, const std::string& message);

}  // namespace prepsearch
