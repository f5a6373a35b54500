// Ranking-quality metrics over TREC-style judgments and runs: nDCG@10, MAP, MRR, P@1.
// Definitions follow trec_eval: linear gains (grade / log2(rank + 1)); MAP and MRR over the
// whole run; a judged query missing from the run scores 0 (trec_eval -c).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace prepsearch::eval {

using Judgments = std::map<std::string, int>;    // document id → grade (0 = not relevant)
using Qrels = std::map<std::string, Judgments>;  // query id → its judgments
using Run = std::map<std::string, std::vector<std::string>>;  // query id → ids in rank order

struct Scores {
  double ndcg10 = 0;
  double average_precision = 0;
  double reciprocal_rank = 0;
  double precision1 = 0;
};

struct Summary {
  std::size_t queries = 0;  // judged queries with at least one relevant document
  Scores mean;
};

Scores score_query(const std::vector<std::string>& ranked, const Judgments& judged);

// Means over the judged queries that have a relevant document.
Summary score_run(const Qrels& qrels, const Run& run);

// "qid docid grade" (BEIR .tsv) or "qid 0 docid grade" (TREC) lines; a header line
// starting with "query" is skipped. Throws std::runtime_error "FILE:LINE: error: ...".
Qrels read_qrels(const std::string& path);

// TREC run lines "qid Q0 docid rank score tag", ordered by rank within each query.
Run read_run(const std::string& path);

}  // namespace prepsearch::eval
