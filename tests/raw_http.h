// Raw bytes over a real socket, for requests no HTTP client library would send: the hostile
// catalogue and the slow-client tests.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace prepsearch::test {

struct RawResponse {
  int status = 0;    // 0: no status line came back
  std::string head;  // status line and headers
  std::string body;
  bool closed = false;  // the server closed the connection after it
};

// A connected TCP socket to 127.0.0.1:`port`, from `source` (any 127.x.y.z: Linux routes all
// of 127/8 to loopback, so tests can play many client addresses). -1 on failure.
int connect_to(int port, const std::string& source = "127.0.0.1");

// Sends `bytes` on a new connection and reads the responses that come back within `timeout`,
// each by its Content-Length (`head_only`: no bodies, as answers to HEAD), until the server
// closes or `expected` responses have arrived.
std::vector<RawResponse> exchange(int port, const std::string& bytes, std::size_t expected = 1,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                  bool head_only = false);

// One request, one response (status 0 if none came).
RawResponse exchange_one(int port, const std::string& bytes, bool head_only = false);

// A port on 127.0.0.1 that was free a moment ago (for a server started as another process).
int free_port();

// The value of header `name` (case-insensitive) in a response head, or "".
std::string header_value(const std::string& head, const std::string& name);

}  // namespace prepsearch::test
