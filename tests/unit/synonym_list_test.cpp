// A synonym weighed in memory (search/synonym_list.h) against Xapian's match: the same
// documents, the same weights bit for bit (which holds only if the synonym's estimated
// frequency is Xapian's), the same matches, for every shape the query builder makes of a
// synonym and the others SynonymList covers.
#include "search/synonym_list.h"

#include <set>

#include <catch2/catch.hpp>

#include "search/bm25_window.h"
#include "search/searcher.h"

#include "search_fixture.h"

using prepsearch::Bm25Window;
using prepsearch::DocLengths;
using Q = Xapian::Query;

namespace {

// 700 notes of a few words, some hyphenated, some in the phrase's order and some not,
// each word a varying number of times, so that frequencies, wdfs and lengths all differ.
std::string notes() {
  const char* pieces[] = {"class-based",
                          "class based",
                          "based class",
                          "class",
                          "based",
                          "views",
                          "cross-site",
                          "cross site",
                          "site cross",
                          "request",
                          "forgery",
                          "generic",
                          "class-based class-based"};
  std::string out;
  std::uint32_t seed = 7;
  for (int i = 0; i < 700; ++i) {
    std::string text = "note";
    const int words = 2 + i % 9;
    for (int w = 0; w < words; ++w) {
      seed = seed * 1103515245 + 12345;
      text += std::string(" ") + pieces[(seed >> 16) % 13];
      if ((seed >> 8) % 5 == 0) text += " padding";
    }
    out +=
        R"({"id": "s/)" + std::to_string(i) + R"(", "title": "Note", "text": ")" + text + "\"}\n";
  }
  return out;
}

const prepsearch::PostingTable* const kNoTable = nullptr;

// Xapian's Query has no constructor of three subqueries.
Q any_of(Q::op op, const std::vector<Q>& subqueries) {
  return Q(op, subqueries.begin(), subqueries.end());
}

struct Weighing {
  const Xapian::Database& db;
  const DocLengths& lengths;
  const prepsearch::PostingTable& table;
};

// Every match and the best 10 (pruned), in memory and by Xapian, lists from Xapian and from
// the table: the same documents in the same order with the same weights.
// Returns how many phrase checks the pruned windows left out.
std::size_t check_as_xapian(const Weighing& on, const Q& query,
                            const prepsearch::ScaledFactors& scaled_synonyms = {}) {
  std::size_t unchecked = 0;
  INFO(query.get_description());
  const auto terms = prepsearch::or_of_terms(query, {}, scaled_synonyms);
  REQUIRE(terms);
  const std::set<Xapian::docid> matches = prepsearch::test::every_match(on.db, query);
  REQUIRE_FALSE(matches.empty());
  const prepsearch::RankingParams params;
  for (const bool short_query : {true, false}) {
    Xapian::Enquire enquire(on.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(params.weight(short_query));
    for (const std::size_t count : {std::size_t{10}, matches.size()}) {
      const Xapian::MSet xapian = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
      for (const prepsearch::PostingTable* postings : {&on.table, kNoTable}) {
        for (const std::size_t exact_postings : {SIZE_MAX, std::size_t{0}}) {
          INFO("best " << count << (postings ? ", the table's lists" : "") << ", exact "
                       << exact_postings);
          Bm25Window window;
          const auto mine = window.best(on.db, on.lengths, params.bm25(short_query), *terms, count,
                                        exact_postings, postings);
          REQUIRE(mine);
          REQUIRE(mine->size() == xapian.size());
          std::size_t at = 0;
          for (auto it = xapian.begin(); it != xapian.end(); ++it, ++at) {
            CHECK((*mine)[at].first == *it);
            CHECK((*mine)[at].second == Approx(it.get_weight()).epsilon(1e-13));
          }
          for (const Xapian::docid docid : window.matches()) CHECK(matches.count(docid) == 1);
          if (window.exact()) CHECK(window.total() == matches.size());
          if (window.exact()) CHECK(window.unchecked() == 0);
          if (!window.exact() && count < matches.size()) unchecked += window.unchecked();
        }
      }
    }
  }
  return unchecked;
}

// The single leaf term of `text` built as a query (its stem, or a code term whole).
std::string term_of(const Xapian::Database& db, const std::string& text) {
  Q query = prepsearch::test::english_query(db, text).query;
  while (query.get_type() == Q::OP_SCALE_WEIGHT) query = query.get_subquery(0);
  REQUIRE(query.get_type() == Q::LEAF_TERM);
  return *query.get_terms_begin();
}

}  // namespace

TEST_CASE("a hyphenated word's synonym is weighed in memory as Xapian weighs it", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const prepsearch::PostingTable table(db, lengths);
  std::size_t scaled = 0;
  // Synonyms of a hyphenated word, and synonyms.txt's group for "class-based views": a phrase
  // of three words and its abbreviation's terms, one of them twice.
  for (const std::string text : {"class-based", "class-based views", "cross-site request forgery",
                                 "class-based cross-site", "generic class-based views"}) {
    INFO(text);
    const auto built = prepsearch::test::english_query(db, text);
    INFO(built.query.get_description());
    REQUIRE(built.query.get_description().find("SYNONYM") != std::string::npos);
    const auto terms =
        prepsearch::or_of_terms(built.query, built.scaled_terms, built.scaled_synonyms);
    REQUIRE(terms);
    // A hyphenated word is scaled as a code word: the factor is the builder's note of it.
    scaled += built.scaled_synonyms.size();
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    const prepsearch::RankingParams params;
    const bool short_query = !built.tier_groups.empty();
    enquire.set_weighting_scheme(params.weight(short_query));
    const Xapian::MSet xapian = enquire.get_mset(0, 50);
    REQUIRE(xapian.size() > 0);
    Bm25Window window;
    const auto mine =
        window.best(db, lengths, params.bm25(short_query), *terms, 50, SIZE_MAX, &table);
    REQUIRE(mine);
    REQUIRE(mine->size() == xapian.size());
    std::size_t at = 0;
    for (auto it = xapian.begin(); it != xapian.end(); ++it, ++at) {
      CHECK((*mine)[at].first == *it);
      CHECK((*mine)[at].second == Approx(it.get_weight()).epsilon(1e-12));
    }
    CHECK(window.total() == prepsearch::test::every_match(db, built.query).size());
  }
  CHECK(scaled >= 3);
}

