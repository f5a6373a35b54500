// The bonuses that rank a built query: title signals, the named page, a defined name, the
// question prior and the reader's language, each a FixedWeightPostingSource (ranking.h).
#include "core/schema.h"
#include "core/terms.h"

#include "search/query_builder.h"
#include "search/query_groups.h"
#include "search/ranking.h"

namespace prepsearch {

// The title signals of the query's words (all of them, stopwords too), each a bonus.
// `typing`: the last word may be unfinished (no space after it).
std::vector<Xapian::Query> QueryBuilder::title_bonuses(const std::vector<Token>& words,
                                                       bool typing) {
  using Q = Xapian::Query;
  namespace p = schema::prefix;
  std::vector<Q> bonuses;
  if (words.empty()) return bonuses;
  const std::string key = title_key(words);
  const std::string exact = title_term(p::kTitleExact, key);
  if (params_.title_exact > 0 && !exact.empty())
    bonuses.push_back(bonus(params_.title_exact, Q(exact)));
  const std::string start = title_term(p::kTitleStart, key);
  if (params_.title_start > 0 && !start.empty() && words.size() <= schema::kTitleStartWords) {
    const Q starts = typing ? completions(start, kMaxTitleStartExpansion, false) : Q(start);
    bonuses.push_back(bonus(params_.title_start, starts));
  }
  // A query longer than any title a person types is not looked for as a phrase of one,
  // nor word by word (each would be a term per word).
  if (words.size() > kMaxTitleWords) return bonuses;
  if (params_.title_phrase > 0 && words.size() >= 2) {
    bonuses.push_back(bonus(params_.title_phrase, title_phrase(words)));
  }
  if (params_.title_all > 0) {
    std::vector<Q> each;
    each.reserve(words.size());
    for (const auto& token : words) each.push_back(title_word(token));
    const std::string& last = whole_word(words.back());
    if (typing && last.size() >= kMinPrefixBytes) {
      each.back() =
          Q(Q::OP_SYNONYM, each.back(), completions(p::kTitle + last, kMaxPrefixExpansion, true));
    }
    bonuses.push_back(bonus(params_.title_all, Q(Q::OP_AND, each.begin(), each.end())));
  }
  return bonuses;
}

// `query` with every bonus that applies on the right of an OP_AND_MAYBE: they rank, they
// never add a match. `tiered`: the query is short enough for tiers (RankingParams).
Xapian::Query QueryBuilder::with_bonuses(const Xapian::Query& query, const Groups& groups,
                                         const Words& words, bool tiered) {
  using Q = Xapian::Query;
  namespace p = schema::prefix;
  std::vector<Q> bonuses;
  // Per word group in the title only where tiers rank (a short query): against a long
  // query's BM25 sum a fixed bonus per title word would outweigh the body (SciFact's
  // training claims lost much of their nDCG@10 with it).
  if (tiered && params_.title_word > 0 && groups.word_count() > 1) {
    for (const auto* list : {&groups.required, &groups.optional}) {
      for (const auto& group : *list) {
        if (!group.title.empty()) bonuses.push_back(bonus(params_.title_word, group.title));
      }
    }
  }
  for (auto& title : title_bonuses(words.tokens, words.typing)) bonuses.push_back(std::move(title));
  if (!groups.page.empty()) bonuses.push_back(bonus(params_.section_exact, groups.page));
  if (params_.defines > 0 && words.tokens.size() == 1) {
    const std::string defined = defined_term(words.tokens.front());
    if (!defined.empty()) bonuses.push_back(bonus(params_.defines, Q(defined)));
  }
  if (tiered && params_.question_prior > 0) {
    bonuses.push_back(
        bonus(params_.question_prior, Q(boolean_term(p::kKind, schema::kKindQuestion))));
  }
  if (params_.written_language > 0) {
    for (const auto& language : written_) {
      bonuses.push_back(bonus(params_.written_language, Q(boolean_term(p::kLanguage, language))));
    }
  }
  if (bonuses.empty()) return query;
  return Q(Q::OP_AND_MAYBE, query, Q(Q::OP_OR, bonuses.begin(), bonuses.end()));
}

// The section (page) term when the query's words are a page's name, as written ("QuerySet
// API reference"): that page's sections match too, and rank first (section_exact). Looked
// up first, so a query that names no page costs one term lookup.
Xapian::Query QueryBuilder::named_page(const std::vector<Token>& words) const {
  if (params_.section_exact <= 0 || words.empty()) return {};
  const std::string term = title_term(schema::prefix::kSection, title_key(words));
  if (term.empty() || !db_.term_exists(term)) return {};
  return Xapian::Query(term);
}

}  // namespace prepsearch
