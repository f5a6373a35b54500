// Shared test fixtures: paths, a scratch directory, running the indexer as a process.
#pragma once

#include <cstddef>
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

// What generated_records writes.
struct RecordSpec {
  std::string id_prefix = "gen";  // ids PREFIX/0, PREFIX/1, ...; titles "Record 0", ...
  std::size_t count = 10;
  std::size_t words = 2;           // words of text each, drawn from a small vocabulary
  std::size_t marked = 0;          // the first `marked` records also hold `mark`
  std::string mark = "zebrafish";  // a word no other record has
  unsigned seed = 1;               // the same spec gives the same records
};

// The tests' one JSONL generator: `spec.count` records, one a line, in the corpus format.
std::string generated_records(const RecordSpec& spec);

// Parses a Markdown text and returns the documents, failing the test on any diagnostic.
std::vector<Document> parse_page(const std::string& text, const std::string& file = "page.md");

}  // namespace prepsearch::test
