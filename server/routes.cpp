// Validating parameters and calling the searcher; every failure is a JSON error.
#include "server/routes.h"

#include <chrono>
#include <regex>

#include "server/search_json.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

constexpr char kDocsPrefix[] = "/api/docs/";
constexpr std::size_t kMaxFilterBytes = 200;
constexpr char kJson[] = "application/json";

// A request the client must fix: becomes a 400 with this code and message.
struct BadRequest {
  std::string code;
  std::string message;
};

void check_text(const std::string& name, const std::string& value, std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    throw BadRequest{"parameter_too_long", "`" + name + "` is " + std::to_string(value.size()) +
                                               " bytes; the limit is " + std::to_string(max_bytes)};
  }
  if (find_invalid_utf8(value)) {
    throw BadRequest{"invalid_utf8", "`" + name + "` is not valid UTF-8"};
  }
}

// A whole number in [min, max]; `fallback` if absent.
unsigned count_param(const httplib::Request& req, const std::string& name, unsigned fallback,
                     unsigned min, unsigned max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string value = req.get_param_value(name.c_str());
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  const bool digits = !value.empty() && value.size() <= 9 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    throw BadRequest{"invalid_parameter", "`" + name + "` must be a whole number in " + range};
  }
  const unsigned number = static_cast<unsigned>(std::stoul(value));
  if (number < min || number > max) {
    throw BadRequest{"invalid_parameter", "`" + name + "` must be in " + range};
  }
  return number;
}

std::string text_param(const httplib::Request& req, const std::string& name) {
  const std::string value = req.get_param_value(name.c_str());
  check_text(name, value, kMaxQueryBytes);
  return value;
}

Filters filter_params(const httplib::Request& req) {
  Filters filters;
  for (const char* field : kFilterFields) {
    const std::size_t count = req.get_param_value_count(field);
    for (std::size_t i = 0; i < count; ++i) {
      std::string value = req.get_param_value(field, i);
      check_text(field, value, kMaxFilterBytes);
      if (!value.empty()) filters[field].push_back(std::move(value));
    }
  }
  return filters;
}

void send_json(httplib::Response& res, const Json& json) {
  res.set_content(dump(json), kJson);
}

// "host" or "host:port" as a browser sends it in Host; anything else is refused, so that the
// description never carries a URL someone smuggled in.
bool is_plain_host(const std::string& host) {
  static const std::regex kHost(R"(^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$)");
  return !host.empty() && host.size() <= 255 && std::regex_match(host, kHost);
}

}  // namespace

void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message) {
  res.status = status;
  res.set_content(dump(error_json(code, message)), kJson);
}

const std::vector<Route>& api_routes() {
  static const std::vector<Route> kRoutes = {
      {"/api/search"}, {"/api/docs/{id}"}, {"/api/suggest"}, {"/healthz"}, {"/metrics"},
      {"/opensearch.xml"}};
  return kRoutes;
}

std::string Routes::match(const std::string& path) {
  if (path.rfind(kDocsPrefix, 0) == 0 && path.size() > sizeof(kDocsPrefix) - 1) {
    return "/api/docs/{id}";
  }
  for (const auto& route : api_routes()) {
    if (route.path == path) return route.path;
  }
  return "";
}

void Routes::handle(const std::string& route, const httplib::Request& req,
                    httplib::Response& res) {
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    send_error(res, 405, "method_not_allowed", req.method + " is not allowed on " + route);
    return;
  }
  try {
    if (route == "/api/search") return handle_search(req, res);
    if (route == "/api/docs/{id}") return handle_doc(req, res);
    if (route == "/api/suggest") return handle_suggest(req, res);
    if (route == "/healthz") return handle_healthz(req, res);
    if (route == "/metrics") return handle_metrics(req, res);
    if (route == "/opensearch.xml") return handle_opensearch(req, res);
  } catch (const BadRequest& bad) {
    return send_error(res, 400, bad.code, bad.message);
  }
  send_error(res, 404, "not_found", "no route " + req.path);
}

void Routes::handle_search(const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  SearchRequest request;
  request.query = text_param(req, "q");
  request.limit = count_param(req, "limit", 10, 1, kMaxLimit);
  request.offset = count_param(req, "offset", 0, 0, kMaxOffset);
  request.filters = filter_params(req);
  const SearchResults results = service_.searcher().search(request);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  send_json(res, to_json(request, results, took.count()));
}

void Routes::handle_doc(const httplib::Request& req, httplib::Response& res) {
  // cpp-httplib has already decoded %2F in the path, so "django%2Fscalability" arrives whole.
  const std::string id = req.path.substr(sizeof(kDocsPrefix) - 1);
  check_text("id", id, kMaxQueryBytes);
  const auto doc = service_.searcher().document(id);
  if (!doc) return send_error(res, 404, "not_found", "no document with id \"" + id + "\"");
  send_json(res, to_json(*doc));
}

void Routes::handle_suggest(const httplib::Request& req, httplib::Response& res) {
  const std::string query = text_param(req, "q");
  const auto suggestions = service_.searcher().suggest(query);
  if (req.get_param_value("format") == "opensearch") {
    // The OpenSearch suggestions format browsers read: [query, [completions]].
    res.set_content(dump(Json::array({query, suggestions})), "application/x-suggestions+json");
    return;
  }
  send_json(res, Json{{"query", query}, {"suggestions", suggestions}});
}

void Routes::handle_healthz(const httplib::Request&, httplib::Response& res) {
  const IndexStatus status = service_.searcher().status();
  send_json(res, Json{{"status", "ok"}, {"documents", status.documents},
                      {"generation", status.generation}});
}

void Routes::handle_metrics(const httplib::Request&, httplib::Response& res) {
  const IndexStatus status = service_.searcher().status();
  res.set_content(metrics_.render(status.documents, service_.live().reloads()),
                  "text/plain; version=0.0.4");
}

// An OpenSearch description, so browsers can add the engine. Its URLs must be absolute: they
// are built from the Host header (a reverse proxy should pass it on) and X-Forwarded-Proto.
void Routes::handle_opensearch(const httplib::Request& req, httplib::Response& res) {
  const std::string host = req.get_header_value("Host");
  if (!is_plain_host(host)) throw BadRequest{"invalid_host", "the Host header is missing or not a host name"};
  const std::string scheme = req.get_header_value("X-Forwarded-Proto") == "https" ? "https" : "http";
  const std::string base = scheme + "://" + host;
  res.set_content(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "  <ShortName>prepsearch</ShortName>\n"
      "  <Description>Search technical interview questions and answers</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">" + base + "/favicon.svg</Image>\n"
      "  <Url type=\"text/html\" method=\"get\" template=\"" + base + "/?q={searchTerms}\"/>\n"
      "  <Url type=\"application/x-suggestions+json\" template=\"" + base +
          "/api/suggest?format=opensearch&amp;q={searchTerms}\"/>\n"
      "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base +
          "/opensearch.xml\"/>\n"
      "</OpenSearchDescription>\n",
      "application/opensearchdescription+xml");
}

}  // namespace prepsearch
