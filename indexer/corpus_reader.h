// Corpus paths → files → parsed Documents, with the file-level checks (size, UTF-8, empty).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

#include "indexer/html_page.h"
#include "indexer/synonyms.h"

namespace prepsearch {

// A Markdown page is read whole; a larger one is reported, not read.
inline constexpr std::size_t kMaxMarkdownBytes = std::size_t{64} << 20;
// An HTML page is parsed into a tree of up to about 70 times its size (misnested inline
// markup, bench/REPORT.md): a larger one is reported. Real pages come to well under 1 MiB.
inline constexpr std::size_t kMaxHtmlBytes = std::size_t{8} << 20;

struct CorpusFile {
  std::string path;
  std::size_t bytes = 0;
  std::string root;  // the folder it was found in, as named; empty for a file named alone
};

// The corpus files named by `paths`: a file as given (any extension), a folder searched
// recursively for *.md (except README.md), *.html, *.htm, *.jsonl and synonyms.txt, in
// sorted order. A path that does not exist is reported.
std::vector<CorpusFile> list_corpus_files(const std::vector<std::string>& paths,
                                          const DiagnosticSink& report);

// True for a file named synonyms.txt, read with read_synonyms_file(), not as a page.
bool is_synonyms_file(const CorpusFile& file);

// Reads and parses a synonyms file, reporting what is wrong with it.
std::vector<SynonymGroup> read_synonyms_file(const CorpusFile& file, const DiagnosticSink& report);

// The page's path on the site: the file's path under its root ("/ref/models/querysets.html"),
// or its name for a file named alone.
std::string site_url(const CorpusFile& file);

// Parses one file by its extension (.jsonl is JSONL, .html and .htm HTML with headings down
// to h<html_heading_depth> starting documents, anything else Markdown). `progress` receives
// the bytes of this file consumed so far.
void read_corpus_file(const CorpusFile& file, const DocumentSink& sink,
                      const DiagnosticSink& report,
                      const std::function<void(std::size_t bytes)>& progress = {},
                      unsigned html_heading_depth = kDefaultHtmlHeadingDepth);

}  // namespace prepsearch
