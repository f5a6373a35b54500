// nginx with the deployment's configuration (deploy/nginx/prepsearch.conf) in front of two
// replicas, as a process on 127.0.0.1, for the tests that go through it.
#pragma once

#include <memory>
#include <string>

#include "child_process.h"
#include "test_support.h"

namespace prepsearch::test {

// nginx listening on a free port of 127.0.0.1, balancing over the replica ports `first` and
// `second`; stopped when destroyed. The request rate per address is raised for tests that send
// thousands.
class RunningNginx {
 public:
  RunningNginx(int first, int second);
  ~RunningNginx();
  RunningNginx(const RunningNginx&) = delete;
  RunningNginx& operator=(const RunningNginx&) = delete;
  int port() const { return port_; }

 private:
  ScratchDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> nginx_;
};

// True if nginx is installed; fails the test if it is not and PREPSEARCH_REQUIRE_BROWSER (set
// by `make test`) says every tool must be there, else warns that the test is skipped.
bool have_nginx();

}  // namespace prepsearch::test
