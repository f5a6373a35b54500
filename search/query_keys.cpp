// The query's key terms: the title that is the query, the titles it starts, the page it
// names and the name it is. Rare terms: the documents holding them join the first phase's
// window (search/first_phase.h) and the second phase ranks them by which they hold.
#include "core/schema.h"
#include "core/terms.h"

#include "search/query_builder.h"
#include "search/query_groups.h"

namespace prepsearch {

Xapian::Query QueryKeys::any() const {
  std::vector<std::string> terms;
  each([&](const std::string& term, KeyBit) { terms.push_back(term); });
  if (terms.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The key terms of the query's words (all of them, stopwords too). `typing`: the last word
// may be unfinished (no space after it), so the titles it starts are its completions.
QueryKeys QueryBuilder::keys_of(const std::vector<Token>& words, bool typing) const {
  namespace p = schema::prefix;
  QueryKeys keys;
  if (words.empty()) return keys;
  const std::string key = title_key(words);
  if (params_.title_exact > 0) keys.exact = title_term(p::kTitleExact, key);
  const std::string start = title_term(p::kTitleStart, key);
  if (params_.title_start > 0 && !start.empty() && words.size() <= schema::kTitleStartWords) {
    if (typing) {
      keys.starts = completion_terms(start, kMaxTitleStartExpansion, false);
    } else {
      keys.starts.push_back(start);
    }
  }
  keys.page = named_page(words);
  if (params_.defines > 0 && words.size() == 1) keys.defined = defined_term(words.front());
  return keys;
}

// The title words `typed` begins (once it is kMinPrefixBytes long), without their prefix: the
// second phase finds a title holding the query's words with the last one unfinished.
std::vector<std::string> QueryBuilder::title_completions(const Token& typed) const {
  const std::string& word = whole_word(typed);
  if (!typed.exact.empty() || word.size() < kMinPrefixBytes) return {};
  const std::string prefix = schema::prefix::kTitle;
  auto terms = completion_terms(prefix + word, kMaxPrefixExpansion, true);
  for (auto& term : terms) term.erase(0, prefix.size());
  return terms;
}

// The section (page) term when the query's words are a page's name, as written ("QuerySet
// API reference"): that page's sections match too, and rank first (section_exact). Looked
// up first, so a query that names no page costs one term lookup.
std::string QueryBuilder::named_page(const std::vector<Token>& words) const {
  if (params_.section_exact <= 0 || words.empty()) return {};
  std::string term = title_term(schema::prefix::kSection, title_key(words));
  if (term.empty() || term_frequency(db_, terms_, term) == 0) return {};
  return term;
}

}  // namespace prepsearch
