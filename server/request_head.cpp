// RFC 9112 framing rules, applied line by line to a head the gate has read whole.
#include "server/request_head.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include <httplib.h>

#include "core/text.h"

#include "server/api_errors.h"

namespace prepsearch {
namespace {

constexpr char kReadOnlyMethods[] = "GET, HEAD, OPTIONS";

struct HeaderLine {
  std::string_view name, value;
};

// RFC 9110 token characters: method and header names.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// A field value may hold visible bytes, spaces and tabs (and UTF-8), never other controls.
bool is_field_value(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

// A Host is a name, an IPv4 or bracketed IPv6 address, and an optional port.
bool is_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-._~:[]").find(c) != std::string_view::npos;
  });
}

bool is_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_known_method(std::string_view method) {
  for (const char* known :
       {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "TRACE"}) {
    if (method == known) return true;
  }
  return false;
}

HeadVerdict refuse(int status, const char* code, std::string message) {
  HeadVerdict verdict;
  verdict.status = status;
  verdict.code = code;
  verdict.message = std::move(message);
  return verdict;
}

// "http://host:port/path?x" → "/path?x"; an origin-form target is returned as it is.
std::string_view origin_form(std::string_view target) {
  const auto scheme = target.find("://");
  if (scheme == std::string_view::npos) return target;
  const auto path = target.find('/', scheme + 3);
  return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
}

bool is_absolute_form(std::string_view target) {
  const auto lower = [&](std::string_view prefix) {
    return target.size() > prefix.size() &&
           equals_ignoring_ascii_case(target.substr(0, prefix.size()), prefix);
  };
  return lower("http://") || lower("https://");
}

// The path as the library routes it ("/api/%73earch", "/api/%u0073earch" are /api/search): its
// own decoder, so that the gate and the library never disagree on which route a path is.
std::string percent_decoded(std::string_view path) {
  return httplib::detail::decode_url(std::string(path), false);
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// cpp-httplib percent-decodes header values, so "Bearer %61..." would read as "Bearer a...":
// a '%' in credentials is written "%25" for it to decode back to what was sent. It also drops
// a header whose value is empty: an empty relay header is kept, as "unknown", so that a
// request relayed by a proxy never passes for one made here.
void append_value_as_sent(std::string& head, const HeaderLine& header) {
  if (equals_ignoring_ascii_case(header.name, "authorization")) {
    for (const char c : header.value) head.append(c == '%' ? "%25" : std::string(1, c));
    return;
  }
  const bool relay = equals_ignoring_ascii_case(header.name, "x-forwarded-for") ||
                     equals_ignoring_ascii_case(header.name, "forwarded") ||
                     equals_ignoring_ascii_case(header.name, "x-real-ip");
  head.append(relay && header.value.empty() ? std::string_view("unknown") : header.value);
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

// The lines of a head without their line ends, leading and trailing empty lines left out.
std::vector<std::string_view> head_lines(std::string_view head) {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < head.size();) {
    std::size_t end = head.find('\n', at);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!(lines.empty() && line.empty())) lines.push_back(line);  // skip leading empty lines
    at = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

struct RequestLine {
  std::string_view method, target, version;
};

// The request line: METHOD SP target SP HTTP/1.x, single spaces. Status 0 and `out` filled if
// it is one; else the refusal.
HeadVerdict check_request_line(std::string_view line, RequestLine& out) {
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space)
    return refuse(400, error_code::kBadRequest, "malformed request line");
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (target.size() > kMaxTargetBytes)
    return refuse(414, error_code::kUriTooLong,
                  "the request target is over " + std::to_string(kMaxTargetBytes) + " bytes");
  if (!is_token(method) || method.size() > 20)
    return refuse(400, error_code::kBadRequest, "malformed method");
  if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u != 0x7F;
      })) {
    return refuse(400, error_code::kBadRequest, "malformed request target");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (starts_with(version, "HTTP/") && version.size() == 8 && is_ascii_digit(version[5]) &&
        version[6] == '.' && is_ascii_digit(version[7])) {
      return refuse(505, error_code::kOther, "only HTTP/1.0 and HTTP/1.1 are served");
    }
    return refuse(400, error_code::kBadRequest, "malformed HTTP version");
  }
  if (!is_absolute_form(target) && target.front() != '/' && !(target == "*" && method == "OPTIONS"))
    return refuse(400, error_code::kBadRequest, "the request target must start with /");
  out = {method, target, version};
  return {};
}

