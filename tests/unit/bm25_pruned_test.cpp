// The pruned first-phase window (MaxScore, search/bm25_max_score.cpp) against reading every
// posting and against Xapian's match: the same documents in the same order with the same
// weights, at every window size, ties between identical copies included, whether the lists
// are read from Xapian or from the revision's PostingTable.
#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "search/bm25_window.h"
#include "search/first_phase.h"
#include "search/posting_table.h"
#include "search/searcher.h"

#include "search_fixture.h"

using prepsearch::Bm25Window;
using prepsearch::DocLengths;

namespace {

// 400 notes over a few words of very different frequencies, each written three times (equal
// weights: the window breaks their ties by docid), so that common words meet rare ones, and a
// few hold a word many times.
std::string notes() {
  const char* words[] = {"queue", "worker", "broker", "retry", "beat", "chord"};
  std::string out;
  for (int i = 0; i < 400; ++i) {
    std::string text = "a note";
    for (int w = 0; w < 6; ++w) {
      const int every = 1 + w * w * 3;  // queue in every note, chord in one of 76
      if (i % every == 0) {
        // One note in 13 holds the word six times more: a list's heavy postings.
        const int times = (i / every) % 4 + ((i / every) % 13 == 0 ? 6 : 0);
        for (int k = 0; k <= times; ++k) text += std::string(" ") + words[w];
      }
    }
    text += " padding" + std::string(static_cast<std::size_t>(i % 13), 'x');
    for (int copy = 0; copy < 3; ++copy) {
      out += R"({"id": "n/)" + std::to_string(i) + "-" + std::to_string(copy) +
             R"(", "title": "Note", "text": ")" + text + "\"}\n";
    }
  }
  return out;
}

// Each window size, reading Xapian's lists, the table's, and a table's that splits them.
std::vector<std::pair<std::size_t, const prepsearch::PostingTable*>> windows(
    const prepsearch::PostingTable& table, const prepsearch::PostingTable& split) {
  std::vector<std::pair<std::size_t, const prepsearch::PostingTable*>> out;
  for (const std::size_t count : {1U, 7U, 50U, 80U, 300U, 5000U}) {
    out.emplace_back(count, nullptr);
    out.emplace_back(count, &table);
    out.emplace_back(count, &split);
  }
  return out;
}

}  // namespace

TEST_CASE("a pruned window is the window of every posting, at every size", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const prepsearch::PostingTable table(db, lengths);
  REQUIRE(table.find("Zqueue"));
  // Every list of 64 postings or more split: the heavy part is one more cursor of its term.
  const prepsearch::PostingTable split(db, lengths, prepsearch::kMaxPostingsInMemory, 64);
  REQUIRE(split.find("Zqueue")->heavy);
  const prepsearch::RankingParams params;
  Bm25Window every, pruned;
  std::map<const prepsearch::PostingTable*, std::size_t> skipped;
  for (const std::string text :
       {"queue", "queue worker", "worker chord", "queue beat chord", "broker retry beat",
        "how does a queue worker retry a broker chord in django celery"}) {
    const auto query = prepsearch::test::english_query(db, text);
    const auto terms = prepsearch::or_of_terms(query.query, query.scaled_terms);
    REQUIRE(terms);
    const auto bm25 = params.bm25(!query.tier_groups.empty());
    const std::set<Xapian::docid> matches = prepsearch::test::every_match(db, query.query);
    Xapian::Enquire enquire(db);
    enquire.set_query(query.query);
    enquire.set_weighting_scheme(params.weight(!query.tier_groups.empty()));
    for (const auto& [count, postings] : windows(table, split)) {
      INFO(text << ", the best " << count << (postings ? ", lists in memory" : "")
                << (postings == &split ? ", split" : ""));
      const auto all = every.best(db, lengths, bm25, *terms, count, SIZE_MAX, postings);
      const auto few = pruned.best(db, lengths, bm25, *terms, count, 0, postings);
      REQUIRE(all);
      REQUIRE(few);
      CHECK(every.exact());
      CHECK_FALSE(pruned.exact());
      REQUIRE(few->size() == all->size());
      const Xapian::MSet xapian = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
      REQUIRE(xapian.size() == few->size());
      std::size_t at = 0;
      for (auto it = xapian.begin(); it != xapian.end(); ++it, ++at) {
        CHECK((*few)[at].first == *it);
        CHECK((*few)[at].first == (*all)[at].first);
        CHECK((*few)[at].second == (*all)[at].second);  // added in the same order: bit for bit
      }
      // What it visited are matches; its total is at least those and at most the postings.
      for (const Xapian::docid docid : pruned.matches()) CHECK(matches.count(docid) == 1);
      CHECK(every.total() == matches.size());
      CHECK(pruned.total() >= pruned.matches().size());
      CHECK(pruned.total() <= db.get_doccount());
      skipped[postings] += matches.size() - pruned.matches().size();
    }
  }
  // Some windows were filled without visiting every match; more with the table's exact bounds,
  // more again with the heavy postings apart.
  CHECK(skipped[nullptr] > 0);
  CHECK(skipped[&table] > skipped[nullptr]);
  CHECK(skipped[&split] > skipped[&table]);
}

