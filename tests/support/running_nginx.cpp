// Writing nginx.conf around the deployment's server block, and running nginx.
#include "running_nginx.h"

#include <chrono>
#include <cstdlib>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "raw_http.h"

namespace prepsearch::test {
namespace {

constexpr char kNginx[] = "/usr/sbin/nginx";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// nginx.conf and site.conf in `dir` for nginx on `port` in front of `first` and `second`.
void write_config(const ScratchDir& dir, int port, int first, int second) {
  std::string site =
      prepsearch::test::read_file(prepsearch::test::source_path("deploy/nginx/prepsearch.conf"));
  site = replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port) + ";");
  // The shipped upstream is the packaged server (8080); the tests run two replicas.
  const std::string upstream = "server 127.0.0.1:8080 max_fails=1 fail_timeout=10s;";
  site =
      replace(site, upstream,
              "server 127.0.0.1:" + std::to_string(first) +
                  " max_fails=1 fail_timeout=10s;\n    server 127.0.0.1:" + std::to_string(second) +
                  " max_fails=1 fail_timeout=10s;");
  // The catalogue sends 1,700 requests a second from one address: above the shipped rate.
  site = replace(site, "rate=50r/s", "rate=100000r/s");
  prepsearch::test::write_file(dir / "site.conf", site);
  const std::string& d = dir.path();
  prepsearch::test::write_file(
      dir / "nginx.conf",
      "worker_processes 1;\nworker_rlimit_nofile 8192;\npid " + d + "/nginx.pid;\nerror_log " + d +
          "/error.log;\n" + "events { worker_connections 4096; }\nhttp {\n  access_log off;\n" +
          "  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n" +
          "  fastcgi_temp_path " + d + "/f;\n  uwsgi_temp_path " + d + "/u;\n" +
          "  scgi_temp_path " + d + "/s;\n  include " + d + "/site.conf;\n}\n");
}

}  // namespace

// On a port free a moment before; another test may take it first, so start_listening tries
// again on another.
RunningNginx::RunningNginx(int first, int second) {
  write_config(dir_, free_port(), first, second);
  const auto check = prepsearch::test::run_command(kNginx, {"-t", "-q", "-c", dir_ / "nginx.conf"});
  INFO(check.output);
  REQUIRE(check.status == 0);
  nginx_ = start_listening(
      [&](int port) {
        write_config(dir_, port, first, second);
        return std::vector<std::string>{kNginx, "-c", dir_ / "nginx.conf", "-g", "daemon off;"};
      },
      port_);
  INFO(read_file(dir_ / "error.log"));
  REQUIRE(nginx_);
}

RunningNginx::~RunningNginx() = default;

bool have_nginx() {
  if (::access(kNginx, X_OK) == 0) return true;
  if (std::getenv("PREPSEARCH_REQUIRE_BROWSER") != nullptr) FAIL("nginx is not installed");
  WARN("nginx is not installed: skipped (make test installs nginx-light)");
  return false;
}

}  // namespace prepsearch::test
