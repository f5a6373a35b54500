// The worker side: a Stream over a checked head and the socket, the pool, and the hand-off.
#include "server/gated_server.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "server/api_errors.h"
#include "server/request_head.h"

namespace prepsearch {
namespace {

// The library reads the request from the checked head alone (with its body, for the POST
// routes: the gate read it in whole). The response is kept in memory up to `buffer_bytes`
// (the worker then hands it on without waiting for the client); past that, it goes to the
// socket, each write within the write timeout.
class HeadStream final : public httplib::Stream {
 public:
  HeadStream(int fd, std::string head, std::chrono::milliseconds write_timeout,
             std::size_t buffer_bytes)
      : fd_(fd),
        head_(std::move(head)),
        write_timeout_(write_timeout),
        buffer_bytes_(buffer_bytes) {}

  // What was written and not yet sent.
  std::string& buffered() { return out_; }

  bool is_readable() const override { return at_ < head_.size(); }

  bool is_writable() const override {
    if (buffer_bytes_ > 0) return true;  // writes go to memory
    pollfd ready{fd_, POLLOUT, 0};
    return ::poll(&ready, 1, static_cast<int>(write_timeout_.count())) > 0 &&
           (ready.revents & POLLOUT) != 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, head_.size() - at_);
    std::memcpy(ptr, head_.data() + at_, n);
    at_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() + size <= buffer_bytes_) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!out_.empty() && send_all(out_.data(), out_.size()) < 0) return -1;
    out_.clear();
    buffer_bytes_ = 0;  // too big to keep: the rest goes straight out
    return send_all(ptr, size);
  }

  // Sends all of it, waiting up to the write timeout each time the socket is full.
  ssize_t send_all(const char* ptr, size_t size) {
    std::size_t sent = 0;
    while (sent < size) {
      const ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && is_writable()) continue;
      return -1;  // closed, failed, or the client reads too slowly
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(::getsockname, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  void address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage storage{};
    socklen_t length = sizeof(storage);
    ip.clear();
    port = 0;
    if (get(fd_, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return;
    char text[INET6_ADDRSTRLEN] = "";
    if (storage.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&storage);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
      port = ntohs(v4->sin_port);
    } else if (storage.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&storage);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  const int fd_;
  const std::string head_;
  const std::chrono::milliseconds write_timeout_;
  std::size_t buffer_bytes_;
  std::string out_;
  std::size_t at_ = 0;
};

// Sends what the socket takes now; returns how many bytes that was (fewer when it is full or
// the send failed: whoever sends the rest finds out which).
std::size_t send_without_waiting(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (!(n < 0 && errno == EINTR)) {
      break;
    }
  }
  return sent;
}

// The library's accept loop hands each socket to this queue: admitting it to the gate is
// quick and never blocks, so it runs on the accepting thread.
class AdmitQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

WorkerPool::WorkerPool(unsigned threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
  threads_.reserve(std::max(threads, 1U));
  for (unsigned i = 0; i < std::max(threads, 1U); ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { shutdown(); }

bool WorkerPool::submit(std::function<void()> work) {
  {
    MutexLock lock(mutex_);
    if (stopping_ || queue_.size() >= max_waiting_) return false;
    queue_.push_back(std::move(work));
  }
  ready_.notify_one();  // one piece of work wakes one worker, not all of them
  return true;
}

void WorkerPool::shutdown() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerPool::run() {
  for (;;) {
    std::function<void()> work;
    {
      MutexLock lock(mutex_);
      while (queue_.empty() && !stopping_) ready_.wait(mutex_);
      if (queue_.empty()) return;  // stopping, and everything queued has run
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

GatedServer::GatedServer(Config config)
    : config_(std::move(config)),
      workers_(config_.workers, config_.max_queued),
      gate_(config_.limits,
            {[this](int fd, std::string head, std::string rest) {
               auto work = [this, fd, head = std::move(head), rest = std::move(rest)]() mutable {
                 serve(fd, std::move(head), std::move(rest));
               };
               if (workers_.submit(std::move(work))) return;
               if (config_.refused) config_.refused(503);
               const std::string busy =
                   error_response(503, error_code::kOther, "the server is busy; try again");
               [[maybe_unused]] const auto sent =
                   ::send(fd, busy.data(), busy.size(), MSG_NOSIGNAL);
               gate_.close(fd);
             },
             config_.refused, config_.serves_ranges, config_.body_limit}) {
  new_task_queue = [] { return new AdmitQueue; };
}

GatedServer::~GatedServer() { drain(); }

void GatedServer::drain() {
  gate_.stop();
  workers_.shutdown();
}

bool GatedServer::process_and_close_socket(socket_t sock) {
  gate_.admit(sock);
  return true;
}

// The response is made in memory and sent without waiting: what the socket does not take at
// once (a client that reads slowly, or pipelines and never reads) the gate sends as the
// socket drains, so the worker goes on to the next request instead of waiting on this one.
void GatedServer::serve(int fd, std::string head, std::string rest) {
  HeadStream stream(fd, std::move(head), config_.write_timeout, kMaxBufferedResponseBytes);
  bool connection_closed = false;
  const bool served = process_request(stream, false, connection_closed, {});
  const bool close_after = !served || connection_closed || !is_running();
  std::string& out = stream.buffered();
  out.erase(0, send_without_waiting(fd, out));
  if (!out.empty()) {
    if (gate_.send_rest(fd, out, rest, close_after, config_.write_timeout)) return;
    // The gate holds enough already, or is stopping: send it here, as before the gate.
    if (stream.send_all(out.data(), out.size()) < 0) return gate_.close(fd);
  }
  if (close_after) return gate_.close(fd);
  gate_.park(fd, std::move(rest));
}

}  // namespace prepsearch
