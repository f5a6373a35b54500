// Checking parameters: every failure is a BadRequest (api_errors.h).
#include "server/route_params.h"

#include "core/text_fold.h"

#include "server/api_errors.h"
#include "server/routes.h"

namespace prepsearch {

void check_text(const std::string& name, const std::string& value, std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    throw BadRequest(error_code::kParameterTooLong,
                     "`" + name + "` is " + std::to_string(value.size()) + " bytes; the limit is " +
                         std::to_string(max_bytes));
  }
  if (find_invalid_utf8(value)) {
    throw BadRequest(error_code::kInvalidUtf8, "`" + name + "` is not valid UTF-8");
  }
}

// A whole number in [min, max]; `fallback` if absent.
unsigned count_param(const httplib::Request& req, const std::string& name, unsigned fallback,
                     unsigned min, unsigned max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string value = req.get_param_value(name.c_str());
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  const bool digits = !value.empty() && value.size() <= 9 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    throw BadRequest(error_code::kInvalidParameter,
                     "`" + name + "` must be a whole number in " + range);
  }
  const unsigned number = static_cast<unsigned>(std::stoul(value));
  if (number < min || number > max) {
    throw BadRequest(error_code::kInvalidParameter, "`" + name + "` must be in " + range);
  }
  return number;
}

std::string text_param(const httplib::Request& req, const std::string& name) {
  std::string value = req.get_param_value(name.c_str());
  check_text(name, value, kMaxQueryBytes);
  return value;
}

void send_json(httplib::Response& res, const Json& json) { res.set_content(dump(json), kJson); }

}  // namespace prepsearch
