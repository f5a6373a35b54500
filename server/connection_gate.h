// The connection gate: where a connection waits until it has sent a whole request head.
//
// cpp-httplib 0.11 gives each connection a worker thread from accept to close, so clients
// that connect and say nothing, or send a header a byte at a time, hold every worker and
// nobody else is served. The gate owns every connection that has no complete request yet:
// one thread reads them all without blocking (epoll), bounds the time and bytes a head may
// take and the connections per client address, checks the head (request_head.h), and only
// then hands the connection with its head to a worker. Between keep-alive requests the
// connection comes back here, so an idle keep-alive client holds no worker either.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/mutex.h"

#include "server/request_head.h"

namespace prepsearch {

// The most response bytes the gate holds for slow readers, in all; past it workers send
// themselves, as they would without the gate.
inline constexpr std::size_t kMaxOutgoingBytes = std::size_t{64} << 20;

struct GateLimits {
  // From accept (or from the first byte of a keep-alive connection's next request) to the
  // whole head; past it the client gets 408.
  std::chrono::milliseconds head_timeout{10000};
  // A keep-alive connection waiting for its next request is closed after this.
  std::chrono::milliseconds idle_timeout{5000};
  // Open connections per client address, and in all; past them the client gets 503. At the
  // overall cap an idle connection is closed first to make room (ConnectionGate::admit).
  std::size_t max_per_client = 256;
  std::size_t max_connections = 4096;
  // The largest body a request may announce (its 413 comes from the head).
  std::size_t max_body_bytes = std::size_t{64} * 1024;
};

class ConnectionGate {
 public:
  // `serve(fd, head, rest)`: a worker serves the checked head; `rest` are the bytes that came
  // after it (pipelined requests), to give back with park(). `refused(status)`: the gate
  // answered an error itself (for metrics). `serves_ranges(path)` and `body_limit(method, path)`:
  // see check_head(); a POST's body is read in whole, within the head timeout, and served
  // with its head.
  struct Hooks {
    std::function<void(int fd, std::string head, std::string rest)> serve;
    std::function<void(int status)> refused;
    std::function<bool(std::string_view path)> serves_ranges;
    BodyLimit body_limit;
  };

  ConnectionGate(const GateLimits& limits, Hooks hooks);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // A newly accepted connection: counted against its address, or refused with 503.
  void admit(int fd);
  // A served keep-alive connection waits for its next request; `pending` are bytes already
  // read (the start of that request, or all of it).
  void park(int fd, std::string pending);
  // Closes a connection a worker is done with.
  void close(int fd);
  // A worker's response the client did not take at once (it reads slowly): the gate sends
  // `outgoing` as the socket drains, within `timeout`, then closes the connection
  // (`close_after`) or parks it with `rest`; it takes both strings. False, with nothing taken,
  // while stopping or when the responses held reach kMaxOutgoingBytes: the worker then sends
  // it itself.
  bool send_rest(int fd, std::string& outgoing, std::string& rest, bool close_after,
                 std::chrono::milliseconds timeout);
  // Closes every waiting connection and stops the gate thread; admit() and park() then close
  // what they are given.
  void stop();

  std::size_t open_connections() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Waiting {
    std::string bytes;
    Clock::time_point deadline;
    bool draining = false;  // answered with an error: reading what is left before closing
    std::size_t drained = 0;
    bool continued = false;  // 100 Continue sent for the request waiting here
    // A response the gate is sending for a worker (send_rest): what is left of it, and whether
    // the connection closes after it; `bytes` then holds the requests that came after it.
    std::string outgoing{};
    bool close_after = false;
  };

  void run();
  void on_readable(int fd);
  bool finish_writing(int fd);
  // Sends what `waiting` holds for `fd`; true once it is all sent or the send failed
  // (`failed`), false while the socket is full.
  bool write_some(int fd, Waiting& waiting, bool& failed) REQUIRES(mutex_);
  void on_deadline(int fd, Waiting& waiting);
  // The head in `waiting` is complete: check it, then serve it or refuse it.
  void hand_on(int fd, const std::string& bytes);
  bool is_whole(std::string_view bytes, std::size_t end, bool* wants_continue = nullptr) const;
  void refuse(int fd, int status, const char* code, const std::string& message,
              const std::string& allow = {});
  void watch(int fd, Waiting waiting);
  void release(int fd);  // closes it and uncounts its address
  int evict_idle() REQUIRES(mutex_);
  void unwatch(int fd) REQUIRES(mutex_);  // no longer waiting (still open and counted)
  void forget(int fd) REQUIRES(mutex_);   // no longer waiting, no longer counted

  const GateLimits limits_;
  const Hooks hooks_;
  int epoll_ = -1;
  int wake_ = -1;  // an eventfd: stop() wakes the loop
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> outgoing_bytes_{0};  // held by send_rest, in all
  mutable Mutex mutex_;
  std::unordered_map<int, Waiting> waiting_ GUARDED_BY(mutex_);
  std::unordered_map<int, std::string> address_of_ GUARDED_BY(mutex_);
  std::unordered_map<std::string, std::size_t> per_address_ GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace prepsearch
