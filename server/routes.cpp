// Validating parameters and calling the searcher; every failure is a JSON error.
#include "server/routes.h"

#include <algorithm>
#include <chrono>
#include <regex>

#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "search/search_json.h"

#include "server/api_errors.h"
#include "server/client_address.h"
#include "server/popular.h"
#include "server/route_params.h"

namespace prepsearch {
namespace {

constexpr std::size_t kMaxFilterBytes = 200;
constexpr char kParamMarker[] = "{id}";

// `lang`: the language the query is written in, one of the documents' languages, or none.
std::string lang_param(const httplib::Request& req) {
  std::string lang = text_param(req, "lang");
  const auto& field = schema::field(schema::FieldId::kLanguage);
  if (!lang.empty() && !is_allowed(field, lang)) {
    throw BadRequest(error_code::kInvalidParameter,
                     "`lang` must be " + schema::describe_choices(*field.choices));
  }
  return lang;
}

Filters filter_params(const httplib::Request& req) {
  Filters filters;
  for (const auto& field : schema::filter_params()) {
    const std::size_t count = req.get_param_value_count(field.c_str());
    for (std::size_t i = 0; i < count; ++i) {
      std::string value = req.get_param_value(field.c_str(), i);
      check_text(field, value, kMaxFilterBytes);
      if (!value.empty()) filters[field].push_back(std::move(value));
    }
  }
  return filters;
}

// "host" or "host:port" as a browser sends it in Host; anything else is refused, so that the
// description never carries a URL someone smuggled in.
bool is_plain_host(const std::string& host) {
  static const std::regex kHost(R"(^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$)");
  return !host.empty() && host.size() <= 255 && std::regex_match(host, kHost);
}

// Compares in time that depends on the expected token's length only, not on where the
// strings first differ.
bool same_token(std::string_view given, std::string_view expected) {
  unsigned diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const char g = i < given.size() ? given[i] : '\0';
    diff |= static_cast<unsigned char>(g ^ expected[i]);
  }
  return diff == 0;
}

// "Bearer TOKEN", the scheme in any case (RFC 9110: schemes are case-insensitive); the token
// as sent: the gate keeps a '%' in it from being decoded (request_head.h).
std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kBearer = "bearer ";
  if (authorization.size() <= kBearer.size() ||
      !equals_ignoring_ascii_case(authorization.substr(0, kBearer.size()), kBearer)) {
    return {};
  }
  return trim(authorization.substr(kBearer.size()));
}

// "scheme://host[:port]" of a Host header, for comparing with an Origin.
bool is_same_origin(const std::string& origin, const std::string& host) {
  const auto scheme = origin.find("://");
  return scheme != std::string::npos && !host.empty() && origin.substr(scheme + 3) == host;
}
}  // namespace

const std::vector<Route>& Routes::table() {
  static const std::vector<Route> kTable = {
      {"GET", "/api/search", &Routes::handle_search},
      {"GET", "/api/docs/{id}/related", &Routes::handle_related},  // before its prefix
      {"GET", "/api/docs/{id}", &Routes::handle_doc},
      {"GET", "/api/suggest", &Routes::handle_suggest},
      {"GET", "/healthz", &Routes::handle_healthz},
      {"GET", "/metrics", &Routes::handle_metrics},
      {"GET", "/opensearch.xml", &Routes::handle_opensearch},
      {"GET", "/api/stats/queries", &Routes::handle_query_stats},
      {"POST", "/api/events", &Routes::handle_event},
      {"GET", "/api/popular", &Routes::handle_popular},
  };
  return kTable;
}

RouteMatch Routes::match(const std::string& path, std::string_view raw_path) {
  if (raw_path.empty()) raw_path = path;
  for (const auto& route : table()) {
    const std::string_view pattern = route.path;
    const auto marker = pattern.find(kParamMarker);
    if (marker == std::string_view::npos) {
      if (pattern == path) return {route.path, ""};
      continue;
    }
    const auto prefix = pattern.substr(0, marker);
    const auto suffix = pattern.substr(marker + sizeof(kParamMarker) - 1);
    // The suffix must be in the path as sent: "/api/docs/a%2Frelated" is the document
    // "a/related", "/api/docs/a/related" the related list of "a".
    if (path.size() > prefix.size() + suffix.size() && starts_with(path, prefix) &&
        ends_with(path, suffix) && ends_with(raw_path, suffix)) {
      return {route.path, path.substr(prefix.size(), path.size() - prefix.size() - suffix.size())};
    }
  }
  return {};
}

std::size_t Routes::post_body_limit(std::string_view path) {
  const RouteMatch found = match(std::string(path));
  for (const auto& route : table()) {
    if (found.path == route.path && std::string_view(route.method) == "POST") return kMaxEventBytes;
  }
  return 0;
}

std::string Routes::allowed_methods(const std::string& route_path) {
  std::string allowed;
  for (const auto& route : table()) {
    if (route_path != route.path) continue;
    allowed += std::string(allowed.empty() ? "" : ", ") + route.method;
    if (std::string_view(route.method) == "GET") allowed += ", HEAD";
  }
  return allowed + (allowed.empty() ? "" : ", ") + "OPTIONS";
}