// What the framing rules look at in the header lines, and the lines themselves.
struct HeaderFacts {
  std::vector<HeaderLine> headers;
  std::size_t hosts = 0, lengths = 0, encodings = 0, ranges = 0;
  bool continue_expected = false;  // Expect: 100-continue
  std::string_view host, length;
};

// Header lines (after the request line): name ":" value, no space before the colon, no
// folding. Status 0 and `facts` filled if they are well formed; else the refusal.
HeadVerdict read_headers(const std::vector<std::string_view>& lines, HeaderFacts& facts) {
  if (lines.size() - 1 > kMaxHeaderLines)
    return refuse(431, error_code::kHeadersTooLarge,
                  "more than " + std::to_string(kMaxHeaderLines) + " request headers");
  facts.headers.reserve(lines.size() - 1);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.size() > kMaxHeaderLineBytes)
      return refuse(431, error_code::kHeadersTooLarge,
                    over_bytes("a header line", kMaxHeaderLineBytes));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return refuse(400, error_code::kBadRequest, "malformed header line");
    const HeaderLine header{line.substr(0, colon), trim(line.substr(colon + 1))};
    if (!is_field_value(header.value))
      return refuse(400, error_code::kBadRequest, "a control character in a header value");
    const auto is = [&](std::string_view name) {
      return equals_ignoring_ascii_case(header.name, name);
    };
    if (is("host")) ++facts.hosts, facts.host = header.value;
    if (is("content-length")) ++facts.lengths, facts.length = header.value;
    if (is("transfer-encoding")) ++facts.encodings;
    if (is("range")) ++facts.ranges;
    if (is("expect") && equals_ignoring_ascii_case(header.value, "100-continue")) {
      facts.continue_expected = true;
    }
    facts.headers.push_back(header);
  }
  return {};
}

// The methods `path` takes, as an Allow header lists them.
std::string allowed_at(const std::string& path, const BodyLimit& body_limit) {
  if (!body_limit) return kReadOnlyMethods;
  std::string allow;
  for (const char* method : {"GET", "POST", "DELETE"}) {
    if (!body_limit(method, path, {})) continue;
    allow.append(allow.empty() ? "" : ", ").append(method);
    if (std::string_view(method) == "GET") allow.append(", HEAD");
  }
  return allow.append(allow.empty() ? "" : ", ").append("OPTIONS");
}

// A method that may carry a body (not GET, HEAD or OPTIONS) at `path`: status 0 and its
// `body_bytes` for one its route takes (a POST's body; none for a DELETE); else the refusal.
HeadVerdict check_body(std::string_view method, const HeaderFacts& facts, const std::string& path,
                       std::size_t max_body_bytes, const BodyLimit& body_limit) {
  if (!is_known_method(method))
    return refuse(501, error_code::kOther, "unknown method " + std::string(method));
  std::string_view authorization;
  for (const auto& header : facts.headers) {
    if (equals_ignoring_ascii_case(header.name, "authorization")) authorization = header.value;
  }
  const std::optional<std::size_t> taken =
      body_limit ? body_limit(method, path, authorization) : std::nullopt;
  if (facts.lengths == 1 &&
      std::stoull(std::string(facts.length)) > std::max(max_body_bytes, taken.value_or(0)))
    return refuse(413, error_code::kPayloadTooLarge, "the request body is too large");
  if (!taken) {
    HeadVerdict verdict =
        refuse(405, error_code::kMethodNotAllowed, std::string(method) + " is not allowed here");
    verdict.allow = allowed_at(path, body_limit);
    return verdict;
  }
  const std::size_t limit = *taken;
  const bool has_body =
      facts.encodings > 0 || (facts.lengths == 1 && std::stoull(std::string(facts.length)) > 0);
  if (limit == 0) {
    if (has_body)
      return refuse(400, error_code::kBadRequest, std::string(method) + " takes no request body");
    return {};
  }
  // Read in whole at the gate before a worker sees it: its length must be known.
  if (facts.lengths == 0 || facts.encodings > 0)
    return refuse(411, error_code::kOther, "a POST body needs a Content-Length");
  HeadVerdict accepted;
  accepted.body_bytes = std::stoull(std::string(facts.length));
  if (accepted.body_bytes > limit) {
    return refuse(413, error_code::kPayloadTooLarge,
                  "the request body is over " + std::to_string(limit) + " bytes");
  }
  return accepted;
}

