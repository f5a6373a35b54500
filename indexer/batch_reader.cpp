// Every input of a run through the same checks, the journal first.
#include "indexer/batch_reader.h"

#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "indexer/corpus_reader.h"

namespace prepsearch {
namespace {

// Too many errors usually means the wrong file; stop reporting and say how many more.
constexpr std::size_t kMaxReportedErrors = 50;

}  // namespace

void BatchReader::report(Diagnostic&& diagnostic) {
  std::size_t& count = diagnostic.warning ? warnings_ : errors_;
  if (++count <= kMaxReportedErrors && !(diagnostic.warning && quiet_))
    err_ << to_string(diagnostic) << '\n';
}

// Fills in the run's language when the document says none, and warns when its letters are
// plainly not its language's: Cyrillic words under a language written in Latin letters (a
// Ukrainian corpus that says no language would count as English, and rank as English).
void BatchReader::check_language(Document& doc, std::size_t line, const std::string& file) {
  if (doc.language.empty()) doc.language = language_;
  static const std::unordered_set<std::string> kCyrillicScript = {
      "ba", "be", "bg", "ce", "cv", "kk", "ky", "mk", "mn", "ru", "sr", "tg", "tt", "uk"};
  if (kCyrillicScript.count(doc.language) != 0) return;
  if (cyrillic_share(doc.title) + cyrillic_share(doc.text) <= 1.0) return;  // half, on average
  report({file, line,
          "\"" + doc.id + "\" is indexed as " + doc.language +
              ", but most of its letters are Cyrillic; say its language (language: uk, or "
              "prepsearch-index --language uk)",
          true});
}

void BatchReader::accept(Document&& doc, std::size_t line, const std::string& file) {
  if (http_ids_.count(doc.id) != 0 && file != journal_) {
    report({file, line,
            "\"" + doc.id + "\" was written over HTTP: that version is kept (DELETE " +
                "/api/docs/{id} lets this one in)",
            true});
    return;
  }
  check_language(doc, line, file);
  if (doc.text.size() > schema::kMaxStoredTextBytes) {
    report({file, line,
            "the text of \"" + doc.id + "\" is over " +
                std::to_string(schema::kMaxStoredTextBytes >> 20) + " MiB; only its first " +
                std::to_string(schema::kMaxStoredTextBytes) + " bytes are indexed",
            true});
    doc.text.resize(utf8_prefix_length(doc.text, schema::kMaxStoredTextBytes));
  }
  for (const auto* id : {&doc.id, &doc.translates}) {
    if (id->size() > schema::kMaxIdBytes) {
      report({file, line,
              std::string(id == &doc.id ? "id" : "translates") + " is " +
                  std::to_string(id->size()) + " bytes; at most " +
                  std::to_string(schema::kMaxIdBytes) + " are allowed"});
      return;
    }
  }
  const std::string where = file + ":" + std::to_string(line);
  const auto [it, inserted] = seen_.emplace(doc.id, where);
  if (!inserted) {
    report({file, line, "duplicate id \"" + doc.id + "\" (first at " + it->second + ")"});
    return;
  }
  if (errors_ == 0) put_(std::move(doc));  // after an error the run is void: only keep checking
}

// The documents written over HTTP come first: they stay, whatever the files hold.
void BatchReader::read_journal() {
  for (auto& doc : journal_documents(db_, [this](Diagnostic&& d) { report(std::move(d)); })) {
    http_ids_.insert(doc.id);
    accept(std::move(doc), 1, journal_);
  }
}

std::size_t BatchReader::read(const std::vector<std::string>& paths) {
  read_journal();
  const auto files = list_corpus_files(paths, [this](Diagnostic&& d) { report(std::move(d)); });
  std::size_t total = 0;
  for (const auto& file : files) total += file.bytes;
  progress_.set_total(total);
  std::size_t done = 0;
  for (const auto& file : files) {
    if (is_synonyms_file(file)) {
      auto groups = read_synonyms_file(file, [this](Diagnostic&& d) { report(std::move(d)); });
      synonyms_.insert(synonyms_.end(), groups.begin(), groups.end());
      done += file.bytes;
      continue;
    }
    read_corpus_file(
        file, [&](Document&& doc, std::size_t line) { accept(std::move(doc), line, file.path); },
        [this](Diagnostic&& d) { report(std::move(d)); },
        [&](std::size_t bytes) { progress_.update(seen_.size(), done + bytes); },
        html_heading_depth_);
    done += file.bytes;
  }
  if (errors_ > kMaxReportedErrors) {
    err_ << "prepsearch-index: " << errors_ - kMaxReportedErrors << " more errors not shown\n";
  }
  if (warnings_ > kMaxReportedErrors && !quiet_) {
    err_ << "prepsearch-index: " << warnings_ - kMaxReportedErrors << " more warnings not shown\n";
  }
  return errors_;
}

const std::unordered_set<std::string> BatchReader::ids() const {
  std::unordered_set<std::string> ids;
  for (const auto& [id, where] : seen_) ids.insert(id);
  return ids;
}
}  // namespace prepsearch
