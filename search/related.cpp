// The expand set of one document, as a query.
#include "search/related.h"

#include <string_view>
#include <vector>

#include "core/schema.h"
#include "core/terms.h"

namespace prepsearch {
namespace {

// Stemmed free-text terms only ("Zcach"): not the exact forms, which repeat them, nor the
// prefixed title, filter and signal terms, nor stopwords ("Zwhi" for why led to questions
// that merely share "why" and "what").
class StemmedTerms : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    constexpr std::string_view stem = schema::prefix::kStem;
    if (term.size() <= stem.size() || term.compare(0, stem.size(), stem) != 0) return false;
    const auto next = static_cast<unsigned char>(term[stem.size()]);
    return !(next >= 'A' && next <= 'Z') && !is_stopword_stem(term.substr(stem.size()));
  }
};

// `query` over the documents in `language` only. By whichever list is shorter: the language's
// own, or the others' left out (English is nearly all of a mixed index: filtering by its
// list would read nearly every posting).
Xapian::Query same_language(const Xapian::Database& db, const Xapian::Query& query,
                            const std::string& language) {
  using Q = Xapian::Query;
  const std::string own = boolean_term(schema::prefix::kLanguage, language);
  std::vector<Q> others;
  Xapian::doccount in_others = 0;
  for (const auto& other : languages_of(db)) {
    if (other == language) continue;
    const std::string term = boolean_term(schema::prefix::kLanguage, other);
    const Xapian::doccount frequency = db.get_termfreq(term);
    if (frequency == 0) continue;
    in_others += frequency;
    others.emplace_back(term);
  }
  if (others.empty()) return query;
  if (db.get_termfreq(own) <= in_others) return Q(Q::OP_FILTER, query, Q(own));
  return Q(Q::OP_AND_NOT, query, Q(Q::OP_OR, others.begin(), others.end()));
}

}  // namespace

Xapian::Query related_query(const Xapian::Database& db, Xapian::docid docid,
                            const std::string& id_term, const std::string& topic_term,
                            const std::string& language, const RankingParams& params) {
  using Q = Xapian::Query;
  Xapian::RSet relevant;
  relevant.add_document(docid);
  Xapian::Enquire enquire(db);
  const StemmedTerms stemmed;
  const Xapian::ESet terms = enquire.get_eset(params.related_terms, relevant, &stemmed);
  if (terms.empty()) return {};
  // Each term weighs as much as it tells of the document (its expand weight, the first
  // term 1), in a text and in a title: questions are known by their titles.
  const double top = terms.begin().get_weight();
  const std::string stem_prefix = schema::prefix::kStem;
  std::vector<Q> words;
  words.reserve(std::size_t{2} * terms.size());
  for (auto it = terms.begin(); it != terms.end(); ++it) {
    const std::string term = *it;
    const double share = top > 0 ? it.get_weight() / top : 1;
    words.emplace_back(Q::OP_SCALE_WEIGHT, Q(term), share);
    const std::string in_title =
        stem_prefix + schema::prefix::kTitle + term.substr(stem_prefix.size());
    words.emplace_back(Q::OP_SCALE_WEIGHT, Q(in_title), share);
  }
  Q query(Q::OP_OR, words.begin(), words.end());
  std::vector<Q> bonuses;
  if (!topic_term.empty() && params.related_topic > 0)
    bonuses.push_back(bonus(params.related_topic, Q(topic_term)));
  if (params.related_question > 0) {
    bonuses.push_back(bonus(params.related_question,
                            Q(boolean_term(schema::prefix::kKind, schema::kKindQuestion))));
  }
  if (!bonuses.empty())
    query = Q(Q::OP_AND_MAYBE, query, Q(Q::OP_OR, bonuses.begin(), bonuses.end()));
  // A reader of one language reads on in it: the document's own translations are not
  // related questions (/api/docs lists them as translations).
  return Q(Q::OP_AND_NOT, same_language(db, query, language), Q(id_term));
}

}  // namespace prepsearch
