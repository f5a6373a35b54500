// prepsearch-query: argv → QueryToolOptions → run_query_tool → exit code.
#include <iostream>

#include <xapian.h>

#include "core/command_line.h"
#include "core/text.h"

#include "search/query_tool.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  int exit_code = prepsearch::kExitOk;
  const auto options =
      prepsearch::parse_query_tool_options(argc, argv, std::cout, std::cerr, exit_code);
  if (!options) return exit_code;
  try {
    return prepsearch::run_query_tool(*options, std::cout, std::cerr);
  } catch (const Xapian::Error& e) {
    std::cerr << "prepsearch-query: cannot search " << options->db << ": "
              << prepsearch::escape_control_bytes(e.get_description()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "prepsearch-query: " << prepsearch::escape_control_bytes(e.what()) << "\n";
  } catch (...) {
    std::cerr << "prepsearch-query: stopped by an unknown error\n";
  }
  return prepsearch::kExitFailure;
}
