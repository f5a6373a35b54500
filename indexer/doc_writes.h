// Documents written over HTTP (POST /api/docs, DELETE /api/docs/{id}), applied to the live
// index in place by the one writer Xapian allows at a time.
//
// Durable before acknowledged: a batch is checked whole, then appended to the journal
// (journal_path(): `db` + ".http.jsonl") and synced, then applied in one transaction per
// shard, whose commit Xapian syncs. The journal keeps them: a rebuild or an --update from
// files reads it after the corpus (journal_documents(), corpus/README.md), so a document
// written over HTTP stays until it is deleted over HTTP. The writer lock (IndexLock, the
// same file prepsearch-index holds) lets one writer in at a time, process or request.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"

#include "indexer/index_writer.h"

namespace prepsearch {

// Lines (documents) one POST may carry.
inline constexpr std::size_t kMaxBatchLines = 1000;

// What is wrong with a batch: the first bad line (1-based) and why. Nothing of it is applied.
class BatchError : public std::runtime_error {
 public:
  BatchError(std::size_t line, const std::string& message)
      : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

// Another writer holds the index: prepsearch-index, or another batch.
class WriterBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A checked batch: its documents, each with the line it came as (what the journal keeps).
struct DocBatch {
  std::vector<Document> documents;
  std::vector<std::string> lines;
};

// Parses an NDJSON body, one record a line in the JSONL shape (corpus/README.md; blank
// lines skipped), `language` for a record that names none. Throws BatchError for a bad
// record, an id twice, a text over schema::kMaxStoredTextBytes, an id over
// schema::kMaxIdBytes, no record at all, or more than kMaxBatchLines.
DocBatch parse_doc_batch(std::string_view body, const std::string& language);

std::string journal_path(const std::string& db);

// Appends `batch` to the journal, then writes it into the live index at `db` and commits.
// Throws WriterBusy if another writer holds the index, IndexPathError if there is none.
WriteCounts write_documents(const std::string& db, const DocBatch& batch);

// Journals the deletion, then deletes the document with `id`; false (and nothing journaled)
// if the live index holds none. Throws as write_documents().
bool delete_document(const std::string& db, const std::string& id);

// The documents the journal holds now: each id's last write, unless deleted after it, in
// the order first written. A line that cannot be read is reported as FILE:LINE.
std::vector<Document> journal_documents(const std::string& db, const DiagnosticSink& report);

}  // namespace prepsearch
