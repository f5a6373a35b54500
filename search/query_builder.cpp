// Building the Xapian query: words, phrases, synonyms, prefixes, exclusions and filters.
#include "search/query_builder.h"

#include <algorithm>
#include <cctype>

#include "core/schema.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/text_fold.h"

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

// The query's words as a phrase of the title: its neighbouring pairs, each a title-pair term
// (reading no positions; a title holding every pair holds the phrase but in rare cases).
Xapian::Query title_phrase(const std::vector<Token>& tokens) {
  if (tokens.size() == 1) return Xapian::Query(schema::prefix::kTitle + whole_word(tokens.front()));
  std::vector<std::string> pairs;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    pairs.push_back(title_pair_term(tokens[i], tokens[i + 1]));
    if (pairs.back().empty()) return {};  // a pair too long for a term: no title holds it
  }
  return Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end());
}

Xapian::Query phrase_of_parts(const Token& token, const std::string& prefix) {
  std::vector<std::string> terms;
  for (const auto& part : token.parts) terms.push_back(prefix + part);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

}  // namespace

// A word, phrase or synonym group: one tier. `boost` scales its tier bonus as the query
// scales its BM25 weight (params.exact_boost for code terms and phrases).
struct QueryBuilder::Group {
  Xapian::Query query;
  double boost = 1;
  Xapian::Query title;  // the same words (or synonyms) in the title; empty if none
  std::string meant;    // a word the index lacks: the stem of what it most likely means
};

struct QueryBuilder::Groups {
  std::vector<Group> optional, required, excluded;
  Filters filters;
  Xapian::Query page;         // the query names a page: its section term (see named_page)
  bool unsearchable = false;  // a word no term can hold (over 64 bytes): nothing matches it

  std::size_t word_count() const { return optional.size() + required.size(); }

  std::vector<Group>& of(Clause::Sign sign) {
    return sign == Clause::Sign::kRequired   ? required
           : sign == Clause::Sign::kExcluded ? excluded
                                             : optional;
  }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Xapian::Database& lexicon,
                           const QueryLanguages& languages, const RankingParams& params)
    : db_(db),
      lexicon_(lexicon),
      params_(params),
      english_(languages.stemmers[schema::kDefaultLanguage]),
      written_(languages.written) {
  for (const auto& language : languages.languages) stems_.push_back(&languages.stemmers[language]);
}

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
  if (code) word = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, word, params_.exact_boost);
  const std::string& typed = whole_word(token);
  // A word the index has is taken as typed: expanding "django" to its 32 most frequent
  // completions cost a millisecond and found nothing its stem did not.
  if (!typing || typed.size() < kMinPrefixBytes || db_.term_exists(prefix + typed)) return word;
  highlight_.prefixes.push_back(typed);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, word,
                       completions(prefix + typed, kMaxPrefixExpansion, true));
}

// The indexed terms that start with `prefix`, ORed: the first `max` in term order, or the
// `max` most frequent. Expanded here, not by OP_WILDCARD: Xapian 1.4 expands a wildcard in
// each database of a multi-database apart, so shards would each add their own first or most
// frequent terms; the merged vocabulary gives every layout the same terms.
Xapian::Query QueryBuilder::completions(const std::string& prefix, Xapian::termcount max,
                                        bool most_frequent) const {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  std::size_t scanned = 0;
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
    if (++scanned > kMaxPrefixScan || (!most_frequent && found.size() == max)) break;
    found.emplace_back(most_frequent ? it.get_termfreq() : 0, *it);
  }
  if (found.size() > max) {
    // Most frequent first; among equals, term order (a stable sort keeps it).
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    found.resize(max);
  }
  std::vector<Xapian::Query> terms;
  terms.reserve(found.size());
  for (const auto& [frequency, term] : found) terms.emplace_back(term);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::phrase_query(const std::vector<Token>& tokens,
                                         const std::string& prefix) {
  for (const auto& token : tokens) add_highlight(token, false);
  if (tokens.size() == 1) {
    const Token& token = tokens.front();
    const Xapian::Query exact(prefix + whole_word(token));
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, params_.exact_boost);
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
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase, params_.exact_boost);
}

