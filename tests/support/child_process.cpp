// fork and exec, signals and waitpid, for the tests' child processes.
#include "child_process.h"

#include <cstdio>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "raw_http.h"

namespace prepsearch::test {

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(poll);
  }
  return true;
}

ChildProcess::ChildProcess(std::vector<std::string> argv, const ChildOutput& output) {
  pid_ = ::fork();
  if (pid_ != 0) return;
  ::setpgid(0, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  if (std::freopen(output.stdout_path.c_str(), "w", stdout) == nullptr) ::_exit(126);
  if (!output.stderr_path.empty() &&
      std::freopen(output.stderr_path.c_str(), "w", stderr) == nullptr) {
    ::_exit(126);
  }
  ::execv(args[0], args.data());
  ::_exit(127);
}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGTERM);  // the process and whatever it forked
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
  pid_ = -1;
  return false;
}

int ChildProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::unique_ptr<ChildProcess> start_listening(
    const std::function<std::vector<std::string>(int port)>& argv_for, int& port,
    const ChildOutput& output) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    port = free_port();
    auto child = std::make_unique<ChildProcess>(argv_for(port), output);
    const bool listening = wait_until(
        [&] {
          if (!child->running()) return true;  // exited: try another port
          const int probe = connect_to(port);
          if (probe >= 0) ::close(probe);
          return probe >= 0;
        },
        std::chrono::seconds(20), std::chrono::milliseconds(50));
    if (listening && child->running()) return child;
  }
  return nullptr;
}

}  // namespace prepsearch::test
