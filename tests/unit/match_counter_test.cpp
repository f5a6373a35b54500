// The bitmap count finds exactly the documents Xapian's matcher finds, for every query
// shape it covers, and leaves the others (and queries past its budget) to Xapian.
#include "search/match_counter.h"

#include <vector>

#include <catch2/catch.hpp>

#include "core/schema.h"
#include "core/terms.h"

#include "search/doc_lengths.h"
#include "search/posting_table.h"

#include "search_fixture.h"

namespace {

using Q = Xapian::Query;

std::vector<Xapian::docid> xapian_matches(const Xapian::Database& db, const Q& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  std::vector<Xapian::docid> ids;
  for (auto it = all.begin(); it != all.end(); ++it) ids.push_back(*it);
  return ids;
}

Q stem(const char* word) { return Q(std::string(prepsearch::schema::prefix::kStem) + word); }

}  // namespace

TEST_CASE("the bitmap count finds what Xapian's matcher finds", "[count]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const Q question(prepsearch::boolean_term(
      prepsearch::schema::field(prepsearch::schema::FieldId::kKind).prefix, "question"));
  const std::vector<std::pair<const char*, Q>> shapes = {
      {"one term", stem("cach")},
      {"or", Q(Q::OP_OR, stem("cach"), stem("queri"))},
      {"synonym", Q(Q::OP_SYNONYM, stem("cach"), Q("n+1"))},
      {"and", Q(Q::OP_AND, stem("cach"), stem("queri"))},
      {"filter", Q(Q::OP_FILTER, Q(Q::OP_OR, stem("cach"), stem("model")), question)},
      {"and not", Q(Q::OP_AND_NOT, stem("model"), stem("cach"))},
      {"and maybe", Q(Q::OP_AND_MAYBE, stem("cach"), stem("model"))},
      {"scaled", Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, stem("cach"), Q("select_related")), 3.0)},
      {"match all", Q::MatchAll},
      {"match all but", Q(Q::OP_AND_NOT, Q::MatchAll, question)},
      {"nothing", Q::MatchNothing},
      {"unknown term", Q(Q::OP_OR, stem("zzzzzz"), stem("cach"))},
      {"nested",
       Q(Q::OP_AND_NOT,
         Q(Q::OP_FILTER,
           Q(Q::OP_AND_MAYBE,
             Q(Q::OP_OR, stem("view"), Q(Q::OP_AND, stem("cach"), stem("databas"))), stem("model")),
           question),
         stem("templat"))},
  };
  // Every list from Xapian, every list held by the revision's table, and some of each.
  const prepsearch::DocLengths lengths(db);
  const prepsearch::PostingTable every(db, lengths), some(db, lengths, 200);
  REQUIRE(some.terms() > 0);
  REQUIRE(some.terms() < every.terms());
  prepsearch::MatchCounter counter;
  for (const prepsearch::PostingTable* postings :
       {static_cast<const prepsearch::PostingTable*>(nullptr), &every, &some}) {
    for (const auto& [name, query] : shapes) {
      INFO(name << ": " << query.get_description() << ", table of "
                << (postings ? postings->terms() : 0) << " terms");
      std::vector<Xapian::docid> seen;
      const auto total = counter.count(db, postings, query, db.get_doccount() * 10,
                                       [&](Xapian::docid id) { seen.push_back(id); });
      REQUIRE(total);
      CHECK(*total == seen.size());
      CHECK(seen == xapian_matches(db, query));
    }
  }
  CHECK_FALSE(xapian_matches(db, stem("cach")).empty());
}

TEST_CASE("phrases, wildcards and queries past the budget are left to Xapian", "[count]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  prepsearch::MatchCounter counter;
  int visits = 0;
  const auto visit = [&](Xapian::docid) { ++visits; };
  const Q phrase(Q::OP_PHRASE, Q("cache"), Q("get"));
  const Q wildcard(Q::OP_WILDCARD, "cach");
  CHECK_FALSE(counter.count(db, nullptr, Q(Q::OP_OR, stem("model"), phrase), 100000, visit));
  CHECK_FALSE(counter.count(db, nullptr, wildcard, 100000, visit));
  const Q common = stem("django");
  const Xapian::doccount postings = db.get_termfreq(common.get_terms_begin().operator*());
  REQUIRE(postings > 1);
  CHECK_FALSE(counter.count(db, nullptr, common, postings - 1, visit));
  CHECK(visits == 0);
  CHECK(counter.count(db, nullptr, common, postings, visit) == postings);
  CHECK(visits == static_cast<int>(postings));
}
