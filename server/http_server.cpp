// Request flow: pre-routing (limits, then API and static GETs without regex routing) →
// handlers for other methods (so their bodies are read, bounded) → error handler → logger.
#include "server/http_server.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/text.h"

namespace prepsearch {
namespace {

using Clock = std::chrono::steady_clock;
using HandlerResponse = httplib::Server::HandlerResponse;

// Per request, set by the pre-routing handler and the handler, read back by the logger.
// cpp-httplib calls all three from one Server::process_request on the thread that reads the
// request, and a request never changes threads, so each sees its own request's values.
thread_local Clock::time_point request_start;
thread_local std::string request_route;

// A port another process listens on is refused (the library's default, SO_REUSEPORT, would
// let two servers with different settings split the requests); SO_REUSEADDR still lets a
// restart bind while the old connections linger in TIME_WAIT. --reuse-port shares the port
// on purpose, for a restart without a gap.
void reuse_address(socket_t socket) {
  int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

void reuse_address_and_port(socket_t socket) {
  reuse_address(socket);
  int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof(yes));
}

// The page may load only its own files and call only its own API.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

// Static files are read-only, like every API route.
constexpr char kStaticMethods[] = "GET, HEAD, OPTIONS";

// cpp-httplib 0.11 listens with a backlog of 5, so a burst of 100 clients connecting at
// once overflows the accept queue and some connections stall until they time out. Linux
// lets listen() be called again to resize the queue; the library does not expose its
// socket, so find our listening socket by its port.
void widen_backlog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t length = sizeof(listening);
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening)
      continue;
    sockaddr_storage address{};
    socklen_t address_length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_length) != 0) continue;
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    const int bound = address.ss_family == AF_INET    ? ntohs(v4->sin_port)
                      : address.ss_family == AF_INET6 ? ntohs(v6->sin6_port)
                                                      : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

// The gate's bounds from the command line, its refusals counted like other answers.
GatedServer::Config gate_config(const ServerOptions& options, Metrics& metrics,
                                const Routes& routes) {
  GatedServer::Config config;
  const auto millis = [](double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  };
  config.limits.head_timeout = millis(options.head_timeout_seconds);
  config.limits.idle_timeout = millis(options.idle_timeout_seconds);
  config.limits.max_per_client = options.max_connections_per_client;
  config.limits.max_connections = options.max_connections;
  config.limits.max_body_bytes = kMaxBodyBytes;
  config.workers = options.threads;
  config.write_timeout = kWriteTimeout;
  // A single byte range is served for static files only: the API's answers are made per
  // request, and `Range: bytes=0-,0-,...` once multiplied a search answer 2,700 times.
  config.serves_ranges = [](std::string_view path) {
    return Routes::match(std::string(path)).path.empty();
  };
  config.body_limit = [&routes](std::string_view method, std::string_view path,
                                std::string_view authorization) {
    return routes.body_limit(method, path, authorization);
  };
  const bool quiet = options.quiet;
  config.refused = [&metrics, quiet](int status) {
    metrics.record("gate", status, 0);
    if (quiet) return;
    const std::string line = "- - " + std::to_string(status) + " refused at the gate\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
  };
  return config;
}

std::unique_ptr<QueryLog> open_query_log(const ServerOptions& options) {
  if (options.query_log == "off") return nullptr;
  const std::string path =
      options.query_log.empty() ? options.db + ".queries.json" : options.query_log;
  return std::make_unique<QueryLog>(path, options.query_log_max, options.query_log_seconds);
}

// The first line of `file`, trimmed: a secret of at least `min_bytes` visible ASCII bytes.
// Throws std::runtime_error naming the file and `what` it is otherwise.
std::string read_secret_file(const std::string& file, const std::string& what,
                             std::size_t min_bytes) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line))
    throw std::runtime_error("cannot read the " + what + " " + file);
  std::string secret(trim(line));
  if (secret.size() < min_bytes) {
    throw std::runtime_error("the " + what + " " + file + " holds fewer than " +
                             std::to_string(min_bytes) + " bytes");
  }
  if (!std::all_of(secret.begin(), secret.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    throw std::runtime_error("the " + what + " " + file +
                             " holds bytes other than visible ASCII (no spaces)");
  }
  return secret;
}

// The admin token: the file's first line, trimmed; at least 16 bytes, so that it cannot be
// guessed in the time a rate limit allows, and of the characters a Bearer token may have
// (RFC 6750), so that no percent-decoding or quoting can make another text equal it.
std::string read_admin_token(const std::string& file) {
  if (file.empty()) return {};
  std::string token = read_secret_file(file, "admin token file", 16);
  const auto allowed = [](char c) {
    return is_ascii_alnum(static_cast<unsigned char>(c)) ||
           std::string_view("-._~+/=").find(c) != std::string_view::npos;
  };
  if (!std::all_of(token.begin(), token.end(), allowed)) {
    throw std::runtime_error("the admin token in " + file +
                             " may hold only letters, digits and - . _ ~ + / =");
  }
  return token;
}

RouteOptions route_options(const ServerOptions& options, QueryLog* query_log) {
  RouteOptions routes;
  routes.query_log = query_log;
  routes.admin_token = read_admin_token(options.admin_token_file);
  routes.local_admin = options.local_admin;
  routes.trusted_proxies = options.trusted_proxies;
  routes.default_lang = options.default_lang;
  routes.cors_origins = options.cors_origins;
  routes.site_url = options.site_url;
  routes.search_rate = options.search_rate;
  routes.search_burst = options.search_burst;
  if (!options.event_key_file.empty()) {
    routes.event_key =
        read_secret_file(options.event_key_file, "event key file", kMinEventKeyBytes);
  }
  return routes;
}

}  // namespace

