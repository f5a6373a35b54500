// prepsearch-query: argv → QueryToolOptions → run_query_tool → exit code.
#include <iostream>

#include "core/command_line.h"

#include "search/query_tool.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  int exit_code = prepsearch::kExitOk;
  const auto options =
      prepsearch::parse_query_tool_options(argc, argv, std::cout, std::cerr, exit_code);
  if (!options) return exit_code;
  return prepsearch::run_reporting_errors("prepsearch-query", std::cerr, [&] {
    return prepsearch::run_query_tool(*options, std::cout, std::cerr);
  });
}
