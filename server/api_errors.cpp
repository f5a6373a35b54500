// Statuses to codes, and the error body.
#include "server/api_errors.h"

namespace prepsearch {

Json error_json(const std::string& code, const std::string& message) {
  return Json{{"error", {{"code", code}, {"message", message}}}};
}

const char* error_code_for(int status) {
  switch (status) {
    case 400: return error_code::kBadRequest;
    case 403: return error_code::kForbidden;
    case 404: return error_code::kNotFound;
    case 405: return error_code::kMethodNotAllowed;
    case 413: return error_code::kPayloadTooLarge;
    case 414: return error_code::kUriTooLong;
    case 429: return error_code::kTooManyRequests;
    case 431: return error_code::kHeadersTooLarge;
    default: return status >= 500 ? error_code::kInternal : error_code::kOther;
  }
}

void send_error(httplib::Response& res, int status, const char* code, const std::string& message) {
  res.status = status;
  res.set_content(dump(error_json(code, message)), "application/json");
}

}  // namespace prepsearch
