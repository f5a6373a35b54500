// The nginx deployment (deploy/nginx/prepsearch.conf) in front of two replicas, all on
// 127.0.0.1: the hostile catalogue and the slow clients through it, and a replica stopped in
// the middle of a stream of searches.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "hostile_catalogue.h"
#include "raw_http.h"
#include "running_server.h"
#include "search_fixture.h"

namespace {

using prepsearch::test::exchange_one;

constexpr char kNginx[] = "/usr/sbin/nginx";
const std::string kSearch =
    "GET /api/search?q=django HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// nginx with the deployment's server block, listening on `port` and balancing over the two
// replica ports; stopped when destroyed.
class RunningNginx {
 public:
  RunningNginx(int port, int first, int second) : port_(port) {
    std::string site =
        prepsearch::test::read_file(prepsearch::test::source_path("deploy/nginx/prepsearch.conf"));
    site = replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port) + ";");
    site = replace(site, "127.0.0.1:8081", "127.0.0.1:" + std::to_string(first));
    site = replace(site, "127.0.0.1:8082", "127.0.0.1:" + std::to_string(second));
    // The catalogue sends 1,700 requests a second from one address: above the shipped rate.
    site = replace(site, "rate=50r/s", "rate=100000r/s");
    prepsearch::test::write_file(dir_ / "site.conf", site);
    const std::string d = dir_.path();
    prepsearch::test::write_file(
        dir_ / "nginx.conf",
        "worker_processes 1;\nworker_rlimit_nofile 8192;\npid " + d + "/nginx.pid;\nerror_log " +
            d + "/error.log;\n" +
            "events { worker_connections 4096; }\nhttp {\n  access_log off;\n" +
            "  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n" +
            "  fastcgi_temp_path " + d + "/f;\n  uwsgi_temp_path " + d + "/u;\n" +
            "  scgi_temp_path " + d + "/s;\n  include " + d + "/site.conf;\n}\n");
    const auto check =
        prepsearch::test::run_command(kNginx, {"-t", "-q", "-c", dir_ / "nginx.conf"});
    INFO(check.output);
    REQUIRE(check.status == 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl(kNginx, kNginx, "-c", (dir_ / "nginx.conf").c_str(), "-g", "daemon off;",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && exchange_one(port, kSearch).status == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~RunningNginx() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  RunningNginx(const RunningNginx&) = delete;
  RunningNginx& operator=(const RunningNginx&) = delete;
  int port() const { return port_; }

 private:
  prepsearch::test::ScratchDir dir_;
  int port_;
  pid_t pid_ = -1;
};

bool have_nginx() {
  if (::access(kNginx, X_OK) == 0) return true;
  if (std::getenv("PREPSEARCH_REQUIRE_BROWSER") != nullptr) FAIL("nginx is not installed");
  WARN("nginx is not installed: skipped (make test installs nginx-light)");
  return false;
}

}  // namespace

TEST_CASE("through nginx: the hostile catalogue, slow clients, and a replica stopped",
          "[nginx][hostile]") {
  if (!have_nginx()) return;
  prepsearch::test::SearchFixture fixture(prepsearch::test::kHostilePayloads);
  prepsearch::test::HostileWeb web;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.web = web.path();
  options.cors_origins = {"https://good.example"};
  auto first = std::make_unique<prepsearch::test::RunningServer>(options);
  prepsearch::test::RunningServer second(options);
  RunningNginx nginx(prepsearch::test::free_port(), first->port(), second.port());
  REQUIRE(exchange_one(nginx.port(), kSearch).status == 200);

  SECTION("the hostile catalogue") { prepsearch::test::run_hostile_catalogue(nginx.port(), true); }

  SECTION("1,000 idle and 200 slow clients do not stop a search from being answered") {
    prepsearch::test::ClientCrowd crowd(nginx.port(), 1000, 200);
    REQUIRE(crowd.all_connected());
    for (int i = 0; i < 5; ++i) CHECK(exchange_one(nginx.port(), kSearch).status == 200);
  }

  SECTION("a replica stopped during a stream of searches loses no request") {
    int answered = 0;
    for (int i = 0; i < 200; ++i) {
      if (i == 50) first.reset();  // stops it: its port now refuses connections
      if (exchange_one(nginx.port(), kSearch).status == 200) ++answered;
    }
    CHECK(answered == 200);
  }
}
