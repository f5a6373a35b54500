// One epoll thread reads every waiting connection without blocking; workers only ever get
// a connection with a whole, checked request head.
#include "server/connection_gate.h"

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/api_errors.h"
#include "server/request_head.h"

namespace prepsearch {
namespace {

// After an error answer the connection is read and discarded for this long (at most
// kMaxDrainBytes) before it is closed: closing with unread bytes would reset the connection
// and could destroy the answer before the client reads it.
constexpr std::chrono::milliseconds kLinger{2000};
constexpr std::size_t kMaxDrainBytes = std::size_t{1} << 20;
// How often deadlines are checked.
constexpr int kTickMilliseconds = 100;

std::string peer_address(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = "?";
  if (address.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address)->sin_addr, text, sizeof(text));
  } else if (address.ss_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr, text,
                sizeof(text));
  }
  return text;
}

// Best effort: an error answer is small enough for an empty socket buffer.
void send_now(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace

ConnectionGate::ConnectionGate(const GateLimits& limits, Hooks hooks)
    : limits_(limits), hooks_(std::move(hooks)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  thread_ = std::thread([this] { run(); });
}

ConnectionGate::~ConnectionGate() {
  stop();
  ::close(epoll_);
  ::close(wake_);
}

void ConnectionGate::admit(int fd) {
  if (stopping_) {
    ::close(fd);
    return;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
  const int on = 1;  // answers go out at once, not after the client's delayed ACK
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  const std::string address = peer_address(fd);
  bool over = false;
  int evicted = -1;
  {
    MutexLock lock(mutex_);
    // At the cap, an idle connection makes room: a crowd of idle sockets never locks out a
    // client with a request to make.
    if (address_of_.size() >= limits_.max_connections) evicted = evict_idle();
    std::size_t& count = per_address_[address];
    over = address_of_.size() >= limits_.max_connections || count >= limits_.max_per_client;
    if (!over) {
      ++count;
      address_of_[fd] = address;
    } else if (count == 0) {
      per_address_.erase(address);
    }
  }
  if (evicted >= 0) ::close(evicted);
  if (over) {
    // Not counted: answered and closed at once, reading what already came so the answer
    // is not lost to a reset.
    char discard[4096];
    while (::recv(fd, discard, sizeof(discard), 0) > 0) {
    }
    if (hooks_.refused) hooks_.refused(503);
    send_now(fd, error_response(503, error_code::kOther,
                                "too many connections from this address; try again"));
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
    return;
  }
  watch(fd, {{}, Clock::now() + limits_.head_timeout, false, 0});
}

void ConnectionGate::park(int fd, std::string pending) {
  if (stopping_) return release(fd);
  if (const auto end = head_end(pending); end != std::string::npos) {
    if (is_whole(pending, end)) return hand_on(fd, pending);
  } else if (pending.size() > kMaxHeadBytes) {
    return refuse(fd, 431, error_code::kHeadersTooLarge,
                  over_bytes("the request head", kMaxHeadBytes));
  }
  const auto wait = pending.empty() ? limits_.idle_timeout : limits_.head_timeout;
  watch(fd, {std::move(pending), Clock::now() + wait, false, 0});
}

void ConnectionGate::close(int fd) { release(fd); }

bool ConnectionGate::send_rest(int fd, std::string& outgoing, std::string& rest, bool close_after,
                               std::chrono::milliseconds timeout) {
  if (stopping_ || outgoing_bytes_ + outgoing.size() > kMaxOutgoingBytes) return false;
  outgoing_bytes_ += outgoing.size();
  Waiting waiting{std::move(rest), Clock::now() + timeout, false, 0};
  waiting.outgoing = std::move(outgoing);
  waiting.close_after = close_after;
  watch(fd, std::move(waiting));
  return true;
}

// True if `fd` is sending a response for a worker (it is then handled): more of it is sent,
// and once it is all out the connection closes or waits for its next request.
bool ConnectionGate::finish_writing(int fd) {
  std::string rest;
  bool close_after = false;
  {
    MutexLock lock(mutex_);
    const auto found = waiting_.find(fd);
    if (found == waiting_.end() || found->second.outgoing.empty()) return false;
    bool failed = false;
    if (!write_some(fd, found->second, failed)) return true;  // the socket is full: wait
    close_after = found->second.close_after || failed;
    rest = std::move(found->second.bytes);
    unwatch(fd);
  }
  if (close_after) {
    release(fd);
  } else {
    park(fd, std::move(rest));
  }
  return true;
}

bool ConnectionGate::write_some(int fd, Waiting& waiting, bool& failed) {
  std::string& out = waiting.outgoing;
  std::size_t sent = 0;
  failed = false;
  while (sent < out.size()) {
    const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      failed = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
      break;
    }
  }
  outgoing_bytes_ -= sent;
  out.erase(0, sent);
  return out.empty() || failed;
}

void ConnectionGate::stop() {
  if (stopping_.exchange(true)) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_, &one, sizeof(one));
  if (thread_.joinable()) thread_.join();
  std::vector<int> open;
  {
    MutexLock lock(mutex_);
    // Answers still going out are finished first (within kLinger in all): a shutdown cuts
    // no answer short.
    const auto until = Clock::now() + kLinger;
    for (auto& [fd, waiting] : waiting_) {
      bool failed = false;
      while (!waiting.outgoing.empty() && Clock::now() < until &&
             !write_some(fd, waiting, failed)) {
        pollfd ready{fd, POLLOUT, 0};
        ::poll(&ready, 1, kTickMilliseconds);
      }
      open.push_back(fd);
    }
  }
  for (const int fd : open) release(fd);
}

