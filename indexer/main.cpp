// prepsearch-index: argv → IndexOptions → run_index() → exit code.
#include <iostream>
#include <string>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "core/command_line.h"
#include "core/schema.h"
#include "core/version.h"

#include "indexer/index_run.h"
#include "indexer/shards.h"

int main(int argc, char** argv) {
  prepsearch::IndexOptions options;
  CLI::App app{
      "Index interview pages (Markdown) and JSONL records into a Xapian database.\n"
      "A rebuild switches the live index atomically; bad input leaves it untouched."};
  app.name("prepsearch-index");
  app.set_version_flag("--version", prepsearch::kVersion);
  app.add_option("--db", options.db, "database stub path, e.g. data/index")->required();
  app.add_flag("--update", options.update,
               "update the live index in place: add, replace, delete only what changed");
  app.add_option("--shards", options.shards,
                 "split the index into this many databases, searched as one (default: as many "
                 "as the live index has, else 1)")
      ->check(CLI::Range(1u, prepsearch::kMaxShards));
  app.add_flag("--allow-shrink", options.allow_shrink,
               "publish even if fewer than " +
                   std::to_string(static_cast<int>(prepsearch::kMinKeptShare * 100)) +
                   "% of the live index's documents are left (a run that finds no document is "
                   "always refused)");
  prepsearch::add_language_option(
      app, "--language", options.language,
      "the language (ISO 639-1 code) of pages and records that say none (default en)");
  app.add_option("--html-depth", options.html_heading_depth,
                 "an HTML page's headings h1 to h<N> start a document (default 3)")
      ->check(CLI::Range(1u, 6u));
  app.add_flag("--quiet", options.quiet, "print errors only");
  app.add_option("paths", options.paths, "corpus files and folders (*.md, *.html, *.jsonl)")
      ->required();
  int exit_code = prepsearch::kExitOk;
  if (!prepsearch::parse_command_line(app, argc, argv, std::cout, std::cerr, exit_code)) {
    return exit_code;
  }
  options.progress = ::isatty(STDERR_FILENO) != 0;
  // run_index reports the errors it expects; anything else still ends in one line.
  return prepsearch::run_reporting_errors("prepsearch-index", std::cerr, [&] {
    return prepsearch::run_index(options, std::cout, std::cerr);
  });
}