TEST_CASE("past the exact-count limit a search is pruned: the same hits, an estimated count",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  prepsearch::RankingParams xapian_match;
  xapian_match.in_memory_bm25 = 0;
  prepsearch::SearchService by_xapian(fixture.db(), xapian_match);
  for (const std::string text : {"queue", "worker chord", "queue beat chord"}) {
    for (const Xapian::doccount offset : {0U, 45U, 120U}) {
      INFO(text << " from " << offset);
      prepsearch::SearchRequest request;
      request.query = text;
      request.offset = offset;
      request.limit = 20;
      const auto theirs = by_xapian.searcher().search(request);
      request.exact_count_limit = 10;  // 40 postings: every one of these queries holds more
      const auto mine = fixture.service().searcher().search(request);
      CHECK_FALSE(mine.counts_exact);
      CHECK(theirs.counts_exact);
      CHECK(mine.total >= mine.hits.size() + offset);
      // The facets count as many matches as the limit, the ones seen first.
      for (const auto& [field, values] : mine.facets) {
        Xapian::doccount counted = 0;
        for (const auto& value : values) counted += value.second;
        if (field == "language") CHECK(counted == 10);
      }
      REQUIRE(mine.hits.size() == theirs.hits.size());
      for (std::size_t i = 0; i < mine.hits.size(); ++i)
        CHECK(mine.hits[i].doc.id == theirs.hits[i].doc.id);
    }
  }
}

TEST_CASE("key documents outside the window are weighed in memory as Xapian's filter would",
          "[ranking]") {
  // 30 pages titled as the query (its exact-title key term: more than kMaxKeyDocs) without
  // the words in their text, and 80 notes with the words in their title and many times in
  // their text: BM25 alone would fill the window with the notes.
  std::string extra;
  const std::string filler = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do";
  for (int i = 0; i < 30; ++i) {
    std::string text = "about";
    for (int k = 0; k < 3 + i % 5; ++k) text += filler;
    extra += R"({"id": "key/)" + std::to_string(i) + R"(", "title": "Queue worker", "text": ")" +
             text + "\"}\n";
  }
  for (int i = 0; i < 80; ++i) {
    extra +=
        R"({"id": "note/)" + std::to_string(i) +
        R"(", "title": "Notes on the queue worker", "text": "queue worker queue worker queue )" +
        std::string(static_cast<std::size_t>(i % 9), 'q') + "\"}\n";
  }
  prepsearch::test::SearchFixture fixture(extra);
  prepsearch::RankingParams xapian_match;
  xapian_match.in_memory_bm25 = 0;
  prepsearch::SearchService by_xapian(fixture.db(), xapian_match);
  for (const std::string text : {"queue worker", "queue worker lorem ipsum"}) {
    INFO(text);
    prepsearch::SearchRequest request;
    request.query = text;
    request.limit = 30;
    const auto mine = fixture.service().searcher().search(request);
    const auto theirs = by_xapian.searcher().search(request);
    REQUIRE(mine.hits.size() == theirs.hits.size());
    std::size_t keys = 0;
    for (std::size_t i = 0; i < mine.hits.size(); ++i) {
      CHECK(mine.hits[i].doc.id == theirs.hits[i].doc.id);
      CHECK(mine.hits[i].score == Approx(theirs.hits[i].score).epsilon(1e-12));
      // Identical texts collapse into one hit, which lists the others.
      if (mine.hits[i].doc.id.rfind("key/", 0) == 0) keys += 1 + mine.hits[i].translations.size();
    }
    CHECK(keys >= prepsearch::kMaxKeyDocs);  // they joined the window by their key
  }
}

TEST_CASE("a term weighing nothing seeds no floor: its documents still fill the window",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const prepsearch::PostingTable split(db, lengths, prepsearch::kMaxPostingsInMemory, 64);
  REQUIRE(split.find("Zworker")->heavy);
  // A page's key term is ORed in at weight 0 (query_builder.cpp): every weight here is 0.
  const Xapian::Query query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Zworker"), 0);
  const auto terms = prepsearch::or_of_terms(query, {{"Zworker", 0.0}});
  REQUIRE(terms);
  const prepsearch::RankingParams params;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(params.weight(false));
  const Xapian::MSet xapian = enquire.get_mset(0, 20);
  REQUIRE(xapian.size() == 20);
  Bm25Window pruned;
  const auto mine = pruned.best(db, lengths, params.bm25(false), *terms, 20, 0, &split);
  REQUIRE(mine);
  REQUIRE(mine->size() == xapian.size());
  std::size_t at = 0;
  for (auto it = xapian.begin(); it != xapian.end(); ++it, ++at) CHECK((*mine)[at].first == *it);
}
