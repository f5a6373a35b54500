// Corpus files: discovery, reading and dispatch to the right parser.
#include "indexer/corpus_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/text.h"
#include "core/text_fold.h"

#include "indexer/html_page.h"
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
  if (ext == ".html" || ext == ".htm") return true;
  return (ext == ".md" || ext == ".jsonl") && path.filename() != "README.md";
}

bool is_html(const std::string& path) {
  return ends_with(path, ".html") || ends_with(path, ".htm");
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

// A page read whole and checked for UTF-8; nullopt (reported) if it cannot be.
std::optional<std::string> read_page(const CorpusFile& file, const char* kind,
                                     std::size_t max_bytes, const DiagnosticSink& report) {
  if (file.bytes > max_bytes) {
    report(
        {file.path, 1,
         "file is " + mib(file.bytes) + "; " + kind + " pages are limited to " + mib(max_bytes)});
    return std::nullopt;
  }
  std::ifstream in(file.path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    report({file.path, 1, std::string("cannot read file: ") + std::strerror(errno)});
    return std::nullopt;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    report({file.path, line_at(text, *bad), "invalid UTF-8"});
    return std::nullopt;
  }
  return text;
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
          found.push_back(
              {entry.path().string(), static_cast<std::size_t>(entry.file_size()), path});
        }
      }
      std::sort(found.begin(), found.end(),
                [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files.push_back({path, static_cast<std::size_t>(fs::file_size(path, error)), {}});
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

std::string site_url(const CorpusFile& file) {
  const fs::path path(file.path);
  const fs::path relative =
      file.root.empty() ? path.filename() : path.lexically_relative(file.root);
  return "/" + relative.generic_string();
}

void read_corpus_file(const CorpusFile& file, const DocumentSink& sink,
                      const DiagnosticSink& report,
                      const std::function<void(std::size_t)>& progress,
                      unsigned html_heading_depth) {
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
  if (is_html(file.path)) {
    if (const auto text = read_page(file, "HTML", kMaxHtmlBytes, report))
      parse_html(*text, file.path, site_url(file), html_heading_depth, sink, report);
  } else if (const auto text = read_page(file, "Markdown", kMaxMarkdownBytes, report)) {
    parse_markdown(*text, file.path, sink, report);
  }
  if (progress) progress(file.bytes);
}

}  // namespace prepsearch