void Routes::handle(const RouteMatch& match, const httplib::Request& req, httplib::Response& res) {
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const auto& route : table()) {
    if (match.path != route.path || method != route.method) continue;
    try {
      return (this->*route.handler)(req, match.param, res);
    } catch (const BadRequest& bad) {
      return send_error(res, 400, bad.code(), bad.what());
    } catch (const InputError& bad) {
      return send_error(res, 400, error_code::kInvalidParameter, bad.what());
    }
  }
  res.set_header("Allow", allowed_methods(match.path));
  send_error(res, 405, error_code::kMethodNotAllowed,
             req.method + " is not allowed on " + match.path);
}

std::string Routes::client_of(const httplib::Request& req) const {
  return client_address(req.remote_addr, req.get_header_value("X-Forwarded-For"),
                        options_.trusted_proxies);
}

void Routes::handle_search(const httplib::Request& req, const std::string&,
                           httplib::Response& res) {
  const std::string client = client_network(client_of(req));
  if (!search_limiter_.allow(client)) {
    return send_error(res, 429, error_code::kTooManyRequests,
                      "too many searches from this network; slow down");
  }
  const auto start = std::chrono::steady_clock::now();
  SearchRequest request;
  request.query = text_param(req, "q");
  request.limit = count_param(req, "limit", 10, 1, kMaxLimit);
  request.offset = count_param(req, "offset", 0, 0, kMaxOffset);
  request.filters = filter_params(req);
  request.lang = lang_param(req);
  const SearchResults results = service_.searcher().search(request);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  ClickTokens click;
  std::string normal_form;
  if (options_.query_log) {
    normal_form = normalise_query(request.query);
    click = [this, &normal_form](const std::string& id) { return signer_.sign(normal_form, id); };
  }
  res.set_content(search_json(request, results, took.count(), click), kJson);
  // A search is what a person typed: its first page only, and not the page's as-you-type
  // requests (log=0: it reports the query once it has settled).
  if (options_.query_log && request.offset == 0 && req.get_param_value("log") != "0") {
    options_.query_log->record_search(request.query, found_nothing_as_typed(results), client);
  }
}

// cpp-httplib has already decoded %2F in the path, so "django%2Fscalability" arrives whole.
void Routes::handle_doc(const httplib::Request&, const std::string& id, httplib::Response& res) {
  check_text("id", id, kMaxQueryBytes);
  const auto doc = service_.searcher().document(id);
  if (!doc)
    return send_error(res, 404, error_code::kNotFound, "no document with id \"" + id + "\"");
  res.set_content(document_json(*doc, service_.searcher().translations(*doc)), kJson);
}

void Routes::handle_related(const httplib::Request& req, const std::string& id,
                            httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  check_text("id", id, kMaxQueryBytes);
  const unsigned limit = count_param(req, "limit", 5, 1, kMaxRelated);
  const auto hits = service_.searcher().related(id, limit);
  if (!hits)
    return send_error(res, 404, error_code::kNotFound, "no document with id \"" + id + "\"");
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  res.set_content(related_json(id, *hits, took.count()), kJson);
}

void Routes::handle_suggest(const httplib::Request& req, const std::string&,
                            httplib::Response& res) {
  const std::string query = text_param(req, "q");
  const auto suggestions = service_.searcher().suggest(query);
  if (req.get_param_value("format") == "opensearch") {
    // The OpenSearch suggestions format browsers read: [query, [completions]].
    res.set_content(dump(Json::array({query, suggestions})), "application/x-suggestions+json");
    return;
  }
  send_json(res, Json{{"query", query}, {"suggestions", suggestions}});
}

void Routes::handle_healthz(const httplib::Request&, const std::string&, httplib::Response& res) {
  const IndexStatus status = service_.searcher().status();
  send_json(
      res,
      Json{{"status", "ok"}, {"documents", status.documents}, {"generation", status.generation}});
}

void Routes::handle_metrics(const httplib::Request&, const std::string&, httplib::Response& res) {
  const IndexStatus status = service_.searcher().status();
  res.set_content(metrics_.render(status.documents, service_.live().reloads()),
                  "text/plain; version=0.0.4");
}

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

// An OpenSearch description, so browsers can add the engine. Its URLs must be absolute: they
// are built from the Host header (a reverse proxy should pass it on) and X-Forwarded-Proto.
void Routes::handle_opensearch(const httplib::Request& req, const std::string&,
                               httplib::Response& res) {
  const std::string host = req.get_header_value("Host");
  if (!is_plain_host(host))
    throw BadRequest(error_code::kInvalidHost, "the Host header is missing or not a host name");
  const std::string scheme =
      req.get_header_value("X-Forwarded-Proto") == "https" ? "https" : "http";
  const std::string base = scheme + "://" + host;
  res.set_content(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "  <ShortName>prepsearch</ShortName>\n"
      "  <Description>Search technical interview questions and answers</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">" +
          base +
          "/favicon.svg</Image>\n"
          "  <Url type=\"text/html\" method=\"get\" template=\"" +
          base +
          "/?q={searchTerms}\"/>\n"
          "  <Url type=\"application/x-suggestions+json\" template=\"" +
          base +
          "/api/suggest?format=opensearch&amp;q={searchTerms}\"/>\n"
          "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" +
          base +
          "/opensearch.xml\"/>\n"
          "</OpenSearchDescription>\n",
      "application/opensearchdescription+xml");
}

}  // namespace prepsearch
