// A minimal HTTP/1.1 response reader over a blocking socket with a deadline.
#include "raw_http.h"

#include <algorithm>
#include <cctype>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace prepsearch::test {
namespace {

using Clock = std::chrono::steady_clock;

// Reads more bytes into `buffer` before `deadline`; false on close, error or timeout.
bool read_more(int fd, std::string& buffer, Clock::time_point deadline, bool& closed) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd ready{fd, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[65536];
  const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
  if (n <= 0) {
    closed = true;
    return false;
  }
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}

}  // namespace

int connect_to(int port, const std::string& source, int receive_buffer) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (receive_buffer > 0) {  // before connect(): the window the server sees follows it
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  }
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::vector<RawResponse> exchange(int port, const std::string& bytes, std::size_t expected,
                                  std::chrono::milliseconds timeout, bool head_only) {
  std::vector<RawResponse> responses;
  const int fd = connect_to(port);
  if (fd < 0) return responses;
  const auto deadline = Clock::now() + timeout;
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string buffer;
  bool closed = false;
  while (responses.size() < expected) {
    std::size_t end = buffer.find("\r\n\r\n");
    while (end == std::string::npos && read_more(fd, buffer, deadline, closed)) {
      end = buffer.find("\r\n\r\n");
    }
    if (end == std::string::npos) break;
    RawResponse response;
    response.head = buffer.substr(0, end + 2);
    if (response.head.rfind("HTTP/1.", 0) == 0 && response.head.size() > 12) {
      response.status = std::atoi(response.head.c_str() + 9);
    }
    const std::string length = header_value(response.head, "Content-Length");
    const std::size_t body_bytes = head_only || length.empty() ? 0 : std::stoul(length);
    buffer.erase(0, end + 4);
    while (buffer.size() < body_bytes && read_more(fd, buffer, deadline, closed)) {
    }
    response.body = buffer.substr(0, std::min(body_bytes, buffer.size()));
    buffer.erase(0, response.body.size());
    if (response.status >= 100 && response.status < 200) continue;  // interim: 100 Continue
    responses.push_back(std::move(response));
  }
  if (!responses.empty() && !closed) {
    // Did the server close after the last answer? Look briefly.
    const auto soon = std::min(deadline, Clock::now() + std::chrono::milliseconds(50));
    std::string rest;
    read_more(fd, rest, soon, closed);
  }
  if (!responses.empty()) responses.back().closed = closed;
  ::close(fd);
  return responses;
}

void raise_file_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

std::string client_address(std::size_t i) { return "127.0.1." + std::to_string(i % 200); }

ClientCrowd::ClientCrowd(int port, std::size_t idle, std::size_t slow) {
  raise_file_limit();
  for (std::size_t i = 0; i < idle + slow; ++i) {
    const int fd = connect_to(port, client_address(i));
    if (fd < 0) connected_ = false;
    if (fd >= 0) (i < idle ? idle_ : slow_).push_back(fd);
  }
  drip_ = std::thread([this] {
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
    for (std::size_t byte = 0; dripping_ && byte < request.size(); ++byte) {
      for (const int fd : slow_) ::send(fd, &request[byte], 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
}

ClientCrowd::~ClientCrowd() {
  dripping_ = false;
  drip_.join();
  for (const int fd : idle_) ::close(fd);
  for (const int fd : slow_) ::close(fd);
}

std::pair<std::string, bool> read_until_close(int fd, std::chrono::milliseconds timeout) {
  std::string bytes;
  bool closed = false;
  const auto deadline = Clock::now() + timeout;
  while (read_more(fd, bytes, deadline, closed)) {
  }
  return {bytes, closed};
}

int free_port() {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(probe);
  return port;
}

RawResponse exchange_one(int port, const std::string& bytes, bool head_only) {
  auto responses = exchange(port, bytes, 1, std::chrono::seconds(5), head_only);
  return responses.empty() ? RawResponse{} : responses.front();
}

std::string header_value(const std::string& head, const std::string& name) {
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string wanted = lower(name) + ":";
  for (std::size_t at = head.find("\r\n"); at != std::string::npos;
       at = head.find("\r\n", at + 2)) {
    const std::size_t end = head.find("\r\n", at + 2);
    const std::string line =
        head.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
    if (lower(line.substr(0, wanted.size())) == wanted) {
      const auto value = line.substr(wanted.size());
      const auto first = value.find_first_not_of(' ');
      return first == std::string::npos ? std::string() : value.substr(first);
    }
  }
  return {};
}

}  // namespace prepsearch::test
