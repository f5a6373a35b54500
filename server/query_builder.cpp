// Building the Xapian query: words, phrases, synonyms, prefixes, exclusions and filters.
#include "server/query_builder.h"

#include <algorithm>
#include <cctype>

#include "core/schema.h"
#include "core/terms.h"

#include "server/ranking.h"

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

// True when every word of the query is a stopword: then they are all searched.
bool only_stopwords(const std::vector<Clause>& clauses) {
  for (const auto& clause : clauses) {
    if (!is_words(clause) || clause.sign == Clause::Sign::kExcluded) continue;
    for (const auto& token : tokenize(clause.text)) {
      if (!is_plain_stopword(token)) return false;
    }
  }
  return true;
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

struct QueryBuilder::Groups {
  std::vector<Xapian::Query> optional, required, excluded;
  Filters filters;

  std::vector<Xapian::Query>& of(Clause::Sign sign) {
    return sign == Clause::Sign::kRequired   ? required
           : sign == Clause::Sign::kExcluded ? excluded
                                             : optional;
  }
};

Xapian::Query QueryBuilder::word_query(const Token& token, const std::string& prefix, bool typing) {
  const bool code = !token.exact.empty();
  Xapian::Query word(code ? prefix + token.exact.back()
                          : schema::prefix::kStem + prefix + stem_(token.parts.front()));
  // Either spelling counts as one word, so it is one tier and is not counted twice.
  if (is_hyphenated_words(token)) {
    word = Xapian::Query(Xapian::Query::OP_SYNONYM, word, phrase_of_parts(token, prefix));
  }
  if (code) word = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, word, kExactBoost);
  const std::string& typed = whole_word(token);
  // A word the index has is taken as typed: expanding "django" to its 32 most frequent
  // completions cost a millisecond and found nothing its stem did not.
  if (!typing || typed.size() < kMinPrefixBytes || db_.term_exists(prefix + typed)) return word;
  highlight_.prefixes.push_back(typed);
  const Xapian::Query completions(Xapian::Query::OP_WILDCARD, prefix + typed, kMaxPrefixExpansion,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                                  Xapian::Query::OP_OR);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, word, completions);
}

Xapian::Query QueryBuilder::phrase_query(const std::vector<Token>& tokens,
                                         const std::string& prefix) {
  for (const auto& token : tokens) add_highlight(token, false);
  if (tokens.size() == 1) {
    const Token& token = tokens.front();
    const Xapian::Query exact(prefix + whole_word(token));
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, kExactBoost);
  }
  std::vector<std::string> terms;
  for (const auto& token : tokens) {
    for (const auto& part : token.parts) terms.push_back(prefix + part);
  }
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase, kExactBoost);
}

// The longest run of words from tokens[first] that synonyms.txt knows, with its synonyms,
// as one OP_SYNONYM group; sets `used` to its length (0 and an empty query if none).
Xapian::Query QueryBuilder::synonym_group(const std::vector<Token>& tokens, std::size_t first,
                                          const std::string& prefix, std::size_t& used) {
  const auto begin = tokens.begin() + static_cast<std::ptrdiff_t>(first);
  for (used = std::min(tokens.size() - first, kMaxSynonymWords); used > 0; --used) {
    const std::vector<Token> words(begin, begin + static_cast<std::ptrdiff_t>(used));
    std::vector<std::string> members;
    for (const auto& key : synonym_keys(words, stem_)) {
      members.insert(members.end(), db_.synonyms_begin(key), db_.synonyms_end(key));
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

void QueryBuilder::add_words(const Clause& clause, bool keep_stopwords, Groups& groups) {
  auto& target = groups.of(clause.sign);
  const std::string prefix = text_prefix(clause);
  const auto tokens = tokenize(clause.text);
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t used = 0;
    auto group = synonym_group(tokens, i, prefix, used);
    if (used == 0) {
      used = 1;
      const Token& token = tokens[i];
      if (!keep_stopwords && is_plain_stopword(token)) {
        ++i;
        continue;
      }
      group = word_query(token, prefix, clause.prefix && i + 1 == tokens.size());
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
      highlight_.stems.insert(stem_(part));
    } else {
      highlight_.exact.insert(part);
    }
  }
}

BuiltQuery QueryBuilder::build(const std::vector<Clause>& parsed, const Filters& filters) {
  const std::vector<Clause> clauses = join_word_runs(parsed);
  highlight_ = {};
  Groups groups;
  groups.filters = filters;
  const bool keep_stopwords = only_stopwords(clauses);
  std::vector<Xapian::Query>* last_target = nullptr;
  for (const auto& clause : clauses) {
    auto& target = groups.of(clause.sign);
    const std::size_t before = target.size();
    if (is_filter(clause)) {
      if (clause.sign == Clause::Sign::kExcluded) {
        target.emplace_back(filter_term(clause.field, clause.text));
      } else {
        groups.filters[clause.field].push_back(clause.text);
        continue;
      }
    } else if (clause.phrase) {
      const auto tokens = tokenize(clause.text);
      if (!tokens.empty()) {
        target.push_back(phrase_query(tokens, text_prefix(clause)));
      }
    } else {
      add_words(clause, keep_stopwords, groups);
    }
    // `a OR b`: b's groups join a's last group, as one alternative.
    if (clause.or_previous && last_target == &target && before > 0 && target.size() > before) {
      std::vector<Xapian::Query> alternatives(
          target.begin() + static_cast<std::ptrdiff_t>(before) - 1, target.end());
      target.resize(before - 1);
      target.push_back(any_of(alternatives));
    }
    if (target.size() > before) last_target = &target;
  }
  return combine(groups);
}

BuiltQuery QueryBuilder::combine(Groups& groups) {
  using Q = Xapian::Query;
  Q query;
  if (!groups.required.empty()) {
    query = Q(Q::OP_AND, groups.required.begin(), groups.required.end());
  }
  if (!groups.optional.empty()) {
    const Q optional(Q::OP_OR, groups.optional.begin(), groups.optional.end());
    query = query.empty() ? optional : Q(Q::OP_AND_MAYBE, query, optional);
  }
  BuiltQuery built;
  built.has_words = !query.empty();
  built.word_groups = groups.required.size() + groups.optional.size();
  if (query.empty()) query = Q::MatchAll;
  if (!groups.excluded.empty()) query = Q(Q::OP_AND_NOT, query, any_of(groups.excluded));
  const Q filter = filter_query(groups.filters);
  if (!filter.empty()) query = Q(Q::OP_FILTER, query, filter);
  built.query = query;
  built.highlight = std::move(highlight_);
  return built;
}

}  // namespace prepsearch
