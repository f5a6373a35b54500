// Building the Xapian query: words, phrases, synonyms, prefixes, exclusions and filters.
#include "search/query_builder.h"

#include <algorithm>

#include "core/schema.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "search/query_groups.h"
#include "search/ranking.h"
#include "search/spelling.h"

namespace prepsearch {
namespace {

// The boolean term of a filter; a parameter the schema does not know gives a term that
// no document has, so the filter matches nothing.
std::string filter_term(const std::string& param, const std::string& value) {
  const schema::Field* field = schema::filter_field(param);
  return field ? boolean_term(field->prefix, value) : std::string();
}

bool is_plain_stopword(const Token& token) {
  return token.exact.empty() && is_stopword(token.parts.front());
}

Xapian::Query any_of(const std::vector<Xapian::Query>& queries) {
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

Xapian::Query filter_query(const Filters& filters) {
  std::vector<Xapian::Query> fields;
  for (const auto& [field, values] : filters) {
    std::vector<Xapian::Query> terms;
    for (const auto& value : values) terms.emplace_back(filter_term(field, value));
    if (!terms.empty()) fields.push_back(any_of(terms));
  }
  if (fields.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_AND, fields.begin(), fields.end());
}

// topic:, section:, kind:, level:, tag: clauses filter; title: and no field search text.
bool is_filter(const Clause& clause) {
  return !clause.field.empty() && clause.field != schema::kTitleField;
}

// True for clauses of words to search (plain or title:), false for phrases and filters.
bool is_words(const Clause& clause) { return !clause.phrase && !is_filter(clause); }

const char* text_prefix(const Clause& clause) {
  return clause.field == schema::kTitleField ? schema::prefix::kTitle : "";
}

// True when at least `share` of the query's words are stopwords: then they are searched too.
bool keep_stopwords(const std::vector<Clause>& clauses, double share) {
  std::size_t words = 0, stopwords = 0;
  for (const auto& clause : clauses) {
    if (!is_words(clause) || clause.sign == Clause::Sign::kExcluded) continue;
    for (const auto& token : tokenize(clause.text)) {
      ++words;
      if (is_plain_stopword(token)) ++stopwords;
    }
  }
  return static_cast<double>(stopwords) >= share * static_cast<double>(words);
}

// Adjacent plain words are one run, so that synonyms.txt entries of several words
// ("JSON Web Token") are found across the spaces the parser split at.
std::vector<Clause> join_word_runs(const std::vector<Clause>& clauses) {
  std::vector<Clause> runs;
  for (const auto& clause : clauses) {
    if (!runs.empty() && is_words(clause) && !clause.or_previous) {
      Clause& last = runs.back();
      if (is_words(last) && !last.or_previous && last.field == clause.field &&
          last.sign == clause.sign) {
        last.text += " " + clause.text;
        last.prefix = clause.prefix;
        continue;
      }
    }
    runs.push_back(clause);
  }
  return runs;
}

// The alternatives of terms a document holds when it matches `query`, a word group: leaf
// terms under OR and SYNONYM (any of them) and AND and PHRASE (all of them).
TermAlternatives alternatives_of(const Xapian::Query& query) {
  using Q = Xapian::Query;
  const auto type = query.get_type();
  if (type == Q::LEAF_TERM) return {{*query.get_terms_begin()}};
  const std::size_t count = query.get_num_subqueries();
  if (type == Q::OP_SCALE_WEIGHT || type == Q::OP_AND_MAYBE || type == Q::OP_AND_NOT)
    return count > 0 ? alternatives_of(query.get_subquery(0)) : TermAlternatives{};
  TermAlternatives all;
  const bool every =
      type == Q::OP_AND || type == Q::OP_PHRASE || type == Q::OP_NEAR || type == Q::OP_FILTER;
  if (every) all.emplace_back();
  for (std::size_t i = 0; i < count; ++i) {
    TermAlternatives part = alternatives_of(query.get_subquery(i));
    if (!every) {
      all.insert(all.end(), part.begin(), part.end());
      continue;
    }
    TermAlternatives joined;
    for (const auto& left : all) {
      for (const auto& right : part) {
        if (joined.size() == kMaxTermAlternatives) break;
        joined.push_back(left);
        joined.back().insert(joined.back().end(), right.begin(), right.end());
      }
    }
    all = std::move(joined);
  }
  if (all.size() > kMaxTermAlternatives) all.resize(kMaxTermAlternatives);
  for (auto& terms : all) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  }
  return all;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Lexicon& lexicon,
                           const QueryLanguages& languages, const RankingParams& params,
                           const TermDictionary* terms)
    : db_(db),
      terms_(terms),
      lexicon_(lexicon),
      params_(params),
      english_(languages.stemmers[schema::kDefaultLanguage]) {
  for (const auto& language : languages.languages) stems_.push_back(&languages.stemmers[language]);
}

BuiltQuery QueryBuilder::build(const std::vector<Clause>& parsed, const Filters& filters) {
  highlight_ = {};
  phrases_left_ = kMaxPhrases;
  seen_words_.clear();
  scaled_terms_.clear();
  scaled_synonyms_.clear();
  Groups groups;
  groups.filters = filters;
  Words words;
  const std::vector<Clause> clauses = join_word_runs(parsed);
  const bool with_stopwords = keep_stopwords(clauses, params_.stopword_share);
  std::vector<Group>* last_target = nullptr;
  for (const auto& clause : clauses) {
    auto& target = groups.of(clause.sign);
    const std::size_t before = target.size();
    add_clause(clause, with_stopwords, groups, words);
    // `a OR b`: b's groups join a's last group, as one alternative.
    if (clause.or_previous && last_target == &target && before > 0 && target.size() > before)
      join_alternatives(target, before - 1);
    if (target.size() > before) last_target = &target;
  }
  correct_typos(groups);
  groups.page = named_page(words.tokens);
  BuiltQuery built = combine(groups);
  if (!built.has_words) return built;
  built.keys = keys_of(words.tokens, words.typing);
  if (words.typing && !words.tokens.empty())
    built.completed = title_completions(words.tokens.back());
  built.words = std::move(words.tokens);
  built.typing = words.typing;
  return built;
}

// One clause's groups (a filter, a phrase or words) into `groups`; its words into `words`.
void QueryBuilder::add_clause(const Clause& clause, bool with_stopwords, Groups& groups,
                              Words& words) {
  auto& target = groups.of(clause.sign);
  if (is_filter(clause)) {
    if (clause.sign == Clause::Sign::kExcluded) {
      target.push_back({Xapian::Query(filter_term(clause.field, clause.text)), {}});
    } else {
      groups.filters[clause.field].push_back(clause.text);
    }
    return;
  }
  const auto tokens = tokenize(clause.text);
  if (clause.phrase) {
    const bool repeated = !seen_words_.insert("\"" + title_key(tokens)).second;
    if (!tokens.empty() && !repeated && groups.word_count() < kMaxWordGroups) {
      target.push_back({phrase_query(tokens, text_prefix(clause)), {}});
    }
    return;
  }
  // Words were given but none can be searched (over kMaxTermBytes, in any script): the
  // query finds nothing, never everything.
  if (tokens.empty() && clause.sign != Clause::Sign::kExcluded && has_word_character(clause.text))
    groups.unsearchable = true;
  add_words(clause, tokens, with_stopwords, groups);
  if (clause.sign != Clause::Sign::kExcluded) {
    words.tokens.insert(words.tokens.end(), tokens.begin(), tokens.end());
    words.typing = clause.prefix;
  }
}

// The groups of `list` from `first` on become one group, their queries ORed.
void QueryBuilder::join_alternatives(std::vector<Group>& list, std::size_t first) {
  std::vector<Xapian::Query> alternatives;
  for (auto it = list.begin() + static_cast<std::ptrdiff_t>(first); it != list.end(); ++it)
    alternatives.push_back(it->query);
  list.resize(first);
  list.push_back({any_of(alternatives), {}});
}

void QueryBuilder::add_words(const Clause& clause, const std::vector<Token>& tokens,
                             bool keep_stopwords, Groups& groups) {
  auto& target = groups.of(clause.sign);
  const std::string prefix = text_prefix(clause);
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t used = 0;
    Group group;
    group.query = synonym_group(tokens, i, prefix, used);
    if (used == 0) {
      used = 1;
      const Token& token = tokens[i];
      const bool repeated = !seen_words_.insert(whole_word(token)).second;
      if ((!keep_stopwords && is_plain_stopword(token)) || repeated ||
          groups.word_count() >= kMaxWordGroups) {
        ++i;
        continue;
      }
      const bool typing = clause.prefix && i + 1 == tokens.size();
      group.query = word_query(token, prefix, typing);
      if (token.exact.empty() && !typing && !token.cjk) {
        if (const auto meant = spelling_of(db_, lexicon_.db(), token.parts.front(), terms_))
          group.meant = english_(*meant);
      }
      add_highlight(token, true);
    }
    target.push_back(std::move(group));
    i += used;
  }
}

// A code term is marked whole or not at all: `cache.get` must not mark every `get`.
void QueryBuilder::add_highlight(const Token& token, bool stemmed) {
  for (const auto& form : token.exact) highlight_.exact.insert(form);
  if (!token.exact.empty()) return;
  for (const auto& part : token.parts) {
    if (stemmed) {
      for (Stemmer* stem : stems_) highlight_.stems.insert((*stem)(part));
    } else {
      highlight_.exact.insert(part);
    }
  }
}

// A word the index lacks also finds what it most likely means (virtaul → virtual), in the
// same tier, when another word of the query is one the index has: "virtaul dom" ranks the
// virtual DOM first, and "Did you mean" still offers the corrected query. A query of typos
// alone matches nothing as typed, and Searcher shows the suggestion's results instead.
void QueryBuilder::correct_typos(Groups& groups) {
  bool any_known = false;
  for (const auto* list : {&groups.required, &groups.optional}) {
    for (const auto& group : *list) any_known = any_known || group.meant.empty();
  }
  if (!any_known) return;
  for (auto* list : {&groups.required, &groups.optional}) {
    for (auto& group : *list) {
      if (group.meant.empty()) continue;
      const std::string prefix = schema::prefix::kStem;
      group.query = Xapian::Query(Xapian::Query::OP_SYNONYM, group.query,
                                  Xapian::Query(prefix + group.meant));
      highlight_.stems.insert(group.meant);
    }
  }
}

// The match query of the groups (each weighted by BM25 alone), and, for a short query of
// several groups, the terms of each (BuiltQuery::tier_groups).
BuiltQuery QueryBuilder::combine(Groups& groups) {
  using Q = Xapian::Query;
  const auto queries = [](const std::vector<Group>& list) {
    std::vector<Q> out;
    out.reserve(list.size());
    for (const auto& group : list) out.push_back(group.query);
    return out;
  };
  const auto required = queries(groups.required);
  const auto optional = queries(groups.optional);
  Q query;
  if (!required.empty()) query = Q(Q::OP_AND, required.begin(), required.end());
  if (!optional.empty()) {
    const Q any(Q::OP_OR, optional.begin(), optional.end());
    query = query.empty() ? any : Q(Q::OP_AND_MAYBE, query, any);
  }
  // A page named by the query matches with all its sections (weighing nothing here: the
  // second phase ranks them by their page).
  if (!groups.page.empty() && required.empty() && !query.empty())
    query = Q(Q::OP_OR, query, scaled(Q(groups.page), 0));
  BuiltQuery built;
  built.scaled_terms = std::move(scaled_terms_);
  scaled_terms_.clear();
  built.scaled_synonyms = std::move(scaled_synonyms_);
  scaled_synonyms_.clear();
  built.has_words = !query.empty();
  built.unsearchable = query.empty() && groups.unsearchable;
  built.word_groups = groups.word_count();
  built.tiered = built.word_groups <= params_.max_tiered_words;
  if (built.tiered && built.word_groups >= 2) {
    for (const auto* list : {&required, &optional}) {
      for (const auto& group : *list) built.tier_groups.push_back(alternatives_of(group));
    }
  }
  // No words: every document (within the filters), unless the words given cannot match.
  // Built here, not copied from Xapian::Query::MatchAll: a Query's reference count is not
  // atomic, and worker threads copying that one static object corrupted it (a crash found
  // by the soak test, about one run in four).
  if (query.empty()) query = built.unsearchable ? Q() : Q(std::string());
  built.query = within(query, groups);
  built.highlight = std::move(highlight_);
  return built;
}

// `query` without the excluded groups and within the filters.
Xapian::Query QueryBuilder::within(Xapian::Query query, const Groups& groups) const {
  using Q = Xapian::Query;
  if (!groups.excluded.empty()) {
    std::vector<Q> excluded;
    for (const auto& group : groups.excluded) excluded.push_back(group.query);
    query = Q(Q::OP_AND_NOT, query, any_of(excluded));
  }
  const Q filter = filter_query(groups.filters);
  if (!filter.empty()) query = Q(Q::OP_FILTER, query, filter);
  return query;
}

}  // namespace prepsearch
