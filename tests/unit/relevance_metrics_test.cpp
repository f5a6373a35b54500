// The relevance scorer (bench/relevance/relevance_metrics.h) on small cases computed by hand.
#include "relevance_metrics.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace prepsearch::eval;
using Catch::Detail::Approx;

TEST_CASE("metrics of one ranking with binary grades by hand", "[metrics]") {
  // Relevant: d1, d3, d4. Ranked: d1 (hit), d2, d3 (hit); d4 never found.
  const Scores s = score_query({"d1", "d2", "d3"}, {{"d1", 1}, {"d3", 1}, {"d4", 1}, {"d9", 0}});
  // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4) = 2.130930
  CHECK(s.ndcg10 == Approx(1.5 / 2.130930).epsilon(1e-6));
  CHECK(s.average_precision == Approx((1.0 / 1 + 2.0 / 3) / 3));  // 0.555556
  CHECK(s.reciprocal_rank == 1.0);
  CHECK(s.precision1 == 1.0);
}

TEST_CASE("graded judgments put the higher grade first in the ideal order", "[metrics]") {
  const Scores s = score_query({"b", "a"}, {{"a", 2}, {"b", 1}});
  // DCG = 1/1 + 2/log2(3) = 2.261860; ideal = 2/1 + 1/log2(3) = 2.630930
  CHECK(s.ndcg10 == Approx(2.261860 / 2.630930).epsilon(1e-6));
  CHECK(s.average_precision == Approx(1.0));  // every rank is a hit
  CHECK(s.precision1 == 1.0);
}

TEST_CASE("hits below rank 10 count for MAP and MRR but not nDCG@10", "[metrics]") {
  std::vector<std::string> ranked;
  for (int i = 1; i <= 11; ++i) ranked.push_back("n" + std::to_string(i));
  ranked[10] = "hit";  // rank 11
  const Scores s = score_query(ranked, {{"hit", 1}});
  CHECK(s.ndcg10 == 0.0);
  CHECK(s.reciprocal_rank == Approx(1.0 / 11));
  CHECK(s.average_precision == Approx(1.0 / 11));
  CHECK(s.precision1 == 0.0);
}

TEST_CASE("a run is averaged over judged queries and a missing query scores 0", "[metrics]") {
  const Qrels qrels{{"q1", {{"a", 1}}}, {"q2", {{"b", 1}}}, {"q3", {{"c", 0}}}};
  const Run run{{"q1", {"a"}}, {"q9", {"b"}}};
  const Summary summary = score_run(qrels, run);
  CHECK(summary.queries == 2);  // q3 has nothing relevant: left out, as trec_eval does
  CHECK(summary.mean.ndcg10 == Approx(0.5));
  CHECK(summary.mean.precision1 == Approx(0.5));
}

TEST_CASE("qrels and runs are read in BEIR and TREC forms with FILE:LINE errors", "[metrics]") {
  prepsearch::test::ScratchDir dir;
  prepsearch::test::write_file(dir / "beir.tsv",
                               "query-id\tcorpus-id\tscore\n1\td1\t1\n1\td2\t2\n");
  prepsearch::test::write_file(dir / "trec.txt", "1 0 d1 1\n\n1 0 d2 2\n");
  CHECK(read_qrels(dir / "beir.tsv") == read_qrels(dir / "trec.txt"));
  CHECK(read_qrels(dir / "beir.tsv").at("1").at("d2") == 2);
  prepsearch::test::write_file(dir / "run.txt", "1 Q0 d2 2 1.5 t\n1 Q0 d1 1 2.5 t\n");
  CHECK(read_run(dir / "run.txt").at("1") == std::vector<std::string>{"d1", "d2"});
  prepsearch::test::write_file(dir / "bad.txt", "1 Q0 d1 1 2.5 t\n1 Q0 d2 x 1.5 t\n");
  CHECK_THROWS_WITH(read_run(dir / "bad.txt"), Catch::StartsWith(dir / "bad.txt:2: error: "));
  prepsearch::test::write_file(dir / "short.tsv", "1 d1\n");
  CHECK_THROWS_WITH(read_qrels(dir / "short.tsv"),
                    Catch::Contains("short.tsv:1: error: expected 3 or 4 columns"));
}
