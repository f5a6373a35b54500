// The API's route table and handlers: request parameters in, JSON out. No Xapian here.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/schema.h"

#include "search/searcher.h"

#include "server/click_token.h"
#include "server/metrics.h"
#include "server/query_log.h"
#include "server/rate_limiter.h"

namespace prepsearch {

// Limits on what a request may ask for; beyond them it gets a 400 (and kMaxQueryBytes,
// search/searcher.h).
inline constexpr unsigned kMaxLimit = 100;
inline constexpr unsigned kMaxOffset = 10000;
inline constexpr unsigned kMaxRelated = 20;
// POST /api/docs: the largest NDJSON batch, read only from a client that sends the admin
// token (others' bodies stop at kMaxEventBytes).
inline constexpr std::size_t kMaxBatchBytes = std::size_t{32} << 20;
// POST /api/events: the largest body, and per client a burst then a steady rate.
inline constexpr std::size_t kMaxEventBytes = 2048;
inline constexpr double kEventBurst = 20;
inline constexpr double kEventsPerSecond = 2;
// Slots of each rate limiter's table (rate_limiter.h): about a megabyte each.
inline constexpr std::size_t kRateLimiterSlots = 16384;

// Who may do what: the query log, the statistics, the rate limits, the click tokens.
struct RouteOptions {
  QueryLog* query_log = nullptr;  // null: searches are not counted
  std::string admin_token;        // opens /api/stats/; "" = none
  bool local_admin = false;       // loopback peers (not trusted proxies) need no token
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> cors_origins;  // origins whose events are taken ("*": any)
  double search_rate = 0;                 // searches a second per client; 0 = no limit
  double search_burst = 1;
  std::string event_key;                                // signs click tokens; "" = a random key
  std::string default_lang = schema::kDefaultLanguage;  // the reader's, when a search sends none
  std::string site_url;  // a path url links under it (--site-url); "" = no links
};

class Routes;

// One row of the route table. A GET route answers HEAD too, and every route answers the
// CORS preflight (OPTIONS). "{id}" in a path takes what lies between the text before it and
// the text after it (slashes included) as that parameter; routes are tried in table order.
struct Route {
  const char* method;  // "GET"
  const char* path;    // as in docs/openapi.yaml: "/api/docs/{id}"
  void (Routes::*handler)(const httplib::Request& req, const std::string& param,
                          httplib::Response& res);
  std::size_t max_body = 0;  // a POST's largest body
  bool writes = false;       // a write: taken only with an admin token
};

// A request path matched to the table: the route's path and its {id} parameter, if any.
struct RouteMatch {
  std::string path;   // the route's template; "" when no route has this path
  std::string param;  // the {id} part, already percent-decoded by cpp-httplib
};

class Routes {
 public:
  Routes(SearchService& service, const Metrics& metrics, RouteOptions options = {})
      : service_(service),
        metrics_(metrics),
        options_(std::move(options)),
        signer_(options_.event_key),
        search_limiter_(options_.search_rate, options_.search_burst, kRateLimiterSlots) {}

  // The route table, one route a line: matching, dispatch, the Allow header and the
  // OpenAPI parity test (tests/system/openapi_test.cpp) all read it.
  static const std::vector<Route>& table();

  // The route `path` (percent-decoded) falls under; RouteMatch::path is "" if none.
  // `raw_path`, the path as sent, tells a {id} holding "%2F" from a route's own slashes.
  static RouteMatch match(const std::string& path, std::string_view raw_path = {});

  // The methods a route path answers, for the Allow header: "GET, HEAD, OPTIONS".
  static std::string allowed_methods(const std::string& route_path);

  // What the gate lets through (BodyLimit, request_head.h): the methods `path` takes, with a
  // POST's largest body; a write route only when the server has an admin token, and a body
  // over kMaxEventBytes only with that token in `authorization`.
  std::optional<std::size_t> body_limit(std::string_view method, std::string_view path,
                                        std::string_view authorization) const;

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
  void handle_write(const httplib::Request& req, const std::string& param, httplib::Response& res);
  void handle_delete(const httplib::Request& req, const std::string& id, httplib::Response& res);
  // 401 (no token) or 403 (another) unless `req` has the admin token; false if refused.
  bool may_write(const httplib::Request& req, httplib::Response& res) const;
  // Runs `write` as the one writer: 429 at once if another write is under way (a waiting
  // write would hold a worker that searches need), 409 if prepsearch-index writes, 500 if
  // the write fails; then makes it visible to the next search.
  template <typename Write>
  void as_writer(httplib::Response& res, const Write& write);
  // True for a request with the admin token, or with --local-admin from a loopback peer that
  // is not a trusted proxy.
  bool is_admin(const httplib::Request& req) const;
  // The client's address: the peer's, or what a trusted proxy relays.
  std::string client_of(const httplib::Request& req) const;
  // True if a browser sent `req` from a page of this site or of an allowed origin.
  bool is_allowed_origin(const httplib::Request& req) const;
  void record_click(const nlohmann::json& event, const std::string& client, httplib::Response& res);

  SearchService& service_;
  const Metrics& metrics_;
  const RouteOptions options_;
  const ClickSigner signer_;
  RateLimiter search_limiter_;
  RateLimiter event_limiter_{kEventsPerSecond, kEventBurst, kRateLimiterSlots};
  std::mutex writer_;  // one write at a time in this process (the index lock: across)
};

}  // namespace prepsearch
