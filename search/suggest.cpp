// As-you-type suggestions: the word being typed completed from the vocabulary, and question
// titles that hold what is typed (Searcher::suggest merges them).
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/schema.h"
#include "core/terms.h"
#include "core/text.h"

#include "search/query_parser.h"
#include "search/searcher.h"

namespace prepsearch {

// The word being typed, completed from the index vocabulary: one form per stem (its most
// frequent), completions that start a real title first, then the most frequent.
std::vector<std::string> Searcher::complete_word(std::string_view text, std::size_t max) {
  if (text.empty() || text.back() == ' ') return {};
  std::optional<Token> last;
  analyze(text, [&](const Token& token) { last = token; });
  if (!last) return {};
  const std::string typed = whole_word(*last);
  if (typed.size() < 2) return {};
  struct Completion {
    Xapian::doccount frequency;
    std::string word;
    bool starts_title = false;
  };
  std::unordered_map<std::string, Completion> by_stem;  // "reduce" and "reduces" are one
  std::size_t scanned = 0;
  for (auto it = db_.allterms_begin(typed); it != db_.allterms_end(typed); ++it) {
    if (++scanned > kMaxPrefixScan) break;
    const std::string term = *it;
    if (term.size() < 3 || term == typed) continue;
    Completion& best = by_stem[stemmers_[schema::kDefaultLanguage](term)];
    if (it.get_termfreq() > best.frequency) best = {it.get_termfreq(), term};
  }
  std::vector<Completion> found;
  found.reserve(by_stem.size());
  for (auto& entry : by_stem) found.push_back(std::move(entry.second));
  const std::string head(text.substr(0, last->offset));
  const auto by_frequency = [](const Completion& a, const Completion& b) {
    return a.frequency != b.frequency ? a.frequency > b.frequency : a.word < b.word;
  };
  // Only the most frequent few are checked against the titles (a term lookup each).
  const auto checked = std::min(found.size(), 4 * max);
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(checked),
                    found.end(), by_frequency);
  found.resize(checked);
  for (auto& completion : found) {
    const auto words = tokenize(head + completion.word);
    if (words.size() > schema::kTitleStartWords) continue;
    const std::string start = title_term(schema::prefix::kTitleStart, title_key(words));
    completion.starts_title = !start.empty() && db_.term_exists(start);
  }
  std::stable_sort(found.begin(), found.end(), [](const Completion& a, const Completion& b) {
    return a.starts_title > b.starts_title;
  });
  std::vector<std::string> completions;
  for (std::size_t i = 0; i < found.size() && i < max; ++i) {
    completions.push_back(head + found[i].word);
  }
  return completions;
}

// Question titles holding every word typed, the last one as a prefix.
std::vector<std::string> Searcher::matching_titles(std::string_view text, std::size_t max) {
  auto clauses = parse_query(text);
  for (auto& clause : clauses) {
    if (!clause.field.empty()) continue;
    clause.field = schema::kTitleField;
    clause.sign = Clause::Sign::kRequired;
  }
  QueryBuilder builder(db_, lexicon_, query_languages({}, clauses), params_);
  const BuiltQuery built =
      builder.build(clauses, {{schema::field(schema::FieldId::kKind).param, {kKindQuestion}}});
  if (!built.has_words) return {};
  Xapian::Enquire enquire(db_);
  enquire.set_query(built.query);
  rank_by_relevance(enquire, params_);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(max));
  std::vector<std::string> titles;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    // A title holding a code block offers its first line.
    std::string title = read_document(it.get_document(), false).title;
    title = std::string(trim(title.substr(0, title.find('\n'))));
    if (!title.empty()) titles.push_back(std::move(title));
  }
  return titles;
}

}  // namespace prepsearch
