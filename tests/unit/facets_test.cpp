// The facet table's counts (by combination of values, search/facets.h) against Xapian's own
// ValueCountMatchSpy over the same matches, which the shards count with.
#include "search/facets.h"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "search_fixture.h"

TEST_CASE("facet counts by combination are Xapian's value counts", "[search]") {
  // Documents that share some values and not others, and one with none of the optional ones.
  prepsearch::test::SearchFixture fixture(
      R"({"id": "x/1", "title": "Celery basics", "text": "celery", "topic": "celery", "kind": "question", "level": "basic"}
{"id": "x/2", "title": "Celery beat", "text": "celery", "topic": "celery", "kind": "question", "level": "advanced"}
{"id": "x/3", "title": "Celery docs", "text": "celery", "topic": "celery", "kind": "section"}
{"id": "x/4", "title": "Celery in Spanish", "text": "celery", "topic": "celery", "language": "es"}
)");
  const Xapian::Database db(fixture.db());
  const auto table = std::make_shared<const prepsearch::FacetTable>(db);
  // All, and two stemmed body terms.
  for (const char* term : {"", "Zceleri", "Zmiddlewar"}) {
    INFO(term);
    prepsearch::FacetSpy mine(table);
    prepsearch::ValueFacetSpies theirs;
    Xapian::Enquire enquire(db);
    enquire.set_query(*term ? Xapian::Query(std::string(term)) : Xapian::Query::MatchAll);
    enquire.add_matchspy(&mine);
    theirs.add_to(enquire);
    enquire.get_mset(0, 0, db.get_doccount());
    CHECK(mine.seen() > 0);
    CHECK(mine.seen() == theirs.seen());
    for (const std::size_t max_values : {std::size_t{1}, std::size_t{3}, std::size_t{1000}})
      CHECK(mine.counts(max_values) == theirs.counts(max_values));
  }
}
