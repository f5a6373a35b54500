// The lexicon's synonym table, read once per database revision.
#include "search/lexicon.h"

namespace prepsearch {

Lexicon::Lexicon(Xapian::Database db) : db_(std::move(db)) {
  for (auto key = db_.synonym_keys_begin(); key != db_.synonym_keys_end(); ++key) {
    const std::string& text = *key;
    synonyms_.emplace(text,
                      std::vector<std::string>(db_.synonyms_begin(text), db_.synonyms_end(text)));
    first_terms_.insert(text.substr(0, text.find(' ')));
  }
}

const std::vector<std::string>* Lexicon::synonyms(const std::string& key) const {
  const auto found = synonyms_.find(key);
  return found == synonyms_.end() ? nullptr : &found->second;
}

}  // namespace prepsearch
