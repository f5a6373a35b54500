// Indexing one document: the only place that turns a Document into terms and values.
#include "indexer/index_writer.h"

#include <algorithm>

#include "core/rank_record.h"
#include "core/schema.h"
#include "core/terms.h"

namespace prepsearch {

Xapian::Document to_xapian(const Document& doc, Analyzer& analyzer) {
  namespace p = schema::prefix;
  Xapian::Document xdoc;
  xdoc.add_value(schema::kSlotRecord, stored_record(doc));
  xdoc.add_boolean_term(id_term(doc.id));

  Xapian::termpos pos = 0;
  analyzer.index_text(xdoc, doc.title, p::kTitle, 1, pos, doc.language);
  pos = 0;  // title: and free text are separate fields, each from position 1
  analyzer.index_text(xdoc, doc.title, "", schema::kTitleWdf, pos, doc.language);
  pos += schema::kFieldGap;
  analyzer.index_text(xdoc, doc.text, "", schema::kBodyWdf, pos, doc.language);

  // The title as a whole, its first words and its neighbouring word pairs, each one term:
  // an exact title, its start or a phrase of it typed as a query is found, and ranked, by
  // single terms, without reading positions.
  const auto title = tokenize(doc.title);
  const std::string exact = title_term(p::kTitleExact, title_key(title));
  if (!exact.empty()) xdoc.add_boolean_term(exact);
  for (std::size_t i = 0; i + 1 < title.size(); ++i) {
    const std::string pair = title_pair_term(title[i], title[i + 1]);
    if (!pair.empty()) xdoc.add_boolean_term(pair);
  }
  for (std::size_t words = 1; words <= std::min(title.size(), schema::kTitleStartWords); ++words) {
    const std::string start = title_term(p::kTitleStart, title_key(title, words));
    if (!start.empty()) xdoc.add_boolean_term(start);
  }

  for (const auto& term : defined_names(doc.text)) {
    if (!term.empty()) xdoc.add_boolean_term(term);
  }

  for (const auto& field : schema::kFields) {
    const auto values = values_of(doc, field);
    if (schema::has_role(field, schema::kFilter)) {
      for (const auto& value : values) xdoc.add_boolean_term(boolean_term(field.prefix, value));
    }
    if (field.slot != schema::kNoSlot && !values.empty())
      xdoc.add_value(field.slot, values.front());
  }
  if (!doc.translates.empty()) xdoc.add_boolean_term(translates_term(doc.translates));
  xdoc.add_value(schema::kSlotHash, document_hash(doc));
  xdoc.add_value(schema::kSlotRank, encode(rank_record(doc, analyzer)));
  return xdoc;
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, bool fresh)
    : db_(std::move(db)), fresh_(fresh) {}

void IndexWriter::put(const Document& doc) {
  if (fresh_) {
    db_.add_document(to_xapian(doc, analyzer_));
    ++counts_.added;
    return;
  }
  const std::string term = id_term(doc.id);
  const auto posting = db_.postlist_begin(term);
  if (posting == db_.postlist_end(term)) {
    db_.replace_document(term, to_xapian(doc, analyzer_));
    ++counts_.added;
    return;
  }
  // Compare hashes before building terms: an unchanged document is left exactly as it is.
  if (db_.get_document(*posting).get_value(schema::kSlotHash) == document_hash(doc)) {
    ++counts_.unchanged;
    return;
  }
  db_.replace_document(term, to_xapian(doc, analyzer_));
  ++counts_.replaced;
}

bool IndexWriter::remove(const std::string& id) {
  const std::string term = id_term(id);
  if (db_.postlist_begin(term) == db_.postlist_end(term)) return false;
  db_.delete_document(term);
  ++counts_.deleted;
  return true;
}

void IndexWriter::delete_others(const std::unordered_set<std::string>& keep) {
  const std::string prefix = schema::prefix::kId;
  std::vector<std::string> gone;
  for (auto term = db_.allterms_begin(prefix); term != db_.allterms_end(prefix); ++term) {
    if (keep.count((*term).substr(prefix.size())) == 0) gone.push_back(*term);
  }
  for (const auto& term : gone) db_.delete_document(term);
  counts_.deleted += gone.size();
}

void finish_index(Xapian::WritableDatabase& db, const Xapian::Database& vocabulary,
                  const std::vector<SynonymGroup>& synonyms, unsigned generation) {
  write_synonyms(db, synonyms);
  add_spelling_words(db, vocabulary);
  db.set_metadata(schema::metadata::kSchema, schema::kSchemaVersion);
  db.set_metadata(schema::metadata::kGeneration, std::to_string(generation));
}

// Built from the finished vocabulary rather than while indexing: Xapian stores each
// spelling word with its fragments, and doing that per shard and per flush cost more than
// the documents. A correction target should be a real word: in two or more documents,
// 3 to 24 bytes, starting with a letter (free-text terms are lower-case; prefixed terms
// start with a capital), no digits. Words only ever get added: a word whose documents
// are deleted by --update stays a candidate, so the server only offers indexed words.
void add_spelling_words(Xapian::WritableDatabase& db, const Xapian::Database& vocabulary) {
  constexpr std::size_t kMinBytes = 3, kMaxBytes = 24;
  const std::unordered_set<std::string> known(db.spellings_begin(), db.spellings_end());
  for (auto it = vocabulary.allterms_begin(); it != vocabulary.allterms_end(); ++it) {
    const std::string word = *it;
    const auto first = static_cast<unsigned char>(word[0]);
    if (first < 'a' && first < 0x80) continue;  // prefixed, or a digit or symbol
    if (word.size() < kMinBytes || word.size() > kMaxBytes || it.get_termfreq() < 2) continue;
    if (word.find_first_of("0123456789") != std::string::npos) continue;
    if (known.count(word) == 0) db.add_spelling(word, it.get_termfreq());
  }
}

}  // namespace prepsearch
