// Request parameters → checked values, and JSON answers: what every route handler uses.
#pragma once

#include <cstddef>
#include <string>

#include <httplib.h>

#include "search/search_json.h"

namespace prepsearch {

inline constexpr char kJson[] = "application/json";

// Throws BadRequest if `value` is over `max_bytes` or not valid UTF-8; `name` names it.
void check_text(const std::string& name, const std::string& value, std::size_t max_bytes);

// Parameter `name`: a whole number in [min, max]; `fallback` if absent. Throws BadRequest.
unsigned count_param(const httplib::Request& req, const std::string& name, unsigned fallback,
                     unsigned min, unsigned max);

// Parameter `name` as text ("" if absent), checked with kMaxQueryBytes. Throws BadRequest.
std::string text_param(const httplib::Request& req, const std::string& name);

// Sets `json` as the answer's body, as application/json.
void send_json(httplib::Response& res, const Json& json);

}  // namespace prepsearch
