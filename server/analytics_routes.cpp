// The query analytics over HTTP: the page's events in, the popular list and the query
// statistics out; who is an admin and which pages may report.
#include <algorithm>

#include "core/text.h"

#include "server/admin_token.h"
#include "server/api_errors.h"
#include "server/client_address.h"
#include "server/popular.h"
#include "server/route_params.h"
#include "server/routes.h"

namespace prepsearch {
namespace {

// "scheme://host[:port]" of a Host header, for comparing with an Origin.
bool is_same_origin(const std::string& origin, const std::string& host) {
  const auto scheme = origin.find("://");
  return scheme != std::string::npos && !host.empty() && origin.substr(scheme + 3) == host;
}

}  // namespace

bool Routes::is_admin(const httplib::Request& req) const {
  // A proxy on this machine relays other machines' requests: those are never local (the gate
  // keeps even an empty relay header).
  const bool relayed = req.has_header("X-Forwarded-For") || req.has_header("Forwarded") ||
                       req.has_header("X-Real-IP") ||
                       is_trusted_proxy(req.remote_addr, options_.trusted_proxies);
  if (options_.local_admin && is_loopback(req.remote_addr) && !relayed) return true;
  const std::string authorization = req.get_header_value("Authorization");
  const std::string_view token = bearer_token(authorization);
  return !options_.admin_token.empty() && !token.empty() && same_token(token, options_.admin_token);
}

// A page elsewhere may report events only if --cors-origin allows its origin; requests without
// an Origin (not a browser, or a same-origin GET-like beacon) pass.
bool Routes::is_allowed_origin(const httplib::Request& req) const {
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  if (is_same_origin(origin, req.get_header_value("Host"))) return true;
  const auto& allowed = options_.cors_origins;
  return std::find(allowed.begin(), allowed.end(), "*") != allowed.end() ||
         std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

// What the page reports: {"type": "search", "q"} once a query has settled (the as-you-type
// requests are not counted), {"type": "click", "q", "id", "token"} when a result is opened,
// the token being the one served with that hit. Bounded in size (the gate), and in rate per
// client.
void Routes::handle_event(const httplib::Request& req, const std::string&, httplib::Response& res) {
  if (!is_allowed_origin(req)) {
    return send_error(res, 403, error_code::kForbidden,
                      "events are taken from this site's pages and the allowed origins only");
  }
  const std::string client = client_network(client_of(req));
  if (!event_limiter_.allow(client)) {
    return send_error(res, 429, error_code::kTooManyRequests,
                      "too many events from this network; slow down");
  }
  const auto event = nlohmann::json::parse(req.body, nullptr, false);
  const auto text = [&](const char* key) {
    return event.is_object() && event.contains(key) && event[key].is_string();
  };
  const bool search = text("type") && event["type"] == "search" && text("q");
  const bool click = text("type") && event["type"] == "click" && text("q") && text("id");
  if (!search && !click) {
    throw BadRequest(error_code::kInvalidParameter,
                     R"(an event is {"type": "search", "q": the query} or {"type": "click", )"
                     R"("q": the query, "id": the document, "token": the hit's click token})");
  }
  const std::string query = event["q"];
  check_text("q", query, kMaxQueryBytes);
  if (click) return record_click(event, client, res);
  bool counted = false;
  if (options_.query_log) {
    SearchRequest request;
    request.query = query;
    request.limit = 1;
    request.snippets = false;
    const SearchResults results = service_.searcher().search(request);
    options_.query_log->record_search(query, found_nothing_as_typed(results), client);
    counted = true;
  }
  res.status = 202;
  send_json(res, Json{{"counted", counted}});
}

// A click counts only with the token served with that hit for that query.
void Routes::record_click(const nlohmann::json& event, const std::string& client,
                          httplib::Response& res) {
  const std::string query = event["q"];
  const std::string id = event["id"];
  check_text("id", id, kMaxQueryBytes);
  const std::string token = event.contains("token") && event["token"].is_string()
                                ? event["token"].get<std::string>()
                                : "";
  if (!signer_.verify(query, id, token)) {
    throw BadRequest(error_code::kInvalidParameter,
                     "`token` is not the click token served with this result for this query");
  }
  const bool counted = options_.query_log && options_.query_log->record_click(query, client);
  res.status = 202;
  send_json(res, Json{{"counted", counted}});
}

// The most searched queries, for the page's empty state: public, so only what the rules of
// popular.h let through.
void Routes::handle_popular(const httplib::Request& req, const std::string&,
                            httplib::Response& res) {
  const unsigned limit = count_param(req, "limit", 5, 1, kMaxRelated);
  Json queries = Json::array();
  if (options_.query_log) {
    for (auto& query : popular_queries(*options_.query_log, limit)) queries.push_back(query);
  }
  send_json(res, Json{{"queries", queries}});
}

// What people search for (kind=top) and what they search for in vain (kind=zero): to this
// machine, or with the admin token.
void Routes::handle_query_stats(const httplib::Request& req, const std::string&,
                                httplib::Response& res) {
  if (!is_admin(req)) {
    return send_error(res, 403, error_code::kForbidden,
                      "query statistics are served to this machine, or with the admin token");
  }
  const std::string kind = req.has_param("kind") ? req.get_param_value("kind") : "top";
  if (kind != "top" && kind != "zero")
    throw BadRequest(error_code::kInvalidParameter, "`kind` must be top or zero");
  const unsigned limit = count_param(req, "limit", 20, 1, kMaxLimit);
  Json queries = Json::array();
  if (options_.query_log) {
    const auto order =
        kind == "top" ? QueryLog::Order::kMostSearched : QueryLog::Order::kMostWithoutResults;
    for (const auto& entry : options_.query_log->top(order, limit)) {
      queries.push_back({{"q", entry.query},
                         {"searches", entry.counts.searches},
                         {"no_results", entry.counts.no_results},
                         {"clicks", entry.counts.clicks},
                         {"clients", entry.counts.clients},
                         {"clicking_clients", entry.counts.clicking_clients}});
    }
  }
  send_json(res, Json{{"kind", kind}, {"queries", queries}});
}

}  // namespace prepsearch