TEST_CASE("every synonym shape covered has Xapian's frequency, wdfs and matches", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const prepsearch::PostingTable table(db, lengths);
  const Weighing on{db, lengths, table};
  const Q views(term_of(db, "views")), request(term_of(db, "request")),
      forgery(term_of(db, "forgery")), generic(term_of(db, "generic")), note(term_of(db, "note")),
      padding(term_of(db, "padding"));
  const Q phrase = prepsearch::test::english_query(db, "\"class based\"").query.get_subquery(0);
  REQUIRE(phrase.get_type() == Q::OP_PHRASE);
  const std::vector<Q> four{views, request, forgery, generic};
  // Four terms: Xapian joins the two least frequent first, each join's estimate rounded.
  check_as_xapian(on, any_of(Q::OP_SYNONYM, four));
  // An OR within a synonym adds its terms to the synonym's; a synonym within is one of them.
  check_as_xapian(on, Q(Q::OP_SYNONYM, views, Q(Q::OP_OR, request, Q(Q::OP_OR, forgery, note))));
  check_as_xapian(on, Q(Q::OP_SYNONYM, Q(Q::OP_SYNONYM, views, request), forgery));
  check_as_xapian(
      on, any_of(Q::OP_SYNONYM,
                 {Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, views, request), 2.0), generic, padding}));
  // A phrase alone in a synonym, and with terms; a term twice (its wdf counted twice).
  check_as_xapian(on, Q(Q::OP_SYNONYM, &phrase, &phrase + 1));
  // The best 10 of these are found checking only some of the phrase's candidates.
  CHECK(check_as_xapian(
            on, any_of(Q::OP_SYNONYM, {Q(Q::OP_SCALE_WEIGHT, phrase, 3.0), views, note})) > 0);
  check_as_xapian(on, Q(Q::OP_SYNONYM, note, note));
  // A scaled synonym in an OR, with another term.
  const Q synonym(Q::OP_SYNONYM, phrase, views);
  check_as_xapian(on, Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, synonym, 1.5), request),
                  {{synonym.get_description(), 1.5}});
}

TEST_CASE("a synonym of a shape not covered is left to Xapian's match", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const DocLengths lengths(db);
  const Q views(term_of(db, "views")), request(term_of(db, "request"));
  const prepsearch::RankingParams params;
  for (const Q& inner : {Q(Q::OP_AND, views, request), Q(Q::OP_NEAR, views, request),
                         Q(Q::OP_WILDCARD, "vie"), Q(std::string())}) {
    const Q synonym(Q::OP_SYNONYM, inner, Q(term_of(db, "forgery")));
    INFO(synonym.get_description());
    const auto terms = prepsearch::or_of_terms(synonym, {});
    REQUIRE(terms);
    Bm25Window window;
    CHECK_FALSE(window.best(db, lengths, params.bm25(true), *terms, 10));
  }
  // A scaled synonym whose factor the builder did not note.
  CHECK_FALSE(
      prepsearch::or_of_terms(Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_SYNONYM, views, request), 2.0), {}));
}

TEST_CASE("searches with hyphenated words rank and count as Xapian's match does", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  prepsearch::RankingParams xapian_match;
  xapian_match.in_memory_bm25 = 0;
  prepsearch::SearchService by_xapian(fixture.db(), xapian_match);
  for (const std::string text :
       {"class-based views", "cross-site request forgery", "class-based"}) {
    // Counted exactly while the phrase checks fit the budget; past it, the same hits with an
    // estimated count, the phrases checked only where the window needs them.
    for (const Xapian::doccount limit : {1000000U, prepsearch::kExactCountLimit}) {
      INFO(text << ", exact count limit " << limit);
      prepsearch::SearchRequest request;
      request.query = text;
      request.limit = 20;
      request.exact_count_limit = limit;
      const auto mine = fixture.service().searcher().search(request);
      const auto theirs = by_xapian.searcher().search(request);
      CHECK(theirs.counts_exact);
      if (limit > prepsearch::kExactCountLimit) {
        CHECK(mine.counts_exact);
        CHECK(mine.total == theirs.total);
        CHECK(mine.facets == theirs.facets);
      } else {
        CHECK_FALSE(mine.counts_exact);
        CHECK(mine.total >= mine.hits.size());
      }
      REQUIRE(mine.hits.size() == theirs.hits.size());
      for (std::size_t i = 0; i < mine.hits.size(); ++i) {
        CHECK(mine.hits[i].doc.id == theirs.hits[i].doc.id);
        CHECK(mine.hits[i].score == Approx(theirs.hits[i].score).epsilon(1e-12));
      }
    }
  }
}