// The header lines the library is given, and the empty line that ends the head.
void append_served_headers(std::string& head, const std::vector<HeaderLine>& headers,
                           bool keep_range) {
  for (const auto& header : headers) {
    if (equals_ignoring_ascii_case(header.name, "range") &&
        (!keep_range || header.value.find(',') != std::string_view::npos)) {
      continue;
    }
    // The gate answers Expect itself (100 Continue) and reads the body before a worker runs.
    if (equals_ignoring_ascii_case(header.name, "expect")) continue;
    head.append(header.name).append(": ");
    append_value_as_sent(head, header);
    head.append("\r\n");
  }
  head.append("\r\n");
}

}  // namespace

std::size_t head_end(std::string_view bytes) {
  // Empty lines before the request line are allowed (RFC 9112 2.2) and skipped.
  std::size_t start = 0;
  while (start < bytes.size() && (bytes[start] == '\r' || bytes[start] == '\n')) ++start;
  for (std::size_t at = bytes.find('\n', start); at != std::string_view::npos;
       at = bytes.find('\n', at + 1)) {
    if (at + 1 < bytes.size() && bytes[at + 1] == '\n') return at + 2;
    if (at + 2 < bytes.size() && bytes[at + 1] == '\r' && bytes[at + 2] == '\n') return at + 3;
  }
  return std::string_view::npos;
}

HeadVerdict check_head(std::string_view head, std::size_t max_body_bytes,
                       const std::function<bool(std::string_view path)>& serves_ranges,
                       const BodyLimit& body_limit) {
  const std::vector<std::string_view> lines = head_lines(head);
  if (lines.empty()) return refuse(400, error_code::kBadRequest, "empty request");
  if (head.size() > kMaxHeadBytes)
    return refuse(431, error_code::kHeadersTooLarge, over_bytes("the request head", kMaxHeadBytes));
  if (head.find('\0') != std::string_view::npos)
    return refuse(400, error_code::kBadRequest, "a NUL byte in the request head");

  RequestLine request;
  if (HeadVerdict refused = check_request_line(lines.front(), request); refused.status != 0)
    return refused;
  const auto [method, target, version] = request;

  HeaderFacts facts;
  if (HeadVerdict refused = read_headers(lines, facts); refused.status != 0) return refused;
  const auto& [headers, hosts, lengths, encodings, ranges, continue_expected, host, length] = facts;
  if (hosts > 1 || (hosts == 0 && version == "HTTP/1.1"))
    return refuse(400, error_code::kBadRequest, "an HTTP/1.1 request needs exactly one Host");
  if (hosts == 1 && !is_host(host))
    return refuse(400, error_code::kInvalidHost, "the Host header is not a host name");

  // Framing: no route takes a body, so a body is refused before a byte of it is read.
  if (lengths > 1 || (lengths == 1 && !is_digits(length)))
    return refuse(400, error_code::kBadRequest, "one Content-Length of digits, at most");
  if (lengths == 1 && encodings > 0)
    return refuse(400, error_code::kBadRequest, "Content-Length together with Transfer-Encoding");
  const bool has_body = encodings > 0 || (lengths == 1 && std::stoull(std::string(length)) > 0);
  const bool bodyless = method == "GET" || method == "HEAD" || method == "OPTIONS";
  if (bodyless && has_body)
    return refuse(400, error_code::kBadRequest, std::string(method) + " takes no request body");
  // The head to serve: origin-form target; Range only where a single range is served.
  const std::string_view served = is_absolute_form(target) ? origin_form(target) : target;
  const std::string_view path = served.substr(0, served.find('?'));
  std::size_t body_bytes = 0;
  if (!bodyless) {
    HeadVerdict refused =
        check_body(method, facts, percent_decoded(path), max_body_bytes, body_limit);
    if (refused.status != 0) return refused;
    body_bytes = refused.body_bytes;
  }
  const bool keep_range = ranges == 1 && serves_ranges && serves_ranges(percent_decoded(path));
  HeadVerdict verdict;
  verdict.body_bytes = body_bytes;
  verdict.continue_expected = continue_expected && body_bytes > 0;
  verdict.head.reserve(head.size());
  verdict.head.append(method).append(" ").append(served).append(" ").append(version).append("\r\n");
  append_served_headers(verdict.head, headers, keep_range);
  return verdict;
}

std::string error_response(int status, const char* code, const std::string& message,
                           const std::string& allow) {
  const std::string body = dump(error_json(code, message));
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n"
         "Referrer-Policy: no-referrer\r\n";
  if (!allow.empty()) out += "Allow: " + allow + "\r\n";
  out += "\r\n" + body;
  return out;
}

}  // namespace prepsearch
