// The HTTP front: limits, timeouts, security headers, CORS, access log and metrics around
// the API routes and the static web files.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <httplib.h>

#include "core/document.h"

#include "search/searcher.h"

#include "server/api_errors.h"
#include "server/gated_server.h"
#include "server/metrics.h"
#include "server/options.h"
#include "server/query_log.h"
#include "server/routes.h"
#include "server/static_files.h"

namespace prepsearch {

// The largest request body announced before it is refused with 413 (the API takes none: any
// other body gets 405 without being read). Head limits: request_head.h; timeouts and
// connection bounds: ServerOptions.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024;
// A client that does not take a response's bytes within this is cut off.
inline constexpr std::chrono::milliseconds kWriteTimeout{5000};

class HttpServer {
 public:
  // Opens the index at options.db; throws SearchError if it cannot be read, and
  // std::runtime_error naming the file or folder if the admin token or event key file cannot
  // be read or holds a bad secret, or the query log or --web folder cannot be used.
  explicit HttpServer(const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds options.host:options.port (port 0: any free one). Returns the port, or -1 if the
  // address cannot be bound (bind_error() says why: a port in use is refused unless
  // options.reuse_port).
  int bind();
  const std::string& bind_error() const { return bind_error_; }
  // Serves until stop(); call after bind(). Returns false if the server failed.
  bool listen();
  void stop() { server_.stop(); }
  bool is_running() const { return server_.is_running(); }
  // Connections open now (waiting in the gate or being answered).
  std::size_t open_connections() const { return server_.open_connections(); }

 private:
  void dispatch(const httplib::Request& req, httplib::Response& res);
  void preflight(const std::string& allowed, httplib::Response& res);
  bool add_cors(const httplib::Request& req, httplib::Response& res) const;
  void serve_static(const httplib::Request& req, httplib::Response& res);
  void log(const httplib::Request& req, const httplib::Response& res);

  ServerOptions options_;
  SearchService service_;
  Metrics metrics_;
  std::unique_ptr<QueryLog> query_log_;  // null with --query-log off
  Routes routes_;
  StaticFiles web_;
  GatedServer server_;
  std::string bind_error_;
};

}  // namespace prepsearch
