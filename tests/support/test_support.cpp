// Test fixtures shared by the test executables.
#include "test_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "indexer/markdown_parser.h"

namespace prepsearch::test {

std::string source_path(const std::string& relative) {
  return std::string(PREPSEARCH_SOURCE_DIR) + "/" + relative;
}

std::string shared_path() {
  const auto path = std::filesystem::path(PREPSEARCH_SOURCE_DIR).parent_path() / "shared";
  return std::filesystem::exists(path / "corpora") ? path.string() : std::string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

ScratchDir::ScratchDir() {
  char pattern[] = "/tmp/prepsearch-test-XXXXXX";
  const char* made = ::mkdtemp(pattern);
  REQUIRE(made != nullptr);
  path_ = made;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {
std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}
}  // namespace

RunResult run_indexer(const std::vector<std::string>& args) {
  return run_command(PREPSEARCH_INDEX_BIN, args);
}

RunResult run_command(const std::string& program, const std::vector<std::string>& args) {
  std::string command = shell_quote(program);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " 2>&1";
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    result.output.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string generated_records(const RecordSpec& spec) {
  static const char* const kWords[] = {"query",  "cache",   "model", "view",   "signal",
                                       "worker", "session", "field", "router", "template",
                                       "index",  "shard",   "token", "queue",  "replica"};
  std::mt19937 random(spec.seed);
  std::string out;
  for (std::size_t i = 0; i < spec.count; ++i) {
    std::string text;
    for (std::size_t w = 0; w < spec.words; ++w) {
      text += kWords[random() % std::size(kWords)];
      text += ' ';
    }
    if (i < spec.marked) text += spec.mark;
    const std::string number = std::to_string(i);
    out.append(R"({"id": ")").append(spec.id_prefix).append("/").append(number);
    out.append(R"(", "title": "Record )").append(number);
    out.append(R"(", "text": ")").append(text).append("\"}\n");
  }
  return out;
}

std::vector<Document> parse_page(const std::string& text, const std::string& file) {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  parse_markdown(
      text, file, [&](Document&& doc, std::size_t) { docs.push_back(std::move(doc)); },
      [&](Diagnostic&& d) { errors.push_back(to_string(d)); });
  INFO("diagnostics: " << (errors.empty() ? "" : errors.front()));
  REQUIRE(errors.empty());
  return docs;
}

}  // namespace prepsearch::test
