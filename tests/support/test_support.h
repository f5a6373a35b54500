// Shared test fixtures: paths, a scratch directory, running the indexer as a process.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"

namespace prepsearch::test {

// Absolute path of a file in the source tree: source_path("corpus/django.md").
std::string source_path(const std::string& relative);

// ../shared beside the checkout; empty if it is not there.
std::string shared_path();

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

// A fresh directory under /tmp, removed with its contents at scope exit.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct RunResult {
  int status = -1;     // exit status
  std::string output;  // stdout and stderr together
};

// Runs `program` with `args` (shell-quoted here), capturing stdout and stderr.
RunResult run_command(const std::string& program, const std::vector<std::string>& args);

// Runs build/bin/prepsearch-index with `args`.
RunResult run_indexer(const std::vector<std::string>& args);

// Parses a Markdown text and returns the documents, failing the test on any diagnostic.
std::vector<Document> parse_page(const std::string& text, const std::string& file = "page.md");

}  // namespace prepsearch::test
