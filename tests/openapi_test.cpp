// docs/openapi.yaml documents exactly the routes the server has.
#include "server/routes.h"

#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "test_support.h"

TEST_CASE("docs/openapi.yaml lists exactly the server's routes", "[openapi]") {
  std::istringstream yaml(prepsearch::test::read_file(prepsearch::test::source_path("docs/openapi.yaml")));
  std::set<std::string> documented;
  const std::regex path_line(R"(^  (/[^:]*):\s*$)");
  bool in_paths = false;
  for (std::string line; std::getline(yaml, line);) {
    if (line.rfind("paths:", 0) == 0) in_paths = true;
    else if (!line.empty() && line[0] != ' ') in_paths = false;
    std::smatch match;
    if (in_paths && std::regex_match(line, match, path_line)) documented.insert(match[1]);
  }
  std::set<std::string> served;
  for (const auto& route : prepsearch::api_routes()) served.insert(route.path);
  CHECK(documented == served);
  for (const auto& path : served) {
    const std::string concrete = std::regex_replace(path, std::regex(R"(\{id\})"), "django%2Fintro");
    CHECK(prepsearch::Routes::match(concrete == path ? path : "/api/docs/django/intro") == path);
  }
}
