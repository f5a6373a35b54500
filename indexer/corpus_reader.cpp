// Corpus files: discovery, reading and dispatch to the right parser.
#include "indexer/corpus_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "core/text_fold.h"

#include "indexer/jsonl_reader.h"
#include "indexer/markdown_parser.h"
#include "indexer/synonyms.h"

namespace prepsearch {
namespace {

namespace fs = std::filesystem;

// A folder's README.md documents the folder; it is not a page.
bool is_corpus_file(const fs::path& path) {
  const auto ext = path.extension();
  if (path.filename() == kSynonymsFileName) return true;
  return (ext == ".md" || ext == ".jsonl") && path.filename() != "README.md";
}

// Bytes in MiB, one decimal unless whole: "64.3 MiB", "64 MiB".
std::string mib(std::size_t bytes) {
  std::ostringstream out;
  out.precision(bytes % (1 << 20) == 0 ? 0 : 1);
  out << std::fixed << static_cast<double>(bytes) / (1 << 20) << " MiB";
  return out.str();
}

// Line number (1-based) of byte `offset` in `text`.
std::size_t line_at(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

void read_markdown_file(const CorpusFile& file, const DocumentSink& sink,
                        const DiagnosticSink& report) {
  if (file.bytes > kMaxMarkdownBytes) {
    report({file.path, 1,
            "file is " + mib(file.bytes) + "; Markdown pages are limited to " +
                mib(kMaxMarkdownBytes)});
    return;
  }
  std::ifstream in(file.path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    report({file.path, 1, std::string("cannot read file: ") + std::strerror(errno)});
    return;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    report({file.path, line_at(text, *bad), "invalid UTF-8"});
    return;
  }
  parse_markdown(text, file.path, sink, report);
}

}  // namespace

std::vector<CorpusFile> list_corpus_files(const std::vector<std::string>& paths,
                                          const DiagnosticSink& report) {
  std::vector<CorpusFile> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<CorpusFile> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, error)) {
        if (entry.is_regular_file() && is_corpus_file(entry.path())) {
          found.push_back({entry.path().string(), static_cast<std::size_t>(entry.file_size())});
        }
      }
      std::sort(found.begin(), found.end(),
                [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files.push_back({path, static_cast<std::size_t>(fs::file_size(path, error))});
    } else {
      report({path, 1, "no such file or directory"});
    }
  }
  return files;
}

bool is_synonyms_file(const CorpusFile& file) {
  return fs::path(file.path).filename() == kSynonymsFileName;
}

std::vector<SynonymGroup> read_synonyms_file(const CorpusFile& file, const DiagnosticSink& report) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) {
    report({file.path, 1, std::string("cannot open file: ") + std::strerror(errno)});
    return {};
  }
  if (file.bytes > kMaxMarkdownBytes) {
    report({file.path, 1,
            "file is " + mib(file.bytes) + "; synonyms files are limited to " +
                mib(kMaxMarkdownBytes)});
    return {};
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_synonyms(text, file.path, report);
}

void read_corpus_file(const CorpusFile& file, const DocumentSink& sink,
                      const DiagnosticSink& report,
                      const std::function<void(std::size_t)>& progress) {
  std::ifstream probe(file.path, std::ios::binary);
  if (!probe) {
    report({file.path, 1, std::string("cannot open file: ") + std::strerror(errno)});
    return;
  }
  if (file.bytes == 0) {
    report({file.path, 1, "file is empty"});
    return;
  }
  if (ends_with(file.path, ".jsonl")) {
    read_jsonl(probe, file.path, sink, report, progress);
    if (probe.bad()) report({file.path, 1, std::string("read error: ") + std::strerror(errno)});
    return;
  }
  read_markdown_file(file, sink, report);
  if (progress) progress(file.bytes);
}

}  // namespace prepsearch
