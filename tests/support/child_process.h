// A child process for tests (xapian-replicate-server, xapian-tcpsrv), killed and reaped with
// whatever it forked when destroyed.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "raw_http.h"

namespace prepsearch::test {

class ChildProcess {
 public:
  // Runs argv[0] (a path) with its stdout sent to /dev/null.
  explicit ChildProcess(std::vector<std::string> argv) {
    pid_ = ::fork();
    if (pid_ == 0) {
      // A group of its own: xapian-replicate-server ends its forked children by signalling
      // its whole process group, which must not be this test's.
      ::setpgid(0, 0);
      std::vector<char*> args;
      args.reserve(argv.size() + 1);
      for (auto& arg : argv) args.push_back(arg.data());
      args.push_back(nullptr);
      if (std::freopen("/dev/null", "w", stdout) == nullptr) ::_exit(126);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the process and whatever it forked
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // False once the process has exited (it is reaped then).
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
    pid_ = -1;
    return false;
  }

 private:
  pid_t pid_ = -1;
};

// Starts `argv_for(port)`, a server that listens on `port` of 127.0.0.1, on a port free a
// moment before, and waits until it accepts connections. Tests run in parallel, and another
// may take the port between that check and the bind: then the server exits, and another
// port is tried (5 in all). Returns nullptr if none came up; `port` is the one in use.
inline std::unique_ptr<ChildProcess> start_listening(
    const std::function<std::vector<std::string>(int port)>& argv_for, int& port) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    port = free_port();
    auto child = std::make_unique<ChildProcess>(argv_for(port));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (child->running() && std::chrono::steady_clock::now() < deadline) {
      const int probe = connect_to(port);
      if (probe >= 0) {
        ::close(probe);
        return child;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return nullptr;
}

}  // namespace prepsearch::test
