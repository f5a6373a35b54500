// The command-line convention of the three programs: --help and --version exit 0, a usage
// error exits 2 with the message and the help; exit codes by name.
#pragma once

#include <functional>
#include <ostream>
#include <sstream>
#include <string>

namespace CLI {
class App;
}

namespace prepsearch {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, or the work could not be done
inline constexpr int kExitUsage = 2;    // the command line itself is wrong

// The help of --lexicon, an option of prepsearch-serve and prepsearch-query.
inline constexpr char kLexiconHelp[] =
    "local database or stub to read spelling and synonyms from when --db lists remote shards "
    "(default: --db)";

// `help` and " (default VALUE)": a default printed from the value it is, never typed twice.
template <typename T>
std::string with_default(const std::string& help, const T& value) {
  std::ostringstream text;
  text << help << " (default " << value << ")";
  return text.str();
}

// Adds option `name` taking an ISO 639-1 language code (two lowercase letters), such as
// prepsearch-index --language and prepsearch-serve --default-lang; anything else is a usage
// error naming the option.
void add_language_option(CLI::App& app, const std::string& name, std::string& value,
                         const std::string& help);

// Parses argv into `app`: --help prints and exits 0; a usage error prints the message and
// the help to `err` and exits 2. An argument nobody expected is named before a missing
// required option (`--dbb x` says "--dbb", not "--db is required"). `check` runs after a
// successful parse and may throw CLI::ParseError. Returns true to go on (exit_code 0).
bool parse_command_line(CLI::App& app, int argc, const char* const* argv, std::ostream& out,
                        std::ostream& err, int& exit_code, const std::function<void()>& check = {});

// Runs a program's work and returns its exit code. Whatever the work throws (a file named on
// the command line that cannot be read, an index that cannot be opened, no memory) ends as
// one line on `err`, "PROGRAM: what", and kExitFailure: never an abort.
int run_reporting_errors(const char* program, std::ostream& err, const std::function<int()>& work);

}  // namespace prepsearch
