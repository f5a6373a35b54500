// The second phase of ranking: the first phase's window ranked again by features held in
// memory (the rank record of each document: core/rank_record.h), then translations of one
// page and identical sections collapsed into one hit. The formula is score(); the order
// its weights imply is in docs/ranking.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/analyzer.h"

#include "search/candidate.h"
#include "search/query_builder.h"
#include "search/ranking.h"

namespace prepsearch {

// What a title holds of the query's words.
struct TitleMatch {
  std::size_t words = 0;  // query words (not stopwords) the title holds
  bool all = false;       // every query word (stopwords too; the one being typed aside)
  bool phrase = false;    // and in the query's order, side by side
};

class SecondPhase {
 public:
  // `reader`: the reader's language (SearchRequest::lang).
  SecondPhase(const BuiltQuery& built, std::string reader, const RankingParams& params,
              Stemmers& stemmers);

  // The one formula: the candidate's BM25 weight plus the weight of each feature it has.
  double score(const Candidate& candidate);
  // Scores `window` and returns the indexes of the candidates to show, best first (equal
  // scores by their content and group hashes, which no layout of shards changes); each
  // stands for those it collapsed: its translations
  // (one group: the reader's language ranks first, so it is the one shown) and sections of
  // the same title and text elsewhere.
  std::vector<std::size_t> rank(std::vector<Candidate>& window);

  TitleMatch title_match(const RankRecordView& record);
  bool page_holds_query(const RankRecordView& record);

 private:
  // The query's words as the indexer wrote a title's words in one language, hashed; while
  // typing, the last word also as each title word it begins.
  struct Words {
    std::vector<std::uint32_t> each;
    std::vector<std::uint32_t> last_completed;
  };
  const Words& words_in(std::string_view language);
  bool is_word(const Words& words, std::size_t i, std::uint32_t held) const;

  const BuiltQuery& built_;
  const std::string reader_;
  const RankingParams& params_;
  Stemmers& stemmers_;
  std::vector<bool> counted_;                        // per query word: counts for TitleMatch::words
  std::map<std::string, Words, std::less<>> words_;  // by language
  std::string_view last_language_;                   // a key of words_ (its nodes stay put)
  const Words* last_words_ = nullptr;
};

}  // namespace prepsearch
