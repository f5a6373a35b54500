// The API's route table and handlers: request parameters in, JSON out. No Xapian here.
#pragma once

#include <string>
#include <vector>

#include <httplib.h>

#include "server/event_limiter.h"
#include "server/metrics.h"
#include "server/query_log.h"
#include "server/searcher.h"

namespace prepsearch {

// Limits on what a request may ask for; beyond them it gets a 400.
inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr unsigned kMaxLimit = 100;
inline constexpr unsigned kMaxOffset = 10000;
inline constexpr unsigned kMaxRelated = 20;
// POST /api/events: the largest body, and per client address a burst then a steady rate.
inline constexpr std::size_t kMaxEventBytes = 2048;
inline constexpr double kEventBurst = 20;
inline constexpr double kEventsPerSecond = 2;
inline constexpr std::size_t kMaxEventClients = 10000;
// GET /api/popular lists only queries searched at least this often, most of them with results.
inline constexpr std::uint64_t kMinPopularSearches = 3;

class Routes;

// One row of the route table. A GET route answers HEAD too, and every route answers the
// CORS preflight (OPTIONS). "{id}" in a path takes what lies between the text before it and
// the text after it (slashes included) as that parameter; routes are tried in table order.
struct Route {
  const char* method;  // "GET"
  const char* path;    // as in docs/openapi.yaml: "/api/docs/{id}"
  void (Routes::*handler)(const httplib::Request& req, const std::string& param,
                          httplib::Response& res);
};

// A request path matched to the table: the route's path and its {id} parameter, if any.
struct RouteMatch {
  std::string path;   // the route's template; "" when no route has this path
  std::string param;  // the {id} part, already percent-decoded by cpp-httplib
};

class Routes {
 public:
  // `query_log` (may be null) counts searches; `admin_token` ("" for none) opens /api/stats/
  // to clients other than this machine.
  Routes(SearchService& service, const Metrics& metrics, QueryLog* query_log = nullptr,
         std::string admin_token = {})
      : service_(service),
        metrics_(metrics),
        query_log_(query_log),
        admin_token_(std::move(admin_token)) {}

  // The route table, one route a line: matching, dispatch, the Allow header and the
  // OpenAPI parity test (tests/openapi_test.cpp) all read it.
  static const std::vector<Route>& table();

  // The route `path` falls under; RouteMatch::path is "" if none.
  static RouteMatch match(const std::string& path);

  // The methods a route path answers, for the Allow header: "GET, HEAD, OPTIONS".
  static std::string allowed_methods(const std::string& route_path);

  // The largest body a POST to `path` may carry: kMaxEventBytes on a POST route, else 0 (the
  // gate refuses the POST).
  static std::size_t post_body_limit(std::string_view path);

  // Answers `req` on the matched route: a method the table lists for the path is served,
  // others get 405 with Allow; bad parameters get 400 and an unknown document 404, as JSON.
  void handle(const RouteMatch& match, const httplib::Request& req, httplib::Response& res);

 private:
  void handle_search(const httplib::Request& req, const std::string& param, httplib::Response& res);
  void handle_doc(const httplib::Request& req, const std::string& id, httplib::Response& res);
  void handle_related(const httplib::Request& req, const std::string& id, httplib::Response& res);
  void handle_suggest(const httplib::Request& req, const std::string& param,
                      httplib::Response& res);
  void handle_healthz(const httplib::Request& req, const std::string& param,
                      httplib::Response& res);
  void handle_metrics(const httplib::Request& req, const std::string& param,
                      httplib::Response& res);
  void handle_opensearch(const httplib::Request& req, const std::string& param,
                         httplib::Response& res);
  void handle_query_stats(const httplib::Request& req, const std::string& param,
                          httplib::Response& res);
  void handle_event(const httplib::Request& req, const std::string& param, httplib::Response& res);
  void handle_popular(const httplib::Request& req, const std::string& param,
                      httplib::Response& res);
  // True for a client on this machine (loopback, not relayed by a proxy) or one that sends
  // the admin token.
  bool is_admin(const httplib::Request& req) const;

  SearchService& service_;
  const Metrics& metrics_;
  QueryLog* query_log_;
  std::string admin_token_;
  EventLimiter event_limiter_{kEventsPerSecond, kEventBurst, kMaxEventClients};
};

}  // namespace prepsearch