HttpServer::HttpServer(const ServerOptions& options)
    : options_(options),
      service_(options.db, {}, options.lexicon),
      query_log_(open_query_log(options)),
      routes_(service_, metrics_, route_options(options, query_log_.get())),
      web_(options.web),
      server_(gate_config(options_, metrics_, routes_)) {
  server_.set_tcp_nodelay(true);
  server_.set_socket_options(options.reuse_port ? reuse_address_and_port : reuse_address);
  server_.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
  // Every request here is a GET, HEAD or OPTIONS without a body, or a POST a route takes
  // (the gate refuses the rest): all are answered here, without the library's routing.
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    request_route = "unmatched";
    // A POST's body is read after this handler: the library reads it, then calls the one
    // below (the gate let through only the POSTs a route takes).
    if (req.method == "POST") return HandlerResponse::Unhandled;
    dispatch(req, res);
    return HandlerResponse::Handled;
  });
  server_.Post(".*",
               [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); });
  // Errors cpp-httplib raises itself (bad request line, URI too long) get our JSON body too.
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return HandlerResponse::Unhandled;
        send_error(res, res.status, error_code_for(res.status),
                   "request refused: " + std::string(error_code_for(res.status)));
        return HandlerResponse::Handled;
      }));
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& error) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {  // SearchError among them
          what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "prepsearch-serve: %s %s failed: %s\n", req.method.c_str(),
                     req.path.c_str(), what.c_str());
        send_error(res, 500, error_code::kInternal, "the server could not answer this request");
      });
  server_.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
}

HttpServer::~HttpServer() { server_.stop(); }

int HttpServer::bind() {
  errno = 0;
  const int port = options_.port == 0 ? server_.bind_to_any_port(options_.host)
                   : server_.bind_to_port(options_.host, options_.port) ? options_.port
                                                                        : -1;
  // The library closes the socket after a failed bind(), which leaves errno as bind() set it.
  if (port < 0) bind_error_ = errno != 0 ? std::strerror(errno) : "no such address";
  if (port > 0) widen_backlog(port);
  return port;
}

// When the accept loop ends (stop(), SIGTERM), the requests in flight are finished first.
bool HttpServer::listen() {
  const bool served = server_.listen_after_bind();
  server_.drain();
  return served;
}

void HttpServer::dispatch(const httplib::Request& req, httplib::Response& res) {
  add_cors(req, res);
  const RouteMatch match =
      Routes::match(req.path, std::string_view(req.target).substr(0, req.target.find('?')));
  if (match.path.empty()) return serve_static(req, res);
  request_route = match.path;
  if (req.method == "OPTIONS") return preflight(Routes::allowed_methods(match.path), res);
  routes_.handle(match, req, res);
}

// Browsers ask before a cross-origin request: say which origin, methods and headers may.
void HttpServer::preflight(const std::string& allowed, httplib::Response& res) {
  res.status = 204;
  res.set_header("Allow", allowed);
  if (!res.has_header("Access-Control-Allow-Origin")) return;
  res.set_header("Access-Control-Allow-Methods", allowed);
  res.set_header("Access-Control-Allow-Headers", "Content-Type");
  res.set_header("Access-Control-Max-Age", "600");
}

// Adds the CORS headers if the request's Origin is one of --cors-origin (or that is "*").
bool HttpServer::add_cors(const httplib::Request& req, httplib::Response& res) const {
  const auto& allowed = options_.cors_origins;
  if (allowed.empty()) return false;
  res.set_header("Vary", "Origin");
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return false;
  if (std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) {
    res.set_header("Access-Control-Allow-Origin", "*");
    return true;
  }
  if (std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) return false;
  res.set_header("Access-Control-Allow-Origin", origin);
  return true;
}

void HttpServer::serve_static(const httplib::Request& req, httplib::Response& res) {
  const auto file = web_.find(req.path);
  if (!file) return send_error(res, 404, error_code::kNotFound, "nothing at " + req.path);
  request_route = "static";
  if (req.method == "OPTIONS") return preflight(kStaticMethods, res);
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", kStaticMethods);
    return send_error(res, 405, error_code::kMethodNotAllowed, req.method + " is not allowed here");
  }
  if (file->content_type.rfind("text/html", 0) == 0) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  }
  // Revalidate every time, but send the bytes only when they changed.
  const std::string etag = "\"" + content_hash(file->content) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "no-cache");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  res.set_content(file->content, file->content_type.c_str());
}

// One line per request: METHOD PATH STATUS MICROSECONDS. Written with one write() so
// lines from different threads never interleave.
void HttpServer::log(const httplib::Request& req, const httplib::Response& res) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - request_start).count();
  metrics_.record(request_route, res.status, static_cast<std::uint64_t>(micros));
  if (options_.quiet) return;
  // The method and path are the client's bytes: escaped, so that no line can be forged.
  const std::string line = escape_control_bytes(req.method) + " " + escape_control_bytes(req.path) +
                           " " + std::to_string(res.status) + " " + std::to_string(micros) + "us\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace prepsearch
