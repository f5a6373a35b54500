// The indexing run: read and check everything, write it, and switch only if all went well.
#include "indexer/index_run.h"

#include <filesystem>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "core/document.h"
#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "indexer/batch_reader.h"
#include "indexer/corpus_reader.h"
#include "indexer/disk_space.h"
#include "indexer/generations.h"
#include "indexer/index_writer.h"
#include "indexer/parallel_builder.h"
#include "indexer/progress.h"
#include "indexer/shards.h"

namespace prepsearch {
namespace {

std::string format_summary(const IndexOptions& options, std::size_t documents,
                           const WriteCounts& counts, double seconds, std::uint64_t bytes,
                           const Generation& generation) {
  std::ostringstream line;
  line.setf(std::ios::fixed);
  line.precision(2);
  line << "prepsearch-index: " << documents << " documents";
  if (options.update) {
    line << " (" << counts.added << " added, " << counts.replaced << " replaced, " << counts.deleted
         << " deleted, " << counts.unchanged << " unchanged)";
  }
  line << " in " << seconds << " s ("
       << static_cast<long>(static_cast<double>(documents) / (seconds > 0 ? seconds : 1))
       << " docs/s); database " << static_cast<double>(bytes) / (1 << 20) << " MiB at "
       << options.db << " (generation " << generation.number;
  if (generation.shards > 1) line << ", " << generation.shards << " shards";
  line << ")";
  return line.str();
}

// Says that bad input left the live index as it was; returns the exit code for it.
int refuse_input(const IndexOptions& options, std::size_t errors, std::ostream& err) {
  err << "prepsearch-index: " << errors << " error(s); the live index at " << options.db
      << " is unchanged\n";
  return kExitFailure;
}

// The documents of every database of `generation`.
std::size_t document_count(const Generation& generation) {
  std::size_t count = 0;
  for (const auto& path : database_paths(generation))
    count += Xapian::Database(path).get_doccount();
  return count;
}

// Refuses (returns the exit code, after saying why) a run that found no documents, or that
// would keep fewer than kMinKeptShare of the live index's `live_documents` without
// --allow-shrink; returns kExitOk to go on.
int check_shrink(const IndexOptions& options, std::size_t live_documents, std::size_t documents,
                 std::ostream& err) {
  std::string paths;
  for (const auto& path : options.paths) paths += (paths.empty() ? "" : ", ") + path;
  if (documents == 0) {
    err << "prepsearch-index: found no documents in " << paths
        << " (a mistyped or unmounted path?); an index is never emptied";
  } else if (!options.allow_shrink &&
             static_cast<double>(documents) < static_cast<double>(live_documents) * kMinKeptShare) {
    err << "prepsearch-index: " << paths << " hold " << documents << " documents, the live index "
        << live_documents << ": fewer than " << kMinKeptShare * 100
        << "% of them would be left (a part of the corpus missing?); pass --allow-shrink if "
           "that is meant";
  } else {
    return kExitOk;
  }
  err << "; the live index at " << options.db << " is unchanged\n";
  return kExitFailure;
}

// Removes an unpublished generation however the rebuild ends (bad input, a full disk, an
// exception): only a published one stays on disk.
class UnpublishedGeneration {
 public:
  explicit UnpublishedGeneration(std::string path) : path_(std::move(path)) {}
  ~UnpublishedGeneration() {
    if (path_.empty()) return;
    std::error_code ignored;  // its workers' parts: ParallelBuilder removes its own
    std::filesystem::remove_all(path_, ignored);
  }
  UnpublishedGeneration(const UnpublishedGeneration&) = delete;
  UnpublishedGeneration& operator=(const UnpublishedGeneration&) = delete;
  void published() { path_.clear(); }

