// The API's route table and handlers: request parameters in, JSON out. No Xapian here.
#pragma once

#include <string>
#include <vector>

#include <httplib.h>

#include "server/metrics.h"
#include "server/searcher.h"

namespace prepsearch {

// One API route, as documented in docs/openapi.yaml. All are GET (and HEAD).
struct Route {
  std::string path;  // template: "/api/docs/{id}"
};
const std::vector<Route>& api_routes();

// Limits on what a request may ask for; beyond them it gets a 400.
inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr unsigned kMaxLimit = 100;
inline constexpr unsigned kMaxOffset = 10000;

class Routes {
 public:
  Routes(SearchService& service, const Metrics& metrics) : service_(service), metrics_(metrics) {}

  // The template of the API route `path` falls under ("/api/docs/{id}"), or "" if none.
  static std::string match(const std::string& path);

  // Answers `req` on the API route `route` (from match()): GET and HEAD are served, other
  // methods get 405; bad parameters get 400 and an unknown document 404, as JSON.
  void handle(const std::string& route, const httplib::Request& req, httplib::Response& res);

 private:
  void handle_search(const httplib::Request& req, httplib::Response& res);
  void handle_doc(const httplib::Request& req, httplib::Response& res);
  void handle_suggest(const httplib::Request& req, httplib::Response& res);
  void handle_healthz(const httplib::Request& req, httplib::Response& res);
  void handle_metrics(const httplib::Request& req, httplib::Response& res);
  void handle_opensearch(const httplib::Request& req, httplib::Response& res);

  SearchService& service_;
  const Metrics& metrics_;
};

// Sets `res` to the JSON error body with `status`.
void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message);

}  // namespace prepsearch
