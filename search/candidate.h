// A document of the ranking window: what the first phase found it by, what the second phase
// reads of it from memory, and its score.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <xapian.h>

#include "core/rank_record.h"

namespace prepsearch {

struct Candidate {
  Xapian::docid docid = 0;
  double bm25 = 0;         // its first-phase weight
  bool all_words = false;  // it holds every word group of a tiered query (always, untiered)
  std::uint8_t keys = 0;   // KeyBits (search/query_builder.h)
  RankRecordView record;   // in the revision's table, or the search's copy of a remote one
  double score = 0;        // its second-phase score
  // The documents this one stands for in the results (translations, identical sections);
  // filled by SecondPhase::rank.
  std::vector<Xapian::docid> collapsed;
};

}  // namespace prepsearch