std::size_t ConnectionGate::open_connections() const {
  MutexLock lock(mutex_);
  return address_of_.size();
}

void ConnectionGate::run() {
  epoll_event events[256];
  while (!stopping_) {
    const int ready = ::epoll_wait(epoll_, events, 256, kTickMilliseconds);
    for (int i = 0; i < ready; ++i) {
      const int fd = events[i].data.fd;
      if (fd != wake_ && !finish_writing(fd)) on_readable(fd);
    }
    std::vector<std::pair<int, Waiting>> expired;
    {
      MutexLock lock(mutex_);
      const auto now = Clock::now();
      for (auto it = waiting_.begin(); it != waiting_.end();) {
        if (it->second.deadline > now) {
          ++it;
          continue;
        }
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->first, nullptr);
        expired.emplace_back(it->first, std::move(it->second));
        it = waiting_.erase(it);
      }
    }
    for (auto& [fd, waiting] : expired) on_deadline(fd, waiting);
  }
}

void ConnectionGate::on_readable(int fd) {
  std::string bytes;
  enum { kWaiting, kComplete, kTooLarge, kClosed } outcome = kWaiting;
  {
    MutexLock lock(mutex_);
    const auto found = waiting_.find(fd);
    if (found == waiting_.end()) return;  // a worker has it now
    Waiting& waiting = found->second;
    char buffer[8192];
    while (outcome == kWaiting) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n <= 0) {
        outcome = kClosed;
        break;
      }
      const auto size = static_cast<std::size_t>(n);
      if (waiting.draining) {
        waiting.drained += size;
        if (waiting.drained > kMaxDrainBytes) outcome = kClosed;
        continue;
      }
      // The first byte of a request starts its head's clock (an idle keep-alive
      // connection waited on the shorter idle one).
      if (waiting.bytes.empty()) waiting.deadline = Clock::now() + limits_.head_timeout;
      waiting.bytes.append(buffer, size);
      if (const auto end = head_end(waiting.bytes); end != std::string::npos) {
        bool wants_continue = false;
        if (is_whole(waiting.bytes, end, &wants_continue)) outcome = kComplete;
        if (wants_continue && !waiting.continued) {
          send_now(fd, "HTTP/1.1 100 Continue\r\n\r\n");
          waiting.continued = true;
        }
      } else if (waiting.bytes.size() > kMaxHeadBytes) {
        outcome = kTooLarge;
      }
    }
    if (outcome == kWaiting) return;
    bytes = std::move(waiting.bytes);
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    waiting_.erase(found);
  }
  if (outcome == kClosed) return release(fd);
  if (outcome == kComplete) return hand_on(fd, bytes);
  // No line end within the limit: the request line itself is too long.
  if (bytes.find('\n') == std::string::npos) {
    return refuse(fd, 414, error_code::kUriTooLong, over_bytes("the request line", kMaxHeadBytes));
  }
  refuse(fd, 431, error_code::kHeadersTooLarge, over_bytes("the request head", kMaxHeadBytes));
}