// The longest run of words from tokens[first] that synonyms.txt knows, with its synonyms,
// as one OP_SYNONYM group; sets `used` to its length (0 and an empty query if none).
Xapian::Query QueryBuilder::synonym_group(const std::vector<Token>& tokens, std::size_t first,
                                          const std::string& prefix, std::size_t& used,
                                          Xapian::Query& title) {
  const auto begin = tokens.begin() + static_cast<std::ptrdiff_t>(first);
  for (used = std::min(tokens.size() - first, kMaxSynonymWords); used > 0; --used) {
    const std::vector<Token> words(begin, begin + static_cast<std::ptrdiff_t>(used));
    std::vector<std::string> members;
    for (const auto& key : synonym_keys(words, english_)) {
      members.insert(members.end(), lexicon_.synonyms_begin(key), lexicon_.synonyms_end(key));
    }
    if (members.empty()) continue;
    std::vector<Xapian::Query> alternatives, in_title;
    alternatives.push_back(used == 1 ? word_query(words.front(), prefix, false)
                                     : phrase_query(words, prefix));
    in_title.push_back(used == 1 ? title_word(words.front()) : title_phrase(words));
    if (used == 1) add_highlight(words.front(), true);
    for (const auto& member : members) {
      const auto member_tokens = tokenize(member);
      if (member_tokens.empty()) continue;
      if (member_tokens.size() > 1) {
        // Not highlighted: marking "n", "plus" and "one" everywhere would say nothing.
        const HighlightTerms kept = highlight_;
        alternatives.push_back(phrase_query(member_tokens, prefix));
        in_title.push_back(title_phrase(member_tokens));
        highlight_ = kept;
        continue;
      }
      alternatives.push_back(word_query(member_tokens.front(), prefix, false));
      in_title.push_back(title_word(member_tokens.front()));
      add_highlight(member_tokens.front(), true);
    }
    title = Xapian::Query(Xapian::Query::OP_OR, in_title.begin(), in_title.end());
    return Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
  }
  return {};
}

void QueryBuilder::add_words(const Clause& clause, const std::vector<Token>& tokens,
                             bool keep_stopwords, Groups& groups) {
  auto& target = groups.of(clause.sign);
  const std::string prefix = text_prefix(clause);
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t used = 0;
    Group group;
    group.query = synonym_group(tokens, i, prefix, used, group.title);
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
      group.title = title_word(token);
      if (token.exact.empty() && !typing && !token.cjk) {
        if (const auto meant = spelling_of(db_, lexicon_, token.parts.front()))
          group.meant = english_(*meant);
      }
      if (!token.exact.empty()) group.boost = params_.exact_boost;
      add_highlight(token, true);
    }
    target.push_back(std::move(group));
    i += used;
  }
}

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

BuiltQuery QueryBuilder::build(const std::vector<Clause>& parsed, const Filters& filters) {
  const std::vector<Clause> clauses = join_word_runs(parsed);
  highlight_ = {};
  phrases_left_ = kMaxPhrases;
  seen_words_.clear();
  Groups groups;
  groups.filters = filters;
  const bool with_stopwords = keep_stopwords(clauses, params_.stopword_share);
  std::vector<Token> words;  // every searched word, in order, for the title signals
  bool typing = false;
  std::vector<Group>* last_target = nullptr;
  for (const auto& clause : clauses) {
    auto& target = groups.of(clause.sign);
    const std::size_t before = target.size();
    if (is_filter(clause)) {
      if (clause.sign == Clause::Sign::kExcluded) {
        target.push_back({Xapian::Query(filter_term(clause.field, clause.text)), 1, {}, {}});
      } else {
        groups.filters[clause.field].push_back(clause.text);
        continue;
      }
    } else if (clause.phrase) {
      const auto tokens = tokenize(clause.text);
      const bool repeated = !seen_words_.insert("\"" + title_key(tokens)).second;
      if (!tokens.empty() && !repeated && groups.word_count() < kMaxWordGroups) {
        target.push_back({phrase_query(tokens, text_prefix(clause)),
                          params_.exact_boost,
                          title_phrase(tokens),
                          {}});
      }
    } else {
      const auto tokens = tokenize(clause.text);
      // Words were given but none can be searched (over kMaxTermBytes, in any script): the
      // query finds nothing, never everything.
      if (tokens.empty() && clause.sign != Clause::Sign::kExcluded &&
          has_word_character(clause.text)) {
        groups.unsearchable = true;
      }
      add_words(clause, tokens, with_stopwords, groups);
      if (clause.sign != Clause::Sign::kExcluded) {
        words.insert(words.end(), tokens.begin(), tokens.end());
        typing = clause.prefix;
      }
    }
    // `a OR b`: b's groups join a's last group, as one alternative.
    if (clause.or_previous && last_target == &target && before > 0 && target.size() > before) {
      std::vector<Xapian::Query> alternatives;
      double boost = 0;
      for (auto it = target.begin() + static_cast<std::ptrdiff_t>(before) - 1; it != target.end();
           ++it) {
        alternatives.push_back(it->query);
        boost = std::max(boost, it->boost);
      }
      target.resize(before - 1);
      target.push_back({any_of(alternatives), boost, {}, {}});
    }
    if (target.size() > before) last_target = &target;
  }
  correct_typos(groups);
  groups.page = named_page(words);
  const bool tiered = groups.required.size() + groups.optional.size() <= params_.max_tiered_words;
  BuiltQuery built = combine(groups, tiered ? params_.tier_bonus : 0);
  if (built.has_words) {
    std::vector<Xapian::Query> bonuses;
    // Per word group in the title only where tiers rank (a short query): against a long
    // query's BM25 sum a fixed bonus per title word would outweigh the body (SciFact's
    // training claims lost much of their nDCG@10 with it).
    if (tiered && params_.title_word > 0 && built.word_groups > 1) {
      for (const auto* list : {&groups.required, &groups.optional}) {
        for (const auto& group : *list) {
          if (!group.title.empty()) bonuses.push_back(bonus(params_.title_word, group.title));
        }
      }
    }
    for (auto& title : title_bonuses(words, typing)) bonuses.push_back(std::move(title));
    if (!groups.page.empty()) bonuses.push_back(bonus(params_.section_exact, groups.page));
    if (params_.defines > 0 && words.size() == 1) {
      const std::string defined = defined_term(words.front());
      if (!defined.empty()) bonuses.push_back(bonus(params_.defines, Xapian::Query(defined)));
    }
    if (tiered && params_.question_prior > 0) {
      bonuses.push_back(
          bonus(params_.question_prior,
                Xapian::Query(boolean_term(schema::prefix::kKind, schema::kKindQuestion))));
    }
    if (params_.written_language > 0) {
      for (const auto& language : written_) {
        bonuses.push_back(bonus(params_.written_language,
                                Xapian::Query(boolean_term(schema::prefix::kLanguage, language))));
      }
    }
    if (!bonuses.empty()) {
      built.ranking =
          Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query,
                        Xapian::Query(Xapian::Query::OP_OR, bonuses.begin(), bonuses.end()));
    }
  }
  return built;
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
      group.title = Xapian::Query(Xapian::Query::OP_OR, group.title,
                                  Xapian::Query(prefix + schema::prefix::kTitle + group.meant));
      highlight_.stems.insert(group.meant);
    }
  }
}

