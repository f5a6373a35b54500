// Command-line parsing with CLI11, one convention for every program.
#include "core/command_line.h"

#include <CLI/CLI.hpp>

#include "core/schema.h"
#include "core/text.h"

namespace prepsearch {

void add_language_option(CLI::App& app, const std::string& name, std::string& value,
                         const std::string& help) {
  app.add_option(name, value, help)
      ->check(CLI::Validator(
          [](const std::string& code) {
            return schema::is_language_code(code)
                       ? std::string()
                       : std::string("a two-letter ISO 639-1 code such as en or uk");
          },
          "CODE"));
}

bool parse_command_line(CLI::App& app, int argc, const char* const* argv, std::ostream& out,
                        std::ostream& err, int& exit_code, const std::function<void()>& check) {
  try {
    app.parse(argc, argv);
    if (check) check();
  } catch (const CLI::Success& e) {
    exit_code = app.exit(e, out, err);
    return false;
  } catch (const CLI::ParseError& e) {
    // CLI11 checks required options before unexpected arguments, so a mistyped --db would be
    // reported as a missing one: name what was not understood instead.
    const bool unexpected = dynamic_cast<const CLI::RequiredError*>(&e) && !app.remaining().empty();
    app.exit(unexpected ? CLI::ExtrasError(app.remaining()) : e, out, err);
    err << app.help();
    exit_code = kExitUsage;
    return false;
  }
  exit_code = kExitOk;
  return true;
}

int run_reporting_errors(const char* program, std::ostream& err, const std::function<int()>& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    err << program << ": " << escape_control_bytes(e.what()) << "\n";
  } catch (...) {
    err << program << ": stopped by an unexpected error\n";
  }
  return kExitFailure;
}

}  // namespace prepsearch
