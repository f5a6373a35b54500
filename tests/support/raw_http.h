// Raw bytes over a real socket, for requests no HTTP client library would send: the hostile
// catalogue and the slow-client tests.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace prepsearch::test {

struct RawResponse {
  int status = 0;    // 0: no status line came back
  std::string head;  // status line and headers
  std::string body;
  bool closed = false;  // the server closed the connection after it
};

// A connected TCP socket to 127.0.0.1:`port`, from `source` (any 127.x.y.z: Linux routes all
// of 127/8 to loopback, so tests can play many client addresses), with a receive buffer of
// `receive_buffer` bytes if > 0 (a client that reads slowly). -1 on failure.
int connect_to(int port, const std::string& source = "127.0.0.1", int receive_buffer = 0);

// Sends `bytes` on a new connection and reads the responses that come back within `timeout`,
// each by its Content-Length (`head_only`: no bodies, as answers to HEAD), until the server
// closes or `expected` responses have arrived.
std::vector<RawResponse> exchange(int port, const std::string& bytes, std::size_t expected = 1,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                  bool head_only = false);

// One request, one response (status 0 if none came).
RawResponse exchange_one(int port, const std::string& bytes, bool head_only = false);

// Raises this process's open-file limit to its maximum: a test whose clients and server share
// the process needs more than the usual 1,024.
void raise_file_limit();

// The i-th of the 200 client addresses 127.0.1.0 .. 127.0.1.199 (all of 127/8 is loopback).
std::string client_address(std::size_t i);

// Clients that hold connections open: `idle` that send nothing, and `slow` that send a request
// head a byte every 200 ms, from the 200 addresses 127.0.1.0 .. 127.0.1.199. Closed when
// destroyed. Raises this process's open-file limit to its maximum first.
class ClientCrowd {
 public:
  ClientCrowd(int port, std::size_t idle, std::size_t slow);
  ~ClientCrowd();
  ClientCrowd(const ClientCrowd&) = delete;
  ClientCrowd& operator=(const ClientCrowd&) = delete;
  const std::vector<int>& slow() const { return slow_; }
  bool all_connected() const { return connected_; }

 private:
  std::vector<int> idle_, slow_;
  bool connected_ = true;
  std::atomic<bool> dripping_{true};
  std::thread drip_;
};

// Reads until the peer closes or `timeout` passes: the bytes, and whether it closed.
std::pair<std::string, bool> read_until_close(int fd, std::chrono::milliseconds timeout);

// A port on 127.0.0.1 that was free a moment ago (for a server started as another process).
int free_port();

// The value of header `name` (case-insensitive) in a response head, or "".
std::string header_value(const std::string& head, const std::string& name);

}  // namespace prepsearch::test