// The match query of the groups. With a `tier` bonus, each word group (not an exclusion)
// carries it on the right of an OP_AND_MAYBE: the bonus for each document the group
// matches, at no second pass over the group's posting lists.
BuiltQuery QueryBuilder::combine(Groups& groups, double tier) {
  using Q = Xapian::Query;
  const auto queries = [](const std::vector<Group>& list, double bonus) {
    std::vector<Q> out;
    for (const auto& group : list) {
      if (bonus <= 0) {
        out.push_back(group.query);
        continue;
      }
      const Q fixed((new Xapian::FixedWeightPostingSource(bonus * group.boost))->release());
      out.emplace_back(Q::OP_AND_MAYBE, group.query, fixed);
    }
    return out;
  };
  Q query;
  if (!groups.required.empty()) {
    const auto required = queries(groups.required, tier);
    query = Q(Q::OP_AND, required.begin(), required.end());
  }
  if (!groups.optional.empty()) {
    const auto optional_queries = queries(groups.optional, tier);
    const Q optional(Q::OP_OR, optional_queries.begin(), optional_queries.end());
    query = query.empty() ? optional : Q(Q::OP_AND_MAYBE, query, optional);
  }
  if (!groups.page.empty() && groups.required.empty() && !query.empty()) {
    query = Q(Q::OP_OR, query, Q(Q::OP_SCALE_WEIGHT, groups.page, 0));
  }
  BuiltQuery built;
  built.has_words = !query.empty();
  built.unsearchable = query.empty() && groups.unsearchable;
  built.word_groups = groups.required.size() + groups.optional.size();
  // No words: every document (within the filters), unless the words given cannot match.
  // Built here, not copied from Xapian::Query::MatchAll: a Query's reference count is not
  // atomic, and worker threads copying that one static object corrupted it (a crash found
  // by the soak test, about one run in four).
  if (query.empty()) query = built.unsearchable ? Q() : Q(std::string());
  if (!groups.excluded.empty()) {
    query = Q(Q::OP_AND_NOT, query, any_of(queries(groups.excluded, 0)));
  }
  const Q filter = filter_query(groups.filters);
  if (!filter.empty()) query = Q(Q::OP_FILTER, query, filter);
  built.query = query;
  built.ranking = query;
  built.highlight = std::move(highlight_);
  return built;
}

}  // namespace prepsearch
