// The first phase's in-memory window (search/bm25_window.h) against Xapian's match: the same
// documents in the same order with the same weights, for every OR of terms, its lists read from
// Xapian or from the revision's PostingTable.
#include "search/bm25_window.h"

#include <catch2/catch.hpp>

#include "search/posting_table.h"
#include "search/searcher.h"

#include "search_fixture.h"

using prepsearch::Bm25;
using prepsearch::Bm25Window;
using prepsearch::DocLengths;

TEST_CASE("an OR of terms weighed in memory is Xapian's window, weights and ties alike",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const prepsearch::PostingTable table(db, lengths);
  REQUIRE(table.terms() > 0);
  const prepsearch::RankingParams params;
  Bm25Window window;
  std::size_t weighed = 0;
  // One word, a code term (scaled), two and three words (b 0), four and more (b 0.4), a
  // page's name (its key term ORed at weight 0), stopwords, two words of one stem (the term
  // twice in the OR).
  for (const std::string text :
       {"celery", "N+1", "select_related", "cache.get", "django middleware",
        "background tasks celery", "how do you optimise database queries in django",
        "technical questions", "what is the", "signals", "running runs", "caching cache celery"}) {
    INFO(text);
    const auto query = prepsearch::test::english_query(db, text);
    const auto terms = prepsearch::or_of_terms(query.query, query.scaled_terms);
    if (!terms) continue;
    ++weighed;
    const bool short_query = !query.tier_groups.empty();
    Xapian::Enquire enquire(db);
    enquire.set_query(query.query);
    enquire.set_weighting_scheme(params.weight(short_query));
    const Xapian::MSet xapian = enquire.get_mset(0, 50);
    for (const prepsearch::PostingTable* postings :
         {&table, static_cast<decltype(&table)>(nullptr)}) {
      const auto mine =
          window.best(db, lengths, params.bm25(short_query), *terms, 50, SIZE_MAX, postings);
      REQUIRE(mine);
      REQUIRE(mine->size() == xapian.size());
      std::size_t at = 0;
      for (auto it = xapian.begin(); it != xapian.end(); ++it, ++at) {
        CHECK((*mine)[at].first == *it);
        CHECK((*mine)[at].second == Approx(it.get_weight()).epsilon(1e-12));
      }
    }
  }
  CHECK(weighed >= 8);
}

TEST_CASE("only an OR of terms is weighed in memory, and not over a newer revision", "[ranking]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  for (const std::string text : {"\"message broker\"", "celery -redis", "celery topic:django"}) {
    INFO(text);
    const auto query = prepsearch::test::english_query(db, text);
    CHECK_FALSE(prepsearch::or_of_terms(query.query, query.scaled_terms));
  }
  // Lengths of an empty database: every document of this one is past them.
  const DocLengths empty(Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY));
  const auto query = prepsearch::test::english_query(db, "celery");
  const auto terms = prepsearch::or_of_terms(query.query, query.scaled_terms);
  REQUIRE(terms);
  Bm25Window window;
  CHECK_FALSE(window.best(db, empty, Bm25{}, *terms, 50));
  // The window is left as it was found: the next search over the right lengths is whole.
  const DocLengths lengths(db);
  const auto again = window.best(db, lengths, Bm25{}, *terms, 50);
  REQUIRE(again);
  CHECK_FALSE(again->empty());
}

TEST_CASE("a window weighed in memory counts every match and facet as Xapian's match does",
          "[ranking]") {
  prepsearch::test::SearchFixture fixture;
  prepsearch::RankingParams xapian_match;
  xapian_match.in_memory_bm25 = 0;
  prepsearch::SearchService by_xapian(fixture.db(), xapian_match);
  for (const std::string text : {"celery", "N+1", "django middleware", "background tasks celery",
                                 "how do you optimise database queries in django", "zzzz"}) {
    INFO(text);
    prepsearch::SearchRequest request;
    request.query = text;
    request.limit = 3;  // fewer than the matches: the count is not the page's
    const auto mine = fixture.service().searcher().search(request);
    const auto theirs = by_xapian.searcher().search(request);
    CHECK(mine.total == theirs.total);
    CHECK(mine.counts_exact);
    CHECK(mine.facets == theirs.facets);
  }
  prepsearch::SearchRequest request;
  request.query = "celery";
  CHECK(fixture.service().searcher().search(request).total > 3);
}

TEST_CASE("pages past the window keep Xapian's first-phase order when weighed in memory",
          "[ranking]") {
  // More matches than the window: 150 documents holding "worker" a varying number of times.
  std::string extra;
  for (int i = 0; i < 150; ++i) {
    std::string text = "a queue worker";
    for (int k = 0; k < i % 7; ++k) text += " worker";
    text += std::string(" padding") + std::string(static_cast<std::size_t>(i % 11), 'x');
    extra += R"({"id": "w/)" + std::to_string(i) + R"(", "title": "Note )" + std::to_string(i) +
             R"(", "text": ")" + text + "\"}\n";
  }
  prepsearch::test::SearchFixture fixture(extra);
  prepsearch::RankingParams xapian_match;
  xapian_match.in_memory_bm25 = 0;
  prepsearch::SearchService by_xapian(fixture.db(), xapian_match);
  for (const Xapian::doccount offset : {0U, 40U, 50U, 60U, 90U, 140U}) {
    INFO("offset " << offset);
    prepsearch::SearchRequest request;
    request.query = "worker";
    request.offset = offset;
    request.limit = 20;
    const auto mine = fixture.service().searcher().search(request);
    const auto theirs = by_xapian.searcher().search(request);
    REQUIRE(mine.hits.size() == theirs.hits.size());
    CHECK_FALSE(mine.hits.empty());
    for (std::size_t i = 0; i < mine.hits.size(); ++i)
      CHECK(mine.hits[i].doc.id == theirs.hits[i].doc.id);
  }
}
