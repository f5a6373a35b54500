// docs/openapi.yaml documents exactly the route table: the same paths with the same methods,
// and every filter parameter of the field table.
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/schema.h"

#include "server/routes.h"

#include "running_server.h"
#include "search_fixture.h"
#include "test_support.h"

namespace {

using Methods = std::map<std::string, std::set<std::string>>;  // path → upper-case methods

struct OpenApi {
  Methods methods;
  std::set<std::string> search_params;  // parameter names of GET /api/search
};

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

OpenApi read_openapi() {
  std::istringstream yaml(
      prepsearch::test::read_file(prepsearch::test::source_path("docs/openapi.yaml")));
  const std::regex path_line(R"(^  (/[^:]*):\s*$)");
  const std::regex method_line(R"(^    (get|put|post|delete|patch|head|options):\s*$)");
  const std::regex param_line(R"(^        - \{name: ([a-z_]+), in: query)");
  OpenApi api;
  bool in_paths = false;
  std::string path;
  for (std::string line; std::getline(yaml, line);) {
    if (line.rfind("paths:", 0) == 0)
      in_paths = true;
    else if (!line.empty() && line[0] != ' ')
      in_paths = false;
    std::smatch match;
    if (!in_paths) continue;
    if (std::regex_match(line, match, path_line))
      path = match[1];
    else if (std::regex_match(line, match, method_line))
      api.methods[path].insert(upper(match[1]));
    else if (path == "/api/search" && std::regex_search(line, match, param_line))
      api.search_params.insert(match[1]);
  }
  return api;
}

// The property names of components/schemas/NAME (one "        key: ..." line each).
std::set<std::string> schema_properties(const std::string& name) {
  std::istringstream yaml(
      prepsearch::test::read_file(prepsearch::test::source_path("docs/openapi.yaml")));
  const std::regex property_line(R"(^        ([a-z_]+):)");
  std::set<std::string> properties;
  bool inside = false;
  for (std::string line; std::getline(yaml, line);) {
    if (line.rfind("    ", 0) == 0 && line.size() > 4 && line[4] != ' ')
      inside = line == "    " + name + ":";
    std::smatch match;
    if (inside && std::regex_search(line, match, property_line)) properties.insert(match[1]);
  }
  return properties;
}

}  // namespace

TEST_CASE("docs/openapi.yaml lists exactly the route table's paths and methods", "[openapi]") {
  Methods served;
  for (const auto& route : prepsearch::Routes::table()) served[route.path].insert(route.method);
  CHECK(read_openapi().methods == served);
}

TEST_CASE("docs/openapi.yaml documents every filter parameter of the field table", "[openapi]") {
  const auto documented = read_openapi().search_params;
  for (const auto& param : prepsearch::schema::filter_params()) {
    INFO(param);
    CHECK(documented.count(param) == 1);
  }
  for (const char* param : {"q", "limit", "offset"}) CHECK(documented.count(param) == 1);
}

TEST_CASE("a request path matches its route and the route's parameter", "[openapi]") {
  for (const auto& route : prepsearch::Routes::table()) {
    const std::string path = route.path;
    const bool templated = path.find("{id}") != std::string::npos;
    const std::string concrete = std::regex_replace(path, std::regex(R"(\{id\})"), "django/intro");
    const auto match = prepsearch::Routes::match(concrete);
    CHECK(match.path == path);
    CHECK(match.param == (templated ? "django/intro" : ""));
    const std::map<std::string, std::string> written = {
        {"/api/docs/{id}", "GET, HEAD, DELETE, OPTIONS"},
        {"/api/docs", "POST, OPTIONS"},
        {"/api/events", "POST, OPTIONS"}};
    const auto other = written.find(path);
    CHECK(prepsearch::Routes::allowed_methods(path) ==
          (other != written.end() ? other->second : "GET, HEAD, OPTIONS"));
  }
  CHECK(prepsearch::Routes::match("/api/docs/").path.empty());
  CHECK(prepsearch::Routes::match("/api/searchx").path.empty());
  CHECK(prepsearch::Routes::match("/").path.empty());
}

TEST_CASE("a served hit has exactly the fields docs/openapi.yaml lists for a Hit", "[openapi]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::test::ScratchDir dir;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.query_log = dir / "queries.json";       // with the query log on, hits carry `click`
  options.site_url = "https://docs.example.com";  // and with a site, `link`
  prepsearch::test::RunningServer server(options);
  auto client = server.client();
  const auto body = prepsearch::test::get_json(client, "/api/search?q=celery", 200);
  REQUIRE_FALSE(body["results"].empty());
  std::set<std::string> served;
  for (const auto& [key, value] : body["results"][0].items()) served.insert(key);
  CHECK(served == schema_properties("Hit"));
}
