// cpp-httplib's Server behind the connection gate (connection_gate.h).
//
// The library's accept loop stays; each accepted socket goes to the gate instead of to a
// worker for its whole life. A worker gets a connection only with a complete, checked
// request head, runs the library's own request processing (routing, handlers, response
// writing) over that head, and gives the connection back to the gate for its next request.
// No request that reaches a worker has a body, so a worker never waits on a client to send.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <httplib.h>

#include "core/mutex.h"

#include "server/connection_gate.h"

namespace prepsearch {

// Workers and the requests waiting for one. Bounded: past `max_waiting` a request is
// refused with 503 at once rather than queued without end.
class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::size_t max_waiting);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False if the queue is full or the pool is shutting down.
  bool submit(std::function<void()> work);
  // Runs what is queued, then joins the threads.
  void shutdown();

 private:
  void run();

  const std::size_t max_waiting_;
  Mutex mutex_;
  CondVar ready_;
  std::deque<std::function<void()>> queue_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

// A response up to this size is made in memory and handed to the gate if the client does not
// take it at once (connection_gate.h, send_rest); a bigger one (a large static file) is
// written by the worker itself.
inline constexpr std::size_t kMaxBufferedResponseBytes = std::size_t{256} << 10;

class GatedServer : public httplib::Server {
 public:
  struct Config {
    GateLimits limits;
    unsigned workers = 16;
    std::size_t max_queued = 1024;
    std::chrono::milliseconds write_timeout{5000};  // one write of a response
    std::function<bool(std::string_view path)> serves_ranges;
    BodyLimit body_limit;                     // the methods a path takes (check_head())
    std::function<void(int status)> refused;  // the gate or a full queue answered an error
  };

  explicit GatedServer(Config config);
  ~GatedServer() override;

  // After listen_after_bind() has returned: closes the connections waiting in the gate and
  // lets the workers finish the requests they hold (SIGTERM loses no request in flight).
  void drain();

  std::size_t open_connections() const { return gate_.open_connections(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  void serve(int fd, std::string head, std::string rest);

  Config config_;
  WorkerPool workers_;
  ConnectionGate gate_;
};

}  // namespace prepsearch
