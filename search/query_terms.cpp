// A word or phrase to its Xapian terms: stems in each language, code terms whole, hyphenated
// words either way, prefixes being typed, and synonyms.txt groups.
#include <algorithm>
#include <cctype>

#include "core/schema.h"
#include "core/terms.h"

#include "search/query_builder.h"
#include "search/query_groups.h"

namespace prepsearch {
namespace {

// "cross-site", "class-based": words joined by hyphens, which people also write apart
// ("Cross Site Request Forgery"). Not "N+1" or "cache.get", whose parts alone say little.
bool is_hyphenated_words(const Token& token) {
  if (token.exact.empty() || token.parts.size() < 2) return false;
  const std::string& whole = token.exact.back();
  std::size_t letters = 0;
  for (const char c : whole) {
    if (c == '-') continue;
    if (!std::isalpha(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
      return false;
    ++letters;
  }
  return letters + token.parts.size() - 1 == whole.size();
}

Xapian::Query phrase_of_parts(const Token& token, const std::string& prefix) {
  std::vector<std::string> terms;
  for (const auto& part : token.parts) terms.push_back(prefix + part);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

}  // namespace

// The term a word is found by: a code term whole; a plain word by its stem in each of the
// query's languages, as one OP_SYNONYM when they differ.
Xapian::Query QueryBuilder::stemmed(const Token& token, const std::string& prefix) {
  std::string first = query_term(token, prefix, *stems_.front());
  if (!token.exact.empty() || stems_.size() == 1) return Xapian::Query(first);
  std::vector<std::string> terms{std::move(first)};
  for (std::size_t i = 1; i < stems_.size(); ++i) {
    std::string term = query_term(token, prefix, *stems_[i]);
    if (std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(std::move(term));
  }
  if (terms.size() == 1) return Xapian::Query(terms.front());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::word_query(const Token& token, const std::string& prefix, bool typing) {
  const bool code = !token.exact.empty();
  Xapian::Query word = stemmed(token, prefix);
  // Either spelling counts as one word, so it is one tier and is not counted twice.
  if (is_hyphenated_words(token) && phrases_left_ > 0) {
    --phrases_left_;
    word = Xapian::Query(Xapian::Query::OP_SYNONYM, word, phrase_of_parts(token, prefix));
  }
  if (code) word = scaled(word, params_.exact_boost);
  const std::string& typed = whole_word(token);
  // A word the index has is taken as typed: expanding "django" to its 32 most frequent
  // completions cost a millisecond and found nothing its stem did not.
  if (!typing || typed.size() < kMinPrefixBytes || term_frequency(db_, terms_, prefix + typed) > 0)
    return word;
  highlight_.prefixes.push_back(typed);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, word,
                       completions(prefix + typed, kMaxPrefixExpansion, true));
}

// The indexed terms that start with `prefix`: the first `max` in term order, or the `max`
// most frequent. Expanded here, not by OP_WILDCARD: Xapian 1.4 expands a wildcard in each
// database of a multi-database apart, so shards would each add their own first or most
// frequent terms; the merged vocabulary gives every layout the same terms.
std::vector<std::string> QueryBuilder::completion_terms(const std::string& prefix,
                                                        Xapian::termcount max,
                                                        bool most_frequent) const {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  std::size_t scanned = 0;
  const auto take = [&](std::string_view term, Xapian::doccount frequency) {
    if (++scanned > kMaxPrefixScan || (!most_frequent && found.size() == max)) return false;
    found.emplace_back(most_frequent ? frequency : 0, term);
    return true;
  };
  if (!terms_ || !terms_->each_starting(prefix, take)) {
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
      if (!take(*it, most_frequent ? it.get_termfreq() : 0)) break;
    }
  }
  if (found.size() > max) {
    // Most frequent first; among equals, term order (a stable sort keeps it).
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    found.resize(max);
  }
  std::vector<std::string> terms;
  terms.reserve(found.size());
  for (auto& [frequency, term] : found) terms.push_back(std::move(term));
  return terms;
}

// completion_terms(), ORed.
Xapian::Query QueryBuilder::completions(const std::string& prefix, Xapian::termcount max,
                                        bool most_frequent) const {
  const auto terms = completion_terms(prefix, max, most_frequent);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::phrase_query(const std::vector<Token>& tokens,
                                         const std::string& prefix) {
  for (const auto& token : tokens) add_highlight(token, false);
  if (tokens.size() == 1) {
    const Token& token = tokens.front();
    const Xapian::Query exact(prefix + whole_word(token));
    return scaled(exact, params_.exact_boost);
  }
  std::vector<std::string> terms;
  for (const auto& token : tokens) {
    for (const auto& part : token.parts) terms.push_back(prefix + part);
  }
  // Past the phrase budget, the words must all be there but not in order: a phrase check
  // reads positions for every candidate, and 250 of them once took a second.
  const bool checked = phrases_left_ > 0;
  if (checked) --phrases_left_;
  const Xapian::Query phrase =
      checked ? Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                              static_cast<Xapian::termcount>(terms.size()))
              : Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
  return scaled(phrase, params_.exact_boost);
}

Xapian::Query QueryBuilder::scaled(const Xapian::Query& query, double factor) {
  if (query.get_type() == Xapian::Query::LEAF_TERM)
    scaled_terms_.emplace_back(*query.get_terms_begin(), factor);
  if (query.get_type() == Xapian::Query::OP_SYNONYM)
    scaled_synonyms_.emplace_back(query.get_description(), factor);
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, factor);
}

// The longest run of words from tokens[first] that synonyms.txt knows, with its synonyms,
// as one OP_SYNONYM group; sets `used` to its length (0 and an empty query if none).
Xapian::Query QueryBuilder::synonym_group(const std::vector<Token>& tokens, std::size_t first,
                                          const std::string& prefix, std::size_t& used) {
  const auto begin = tokens.begin() + static_cast<std::ptrdiff_t>(first);
  const Token& head = tokens[first];
  const std::string& stem = english_(head.parts.front());
  if (!lexicon_.begins_a_key(stem) &&
      (head.exact.empty() || !lexicon_.begins_a_key(head.exact.back()))) {
    used = 0;
    return {};
  }
  for (used = std::min(tokens.size() - first, kMaxSynonymWords); used > 0; --used) {
    const std::vector<Token> words(begin, begin + static_cast<std::ptrdiff_t>(used));
    std::vector<std::string> members;
    for (const auto& key : synonym_keys(words, english_)) {
      if (const auto* synonyms = lexicon_.synonyms(key))
        members.insert(members.end(), synonyms->begin(), synonyms->end());
    }
    if (members.empty()) continue;
    std::vector<Xapian::Query> alternatives;
    alternatives.push_back(used == 1 ? word_query(words.front(), prefix, false)
                                     : phrase_query(words, prefix));
    if (used == 1) add_highlight(words.front(), true);
    for (const auto& member : members) {
      const auto member_tokens = tokenize(member);
      if (member_tokens.empty()) continue;
      if (member_tokens.size() > 1) {
        // Not highlighted: marking "n", "plus" and "one" everywhere would say nothing.
        const HighlightTerms kept = highlight_;
        alternatives.push_back(phrase_query(member_tokens, prefix));
        highlight_ = kept;
        continue;
      }
      alternatives.push_back(word_query(member_tokens.front(), prefix, false));
      add_highlight(member_tokens.front(), true);
    }
    return Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
  }
  return {};
}

}  // namespace prepsearch
