// The request head (request line and header lines), checked before any worker sees it.
//
// cpp-httplib 0.11 accepts framing that HTTP (RFC 9112) refuses and that a proxy in front may
// read differently (a desync): a GET with a body, Content-Length beside Transfer-Encoding, two
// Content-Lengths, no Host. It also answers `Range: bytes=0-,0-,...` with a multipart body many
// times the resource. The connection gate runs every head through check_head() and hands the
// library only heads that pass, rewritten to what it handles well.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace prepsearch {

// A whole head may be at most this long (the request line and every header line); beyond it
// the client gets 431 (414 when the request line alone is too long).
inline constexpr std::size_t kMaxHeadBytes = std::size_t{16} * 1024;
// A request target may be at most this long, as cpp-httplib's own limit.
inline constexpr std::size_t kMaxTargetBytes = 8192;
// A header line may be at most this long (the library reads lines into a buffer of 8,192 bytes).
inline constexpr std::size_t kMaxHeaderLineBytes = 8000;
// More header lines than this get 431.
inline constexpr std::size_t kMaxHeaderLines = 100;

// "WHAT is over LIMIT bytes": a refusal's message, its limit printed from the constant.
inline std::string over_bytes(const char* what, std::size_t limit) {
  return std::string(what) + " is over " + std::to_string(limit) + " bytes";
}

// What to do with a head: pass `head` on (status 0), or answer `status` with the JSON error
// `code` and `message`, then close the connection (the body, if any, is never read).
struct HeadVerdict {
  int status = 0;
  const char* code = "";
  std::string message;
  std::string allow;           // the Allow header of a 405
  std::string head;            // status 0: the head to serve, ending in an empty line
  std::size_t body_bytes = 0;  // status 0: the body that follows the head (an accepted POST)
  // status 0: the client waits for "100 Continue" before it sends that body.
  bool continue_expected = false;
};

// Which methods a path (percent-decoded) takes, and the most bytes of body each may have
// there: nullopt where the method is refused, 0 for a method that takes no body (GET, and
// DELETE where it is taken), more for a POST. `authorization`: the request's Authorization
// header ("" if none), for a limit that depends on who asks.
using BodyLimit = std::function<std::optional<std::size_t>(
    std::string_view method, std::string_view path, std::string_view authorization)>;

// The offset just past the empty line that ends the head in `bytes` (CRLF or bare LF line
// ends), or npos if the head is not complete yet.
std::size_t head_end(std::string_view bytes);

// Checks a complete head (as head_end() delimits it). `serves_ranges(path)` says whether a
// single byte range may be honoured for the path (static files); a Range header is dropped
// elsewhere, and everywhere when it asks for more than one range. An absolute-form target
// (`GET http://host/path`) is served as its path. Bodies are refused but where `body_limit`
// takes one (a POST with a Content-Length within the limit; 411 without one, 413 past it): a
// method that takes no body gets 400 for one, a method the path does not take 405 with the
// ones it does (413 past `max_body_bytes`). Without `body_limit`, only GET, HEAD and OPTIONS.
HeadVerdict check_head(std::string_view head, std::size_t max_body_bytes,
                       const std::function<bool(std::string_view path)>& serves_ranges,
                       const BodyLimit& body_limit = {});

// The bytes of a complete HTTP/1.1 error answer with the JSON error body, closing the
// connection: what the gate writes itself.
std::string error_response(int status, const char* code, const std::string& message,
                           const std::string& allow = {});

}  // namespace prepsearch
