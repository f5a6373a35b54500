// Checking a batch, the journal, and the transaction that applies it.
#include "indexer/doc_writes.h"

#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/input_error.h"
#include "core/schema.h"
#include "core/text_fold.h"

#include "indexer/generations.h"
#include "indexer/jsonl_reader.h"
#include "indexer/shards.h"

namespace prepsearch {
namespace {

constexpr char kSource[] = "POST /api/docs";

// A checked document, or the BatchError that says why not.
Document checked(std::string_view line, std::size_t number, const std::string& language) {
  if (find_invalid_utf8(line)) throw BatchError(number, "invalid UTF-8");
  Document doc;
  try {
    doc = parse_jsonl_record(line, kSource);
  } catch (const InputError& e) {
    throw BatchError(number, e.what());
  }
  if (doc.language.empty()) doc.language = language;
  if (doc.text.size() > schema::kMaxStoredTextBytes) {
    throw BatchError(number, "field \"text\" is over " +
                                 std::to_string(schema::kMaxStoredTextBytes >> 20) + " MiB");
  }
  if (doc.id.size() > schema::kMaxIdBytes) {
    throw BatchError(number, "field \"id\" is " + std::to_string(doc.id.size()) +
                                 " bytes; at most " + std::to_string(schema::kMaxIdBytes) +
                                 " are allowed");
  }
  return doc;
}

// The record as a JSONL line: every field a record may give, as parse_jsonl_record reads it.
std::string record_line(const Document& doc) {
  nlohmann::json record = nlohmann::json::object();
  for (const auto& field : schema::kFields) {
    if (!schema::has_role(field, schema::kFromJsonl)) continue;
    if (const auto list = list_member(field.id)) {
      if (!(doc.*list).empty()) record[field.name] = doc.*list;
    } else if (!(doc.*text_member(field.id)).empty()) {
      record[field.name] = doc.*text_member(field.id);
    }
  }
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The writer lock, the live generation's databases in a transaction each, and a writer.
class InPlaceWrite {
 public:
  explicit InPlaceWrite(const std::string& db) : lock_(locked(db)) {
    const auto live = live_generation(db);
    if (!live) throw IndexPathError("there is no index at " + db + " to write to");
    for (const auto& path : database_paths(*live)) databases_.emplace_back(path, Xapian::DB_OPEN);
    for (auto& database : databases_) database.begin_transaction();
    writer_.emplace(databases_);
  }
  ShardedWriter& writer() { return *writer_; }
  void commit() {
    for (auto& database : databases_) database.commit_transaction();
  }

 private:
  static IndexLock locked(const std::string& db) {
    try {
      return IndexLock(db);
    } catch (const IndexBusy& e) {
      throw WriterBusy(e.what());
    }
  }
  IndexLock lock_;
  std::vector<Xapian::WritableDatabase> databases_;
  std::optional<ShardedWriter> writer_;
};

}  // namespace

DocBatch parse_doc_batch(std::string_view body, const std::string& language) {
  DocBatch batch;
  std::unordered_map<std::string, std::size_t> first_line;  // id → the line it came on
  std::size_t number = 0;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = std::min(body.find('\n', at), body.size());
    const std::string_view line = body.substr(at, end - at);
    at = end + 1;
    ++number;
    if (is_blank_line(line)) continue;
    if (batch.documents.size() == kMaxBatchLines) {
      throw BatchError(number, "a batch holds at most " + std::to_string(kMaxBatchLines) +
                                   " documents: send the rest in another");
    }
    Document doc = checked(line, number, language);
    const auto [seen, added] = first_line.emplace(doc.id, number);
    if (!added) {
      throw BatchError(number, "id \"" + doc.id + "\" is in the batch twice (first on line " +
                                   std::to_string(seen->second) + ")");
    }
    batch.lines.push_back(record_line(doc));
    batch.documents.push_back(std::move(doc));
  }
  if (batch.documents.empty()) throw BatchError(1, "no document: send one JSON object a line");
  return batch;
}

std::string journal_path(const std::string& db) { return db + ".http.jsonl"; }

WriteCounts write_documents(const std::string& db, const DocBatch& batch) {
  InPlaceWrite write(db);
  std::string lines;
  for (const auto& line : batch.lines) lines += line;
  append_durably(journal_path(db), lines);
  for (const auto& doc : batch.documents) write.writer().put(doc);
  write.commit();
  return write.writer().counts();
}

bool delete_document(const std::string& db, const std::string& id) {
  InPlaceWrite write(db);
  {
    // Whether it exists, before anything is journaled.
    Xapian::Database live(db);
    if (!find_document(live, id)) return false;
  }
  append_durably(journal_path(db), nlohmann::json({{"delete", id}}).dump() + "\n");
  write.writer().remove(id);
  write.commit();
  return true;
}

std::vector<Document> journal_documents(const std::string& db, const DiagnosticSink& report) {
  const std::string path = journal_path(db);
  std::ifstream in(path, std::ios::binary);
  std::vector<Document> documents;
  std::unordered_map<std::string, std::size_t> at;  // id → index in documents
  std::unordered_set<std::size_t> deleted;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (is_blank_line(line)) continue;
    try {
      const auto record = nlohmann::json::parse(line);
      if (record.is_object() && record.contains("delete") && record["delete"].is_string()) {
        const auto found = at.find(record["delete"].get<std::string>());
        if (found != at.end()) deleted.insert(found->second);
        continue;
      }
      Document doc = parse_jsonl_record(line, kSource);
      const auto [found, added] = at.emplace(doc.id, documents.size());
      deleted.erase(found->second);
      if (added) {
        documents.push_back(std::move(doc));
      } else {
        documents[found->second] = std::move(doc);
      }
    } catch (const std::exception& e) {
      report({path, number, e.what()});
    }
  }
  std::vector<Document> kept;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (deleted.count(i) == 0) kept.push_back(std::move(documents[i]));
  }
  return kept;
}

}  // namespace prepsearch
