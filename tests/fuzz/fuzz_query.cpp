// The query path end to end, as the server runs it: request parameters → parsed query →
// Xapian query → results, snippets and the response JSON, over an index of corpus/ built
// once. Input: the first line is "METHOD /path", each further line one "name=value"
// parameter, bytes as they come (percent-decoding is cpp-httplib's, before this). Every
// answer must be below 500, a JSON body must parse, and a snippet may hold no markup but
// <mark>.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "indexer/index_run.h"

#include "search/searcher.h"

#include "server/metrics.h"
#include "server/routes.h"

namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<prepsearch::SearchService> service;
  prepsearch::Metrics metrics;
  std::unique_ptr<prepsearch::Routes> routes;

  Fixture() {
    char scratch[] = "/tmp/prepsearch-fuzz-XXXXXX";
    if (!mkdtemp(scratch)) std::abort();
    dir = scratch;
    prepsearch::IndexOptions options;
    options.db = (dir / "index").string();
    options.paths = {std::string(PREPSEARCH_SOURCE_DIR) + "/corpus"};
    options.quiet = true;
    std::ostringstream out, err;
    if (prepsearch::run_index(options, out, err) != prepsearch::kExitOk) {
      std::cerr << err.str();
      std::abort();
    }
    service = std::make_unique<prepsearch::SearchService>(options.db);
    routes = std::make_unique<prepsearch::Routes>(*service, metrics);
  }
  ~Fixture() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

// Each snippet's markup is <mark>…</mark> only: any other '<' came from the text unescaped.
void check_snippets(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("results")) return;
  for (const auto& hit : body["results"]) {
    std::string snippet = hit.value("snippet", "");
    for (const char* mark : {"<mark>", "</mark>"}) {
      for (auto at = snippet.find(mark); at != std::string::npos; at = snippet.find(mark)) {
        snippet.erase(at, std::string_view(mark).size());
      }
    }
    if (snippet.find('<') != std::string::npos) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::istringstream lines(input);
  std::string first;
  std::getline(lines, first);
  httplib::Request req;
  const auto space = first.find(' ');
  req.method = space == std::string::npos ? "GET" : first.substr(0, space);
  req.path = space == std::string::npos ? first : first.substr(space + 1);
  for (std::string line; std::getline(lines, line);) {
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    req.params.emplace(line.substr(0, equals), line.substr(equals + 1));
  }
  httplib::Response res;
  const prepsearch::RouteMatch match = prepsearch::Routes::match(req.path);
  if (match.path.empty()) return 0;  // static files: the HTTP catalogue covers them
  fixture.routes->handle(match, req, res);
  if (res.status >= 500) __builtin_trap();
  if (res.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded()) __builtin_trap();
    check_snippets(body);
  }
  return 0;
}
