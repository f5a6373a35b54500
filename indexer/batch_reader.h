// Reading a run's input: the journal of documents written over HTTP, then every corpus file,
// each document checked (ids unique across files, text and id sizes, language) and handed on.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"

#include "indexer/doc_writes.h"
#include "indexer/index_run.h"
#include "indexer/progress.h"
#include "indexer/synonyms.h"

namespace prepsearch {

using Put = std::function<void(Document&&)>;

// Reads every corpus file into `put`, checking ids for duplicates across files.
class BatchReader {
 public:
  BatchReader(Put put, const IndexOptions& options, std::ostream& err, Progress& progress)
      : put_(std::move(put)),
        journal_(journal_path(options.db)),
        db_(options.db),
        language_(options.language),
        html_heading_depth_(options.html_heading_depth),
        quiet_(options.quiet),
        err_(err),
        progress_(progress) {}

  // Reads the journal, then all of `paths`; returns the number of errors.
  std::size_t read(const std::vector<std::string>& paths);
  const std::unordered_set<std::string> ids() const;
  std::size_t documents() const { return seen_.size(); }
  // The documents from the corpus files, not from the journal of HTTP writes.
  std::size_t file_documents() const { return seen_.size() - http_ids_.size(); }
  std::size_t http_documents() const { return http_ids_.size(); }
  const std::vector<SynonymGroup>& synonyms() const { return synonyms_; }

 private:
  void report(Diagnostic&& diagnostic);
  void accept(Document&& doc, std::size_t line, const std::string& file);
  void check_language(Document& doc, std::size_t line, const std::string& file);
  void read_journal();

  Put put_;
  const std::string journal_;  // of documents written over HTTP (indexer/doc_writes.h)
  const std::string db_;
  std::unordered_set<std::string> http_ids_;
  const std::string language_;  // of a document that says none (--language)
  const unsigned html_heading_depth_;
  const bool quiet_;  // errors only: warnings are counted, not printed
  std::ostream& err_;
  Progress& progress_;
  std::unordered_map<std::string, std::string> seen_;  // id → "file:line" where it was first
  std::vector<SynonymGroup> synonyms_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

}  // namespace prepsearch
