// The HTTP front: limits, timeouts, security headers, CORS, access log and metrics around
// the API routes and the static web files.
#pragma once

#include <string>

#include <httplib.h>

#include "core/document.h"

#include "server/api_errors.h"
#include "server/metrics.h"
#include "server/options.h"
#include "server/routes.h"
#include "server/searcher.h"
#include "server/static_files.h"

namespace prepsearch {

// Limits that keep a slow or huge request from holding a worker.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024;  // the API takes no bodies
inline constexpr std::size_t kMaxHeaderCount = 100;
inline constexpr time_t kReadTimeoutSeconds = 5;
inline constexpr time_t kWriteTimeoutSeconds = 5;
inline constexpr time_t kKeepAliveSeconds = 5;
inline constexpr std::size_t kKeepAliveRequests = 10000;

class HttpServer {
 public:
  // Opens the index at options.db; throws Xapian::Error if it cannot be read.
  explicit HttpServer(const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds options.host:options.port (port 0: any free one). Returns the port, or -1 if the
  // address cannot be bound.
  int bind();
  // Serves until stop(); call after bind(). Returns false if the server failed.
  bool listen();
  void stop() { server_.stop(); }
  bool is_running() const { return server_.is_running(); }

 private:
  void dispatch(const httplib::Request& req, httplib::Response& res);
  void preflight(const std::string& allowed, httplib::Response& res);
  bool add_cors(const httplib::Request& req, httplib::Response& res) const;
  void serve_static(const httplib::Request& req, httplib::Response& res);
  void log(const httplib::Request& req, const httplib::Response& res);

  ServerOptions options_;
  SearchService service_;
  Metrics metrics_;
  Routes routes_;
  StaticFiles web_;
  httplib::Server server_;
};

}  // namespace prepsearch