void ConnectionGate::on_deadline(int fd, Waiting& waiting) {
  if (!waiting.outgoing.empty()) {  // the client did not take its response in time
    outgoing_bytes_ -= waiting.outgoing.size();
    return release(fd);
  }
  if (waiting.draining || waiting.bytes.empty()) return release(fd);
  refuse(fd, 408, error_code::kOther, "the request head took too long");
}

// True once `bytes`, whose head ends at `end`, hold the whole request: a POST the routes take
// comes with its body, so wait for all of it. Only a head starting "POST " is checked here
// (check_head says how long an accepted body is), so other requests are parsed once.
// `wants_continue` is set for an accepted POST still waiting for its body whose client asked
// (Expect: 100-continue) to be told to send it.
bool ConnectionGate::is_whole(std::string_view bytes, std::size_t end, bool* wants_continue) const {
  const std::string_view head = bytes.substr(0, end);
  if (head.substr(0, 5) != "POST " || !hooks_.body_limit) return true;
  const HeadVerdict verdict =
      check_head(head, limits_.max_body_bytes, hooks_.serves_ranges, hooks_.body_limit);
  const bool whole = verdict.status != 0 || bytes.size() >= end + verdict.body_bytes;
  if (!whole && wants_continue) *wants_continue = verdict.continue_expected;
  return whole;
}

void ConnectionGate::hand_on(int fd, const std::string& bytes) {
  const std::size_t end = head_end(bytes);
  HeadVerdict verdict = check_head(std::string_view(bytes).substr(0, end), limits_.max_body_bytes,
                                   hooks_.serves_ranges, hooks_.body_limit);
  if (verdict.status != 0) {
    return refuse(fd, verdict.status, verdict.code, verdict.message, verdict.allow);
  }
  const std::size_t body_end = end + verdict.body_bytes;
  hooks_.serve(fd, verdict.head.append(bytes, end, verdict.body_bytes), bytes.substr(body_end));
}

void ConnectionGate::refuse(int fd, int status, const char* code, const std::string& message,
                            const std::string& allow) {
  if (hooks_.refused) hooks_.refused(status);
  send_now(fd, error_response(status, code, message, allow));
  ::shutdown(fd, SHUT_WR);
  if (stopping_) return release(fd);
  watch(fd, {{}, Clock::now() + kLinger, true, 0});
}

void ConnectionGate::watch(int fd, Waiting waiting) {
  {
    MutexLock lock(mutex_);
    epoll_event event{};
    // Sending for a worker, the gate waits for room in the socket; otherwise for bytes.
    event.events = (waiting.outgoing.empty() ? EPOLLIN : EPOLLOUT) | EPOLLRDHUP;
    event.data.fd = fd;
    waiting_[fd] = std::move(waiting);
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) == 0 && !stopping_) return;
  }
  release(fd);
}

// The idle connection (waiting with nothing sent: between keep-alive requests, or never used)
// of the address that holds the most connections, taken out of the gate; -1 if none is idle.
// A scan of the waiting connections, made only at the cap.
int ConnectionGate::evict_idle() {
  int victim = -1;
  std::size_t most = 0;
  for (const auto& [fd, waiting] : waiting_) {
    if (!waiting.bytes.empty() || waiting.draining || !waiting.outgoing.empty()) continue;
    const std::size_t held = per_address_[address_of_[fd]];
    if (held > most) victim = fd, most = held;
  }
  if (victim >= 0) forget(victim);
  return victim;  // closed by the caller, outside the lock
}

void ConnectionGate::unwatch(int fd) {
  const auto found = waiting_.find(fd);
  if (found == waiting_.end()) return;
  outgoing_bytes_ -= found->second.outgoing.size();
  waiting_.erase(found);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
}

void ConnectionGate::forget(int fd) {
  unwatch(fd);
  const auto found = address_of_.find(fd);
  if (found == address_of_.end()) return;
  const auto count = per_address_.find(found->second);
  if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  address_of_.erase(found);
}

void ConnectionGate::release(int fd) {
  {
    MutexLock lock(mutex_);
    forget(fd);
  }
  ::close(fd);
}

}  // namespace prepsearch
