// prepsearch-score QRELS RUN: the mean nDCG@10, MAP, MRR and P@1 of a TREC run.
#include <cstdio>
#include <exception>

#include "relevance_metrics.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: prepsearch-score QRELS RUN\n"
                 "  QRELS: qid docid grade (BEIR .tsv) or qid 0 docid grade (TREC)\n"
                 "  RUN:   qid Q0 docid rank score tag (prepsearch-query --format trec)\n");
    return 2;
  }
  try {
    using namespace prepsearch::eval;
    const Summary summary = score_run(read_qrels(argv[1]), read_run(argv[2]));
    std::printf("queries %zu\nnDCG@10 %.4f\nMAP %.4f\nMRR %.4f\nP@1 %.4f\n", summary.queries,
                summary.mean.ndcg10, summary.mean.average_precision, summary.mean.reciprocal_rank,
                summary.mean.precision1);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
