// Origins: RFC 6454's serialisation, checked at start.
#include "server/origin.h"

#include <stdexcept>

#include "core/text.h"

namespace prepsearch {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_host_character(char c) {
  return is_ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

// Empty if `authority` (host[:port], lower-cased) is well formed, else what is wrong with it.
std::string authority_problem(std::string_view authority) {
  if (authority.empty()) return "it names no host";
  std::size_t host_end = authority.size();
  if (authority.front() == '[') {  // an IPv6 literal
    host_end = authority.find(']');
    if (host_end == std::string_view::npos) return "its IPv6 host has no closing ]";
    ++host_end;
  } else {
    host_end = authority.find(':');
    if (host_end == std::string_view::npos) host_end = authority.size();
    for (const char c : authority.substr(0, host_end)) {
      if (!is_host_character(c)) return "its host holds '" + std::string(1, c) + "'";
    }
    if (host_end == 0) return "it names no host";
  }
  const std::string_view port = authority.substr(host_end);
  if (port.empty()) return "";
  if (port.front() != ':' || port.size() < 2 || port.size() > 6) return "its port is not a number";
  long number = 0;
  for (const char c : port.substr(1)) {
    if (c < '0' || c > '9') return "its port is not a number";
    number = number * 10 + (c - '0');
  }
  return number >= 1 && number <= 65535 ? "" : "its port is outside 1-65535";
}

[[noreturn]] void refuse(std::string_view value, const std::string& why, const std::string& fix) {
  throw std::invalid_argument("'" + escape_control_bytes(value) + "' is not an origin: " + why +
                              "; " + fix);
}

}  // namespace

std::string normal_origin(std::string_view value) {
  if (value == "*") return "*";
  const std::string example = "write scheme://host[:port], such as https://www.example.com";
  const std::size_t colon = value.find("://");
  if (colon == std::string_view::npos) refuse(value, "it has no scheme", example);
  const std::string scheme = lower(value.substr(0, colon));
  if (scheme != "http" && scheme != "https")
    refuse(value, "its scheme is not http or https", example);
  std::string authority = lower(value.substr(colon + 3));
  const std::size_t rest = authority.find_first_of("/?#");
  if (rest != std::string::npos) {
    refuse(value, "an origin has no path, query or trailing slash",
           "write " + scheme + "://" + authority.substr(0, rest));
  }
  if (authority.find('@') != std::string::npos) refuse(value, "an origin names no user", example);
  if (const std::string problem = authority_problem(authority); !problem.empty()) {
    refuse(value, problem, example);
  }
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (ends_with(authority, default_port)) authority.resize(authority.size() - default_port.size());
  return scheme + "://" + authority;
}

}  // namespace prepsearch
