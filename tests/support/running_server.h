// prepsearch-serve's HttpServer started in-process on an ephemeral port, for tests over
// real sockets (cpp-httplib 0.11 has no wait_until_ready(): poll is_running()).
#pragma once

#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/http_server.h"

namespace prepsearch::test {

class RunningServer {
 public:
  // Serves `options` (port and quiet overridden) until destroyed. Every test client comes from
  // one address, so the per-client search limit is off unless `limit_searches`.
  explicit RunningServer(ServerOptions options, bool limit_searches = false);
  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  httplib::Client client() const;
  int port() const { return port_; }
  // Connections the server holds now (waiting in its gate or being answered).
  std::size_t open_connections() const { return server_->open_connections(); }

 private:
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::thread thread_;
};

// GETs `path`, checks the status and the JSON headers every API answer carries, and
// returns the parsed body.
nlohmann::json get_json(httplib::Client& client, const std::string& path, int expected_status);

}  // namespace prepsearch::test
