// Validating parameters and calling the searcher; every failure is a JSON error.
#include "server/routes.h"

#include <algorithm>
#include <chrono>
#include <regex>

#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "search/search_json.h"

#include "server/admin_token.h"
#include "server/api_errors.h"
#include "server/client_address.h"
#include "server/route_params.h"

namespace prepsearch {
namespace {

constexpr std::size_t kMaxFilterBytes = 200;
constexpr char kParamMarker[] = "{id}";

// `lang`: the reader's language, an ISO 639-1 code, as <html lang> gives it (a region after
// it is dropped: es-MX reads es); `otherwise` if not sent. A language the index lacks is
// taken: nothing then ranks first for being in it.
std::string lang_param(const httplib::Request& req, const std::string& otherwise) {
  const std::string lang = text_param(req, "lang");
  if (lang.empty()) return otherwise;
  std::string code = lang.substr(0, lang.find_first_of("-_"));
  const bool letters = std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  if (code.size() != 2 || !letters) {
    throw BadRequest(error_code::kInvalidParameter,
                     "`lang` must be a two-letter language code (ISO 639-1) such as en or es-MX");
  }
  for (char& c : code) c = static_cast<char>(c | 0x20);
  return code;
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

}  // namespace

const std::vector<Route>& Routes::table() {
  static const std::vector<Route> kTable = {
      {"GET", "/api/search", &Routes::handle_search},
      {"GET", "/api/docs/{id}/related", &Routes::handle_related},  // before its prefix
      {"GET", "/api/docs/{id}", &Routes::handle_doc},
      {"DELETE", "/api/docs/{id}", &Routes::handle_delete, 0, true},
      {"POST", "/api/docs", &Routes::handle_write, kMaxBatchBytes, true},
      {"GET", "/api/suggest", &Routes::handle_suggest},
      {"GET", "/healthz", &Routes::handle_healthz},
      {"GET", "/metrics", &Routes::handle_metrics},
      {"GET", "/opensearch.xml", &Routes::handle_opensearch},
      {"GET", "/api/stats/queries", &Routes::handle_query_stats},
      {"POST", "/api/events", &Routes::handle_event, kMaxEventBytes},
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

std::optional<std::size_t> Routes::body_limit(std::string_view method, std::string_view path,
                                              std::string_view authorization) const {
  const RouteMatch found = match(std::string(path));
  if (found.path.empty()) return method == "GET" ? std::optional<std::size_t>(0) : std::nullopt;
  for (const auto& route : table()) {
    if (found.path != route.path || method != route.method) continue;
    if (route.writes && options_.admin_token.empty()) return std::nullopt;
    if (route.max_body <= kMaxEventBytes) return route.max_body;
    const std::string_view token = bearer_token(authorization);
    const bool admin = !token.empty() && same_token(token, options_.admin_token);
    return admin ? route.max_body : kMaxEventBytes;
  }
  return std::nullopt;
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
  request.lang = lang_param(req, options_.default_lang);
  // A later page is read for its hits: the page keeps the first page's facets.
  request.facets = request.offset == 0 && req.get_param_value("facets") != "0";
  const SearchResults results = service_.searcher().search(request);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  ClickTokens click;
  std::string normal_form;
  if (options_.query_log) {
    normal_form = normalise_query(request.query);
    click = [this, &normal_form](const std::string& id) { return signer_.sign(normal_form, id); };
  }
  res.set_content(search_json(request, results, took.count(), click, options_.site_url), kJson);
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
  res.set_content(document_json(*doc, service_.searcher().translations(*doc), options_.site_url),
                  kJson);
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
  res.set_content(related_json(id, *hits, took.count(), options_.site_url), kJson);
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