 private:
  std::string path_;
};

// Opens every database of `generation` for writing.
std::vector<Xapian::WritableDatabase> open_databases(const Generation& generation) {
  std::vector<Xapian::WritableDatabase> databases;
  for (const auto& path : database_paths(generation)) {
    databases.emplace_back(path, Xapian::DB_OPEN);
  }
  return databases;
}

// A full rebuild into a new generation, published only if every input was good. Each shard
// is built by its own ParallelBuilder; the cores are shared out between them.
int rebuild(const IndexOptions& options, std::size_t live_documents, unsigned shards,
            std::ostream& out, std::ostream& err) {
  std::uint64_t input_bytes = 0;
  for (const auto& path : options.paths) input_bytes += bytes_under(path);
  require_free_space(options.db, input_bytes * kIndexBytesPerInputByte, "the new generation");
  const Generation generation = next_generation(options.db, shards);
  UnpublishedGeneration unpublished(generation.path);
  Progress progress(err, options.progress && !options.quiet, 0);
  std::size_t errors = 0;
  std::size_t documents = 0;
  std::vector<SynonymGroup> synonyms;
  {
    if (shards > 1) std::filesystem::create_directory(generation.path);
    const unsigned workers = std::max(1u, ParallelBuilder::default_workers() / shards);
    std::vector<std::unique_ptr<ParallelBuilder>> builders;
    for (const auto& path : database_paths(generation)) {
      builders.push_back(std::make_unique<ParallelBuilder>(path, workers));
    }
    BatchReader reader(
        [&](Document&& doc) {
          const unsigned shard = shard_of(doc.id, shards);
          builders[shard]->put(std::move(doc));
        },
        options, err, progress);
    errors = reader.read(options.paths);
    documents = reader.documents();
    synonyms = reader.synonyms();
    progress.finish();
    if (errors != 0) return refuse_input(options, errors, err);
    // Files against files: the journal's documents are in the live index and the new one.
    const std::size_t http = reader.http_documents();
    if (const int refused = check_shrink(options, live_documents - std::min(live_documents, http),
                                         reader.file_documents(), err))
      return refused;
    for (auto& builder : builders) builder->finish();
  }
  {
    auto databases = open_databases(generation);
    finish_shards(databases, synonyms, generation.number);
    for (auto& db : databases) db.commit();
  }
  publish(options.db, generation);
  unpublished.published();
  remove_generations_except(options.db, generation);
  if (!options.quiet) {
    WriteCounts counts;
    counts.added = documents;
    out << format_summary(options, documents, counts, progress.seconds(),
                          generation_bytes(generation), generation)
        << '\n';
  }
  return kExitOk;
}

// Changes the live generation in place, in one transaction per shard: nothing is committed
// unless every input was good, so readers see the old revision or the new one of each
// shard. The shards commit one after another: a reader may briefly see one shard's changes
// before another's (a rebuild switches them all at once).
int update(const IndexOptions& options, const Generation& live, std::ostream& out,
           std::ostream& err) {
  if (options.shards != 0 && options.shards != live.shards) {
    err << "prepsearch-index: " << options.db << " has " << live.shards << " shard(s); --update"
        << " cannot change that: rebuild it (run without --update)\n";
    return kExitUsage;
  }
  std::uint64_t input_bytes = 0;
  for (const auto& path : options.paths) input_bytes += bytes_under(path);
  require_free_space(options.db, input_bytes * kIndexBytesPerInputByte, "the update");
  auto databases = open_databases(live);
  for (const auto& db : databases) {
    if (db.get_metadata(schema::metadata::kSchema) != schema::kSchemaVersion) {
      err << "prepsearch-index: " << options.db << " was written with another schema version;"
          << " rebuild it (run without --update)\n";
      return kExitFailure;
    }
  }
  std::size_t live_documents = 0;
  for (const auto& db : databases) live_documents += db.get_doccount();
  Progress progress(err, options.progress && !options.quiet, 0);
  ShardedWriter writer(databases);
  for (auto& db : databases) db.begin_transaction();
  BatchReader reader([&writer](Document&& doc) { writer.put(doc); }, options, err, progress);
  const std::size_t errors = reader.read(options.paths);
  progress.finish();
  const int refused =
      errors != 0 ? refuse_input(options, errors, err)
                  : check_shrink(options,
                                 live_documents - std::min(live_documents, reader.http_documents()),
                                 reader.file_documents(), err);
  if (refused != kExitOk) {
    for (auto& db : databases) db.cancel_transaction();
    return refused;
  }
  writer.delete_others(reader.ids());
  finish_shards(databases, reader.synonyms(), live.number);
  for (auto& db : databases) db.commit_transaction();
  for (auto& db : databases) db.close();
  if (!options.quiet) {
    out << format_summary(options, reader.documents(), writer.counts(), progress.seconds(),
                          generation_bytes(live), live)
        << '\n';
  }
  return kExitOk;
}

}  // namespace

int run_index(const IndexOptions& options, std::ostream& out, std::ostream& err) {
  const std::filesystem::path folder = std::filesystem::path(options.db).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder)) {
    err << "prepsearch-index: the folder " << folder.string() << " of --db " << options.db
        << " does not exist; create it, or name another\n";
    return kExitUsage;
  }
  try {
    IndexLock lock(options.db);
    const auto live = live_generation(options.db);
    // What a killed run left (its generation, its parts, half-written stubs) goes first,
    // so that crashes never add up on disk. The lock says no other indexer is writing them.
    remove_generations_except(options.db, live ? *live : Generation{});
    remove_stub_leftovers(options.db);
    if (options.update && live) return update(options, *live, out, err);
    const unsigned shards = options.shards != 0 ? options.shards : live ? live->shards : 1;
    return rebuild(options, live ? document_count(*live) : 0, shards, out, err);
  } catch (const IndexPathError& e) {
    err << "prepsearch-index: " << e.what() << '\n';
  } catch (const Xapian::Error& e) {
    err << "prepsearch-index: " << e.get_description() << '\n';
  } catch (const std::exception& e) {
    err << "prepsearch-index: " << e.what() << '\n';
  }
  err << "prepsearch-index: the live index at " << options.db << " is unchanged\n";
  return kExitFailure;
}

}  // namespace prepsearch
