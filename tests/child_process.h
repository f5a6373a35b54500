// A child process for tests (xapian-replicate-server, xapian-tcpsrv), killed and reaped with
// whatever it forked when destroyed.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

 private:
  pid_t pid_ = -1;
};

}  // namespace prepsearch::test
