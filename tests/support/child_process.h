// The one way tests run a program apart and wait for something: a child process (the real
// prepsearch-serve and prepsearch-index, nginx, xapian-tcpsrv, xapian-replicate-server) and
// wait_until. run_command (test_support.h) is for a program run to its end.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/types.h>

namespace prepsearch::test {

// Polls `done` every `poll` until it is true or `timeout` has passed; returns its last answer.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds(10));

struct ChildOutput {
  std::string stdout_path = "/dev/null";
  std::string stderr_path;  // "": the test's own stderr
};

// A program started in a process group of its own (xapian-replicate-server ends its forked
// children by signalling its whole group, which must not be the test's). Destroyed while it
// runs, it and whatever it forked get SIGTERM, and it is reaped.
class ChildProcess {
 public:
  // Runs argv[0] (a path) with the rest as its arguments.
  explicit ChildProcess(std::vector<std::string> argv, const ChildOutput& output = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // False once the process has exited (it is reaped then).
  bool running();
  // Sends `signal` to the process alone and waits for it to end; the wait status (waitpid's),
  // or -1 if it had already been reaped.
  int stop(int signal = SIGTERM);

 private:
  pid_t pid_ = -1;
};

// Starts `argv_for(port)`, a server that listens on `port` of 127.0.0.1, on a port free a
// moment before, and waits until it accepts connections. Tests run in parallel, and another
// may take the port between that check and the bind: then the server exits, and another
// port is tried (5 in all). Returns nullptr if none came up; `port` is the one in use.
std::unique_ptr<ChildProcess> start_listening(
    const std::function<std::vector<std::string>(int port)>& argv_for, int& port,
    const ChildOutput& output = {});

}  // namespace prepsearch::test
