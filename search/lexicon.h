// The lexicon: where a query's spellings and synonyms are read (the index itself, or a local
// database beside remote shards: live_index.h), its synonyms.txt table held in memory. A
// query looks up every run of up to kMaxSynonymWords words, and most runs begin with a word
// that begins no key: a set of first terms answers that without the database.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace prepsearch {

class Lexicon {
 public:
  // Reads `db`'s synonym table. Throws Xapian::Error if it cannot.
  explicit Lexicon(Xapian::Database db = {});

  const Xapian::Database& db() const { return db_; }
  // The synonyms of a key (core/terms.h synonym_keys), or nullptr.
  const std::vector<std::string>* synonyms(const std::string& key) const;
  // False when no key begins with the term `first` (a key's terms are joined by spaces).
  bool begins_a_key(const std::string& first) const { return first_terms_.count(first) != 0; }

 private:
  Xapian::Database db_;
  std::unordered_map<std::string, std::vector<std::string>> synonyms_;
  std::unordered_set<std::string> first_terms_;
};

}  // namespace prepsearch
