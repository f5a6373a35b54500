// The term dictionary answers what Xapian answers for every term it covers, and nothing for
// the rest.
#include "search/term_dictionary.h"

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/schema.h"

#include "test_support.h"

namespace {

using Terms = std::vector<std::pair<std::string, Xapian::doccount>>;

Terms from_xapian(const Xapian::Database& db, const std::string& prefix) {
  Terms terms;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
    terms.emplace_back(*it, it.get_termfreq());
  return terms;
}

// corpus/ indexed by prepsearch-index into `dir`.
Xapian::Database indexed_corpus(const prepsearch::test::ScratchDir& dir) {
  REQUIRE(prepsearch::test::run_indexer(
              {"--quiet", "--db", dir / "index", prepsearch::test::source_path("corpus")})
              .status == 0);
  return Xapian::Database(dir / "index");
}

}  // namespace

TEST_CASE("the term dictionary agrees with Xapian on every term it covers", "[terms]") {
  prepsearch::test::ScratchDir dir;
  const Xapian::Database db = indexed_corpus(dir);
  const prepsearch::TermDictionary dictionary(db);
  REQUIRE(dictionary.held());
  std::size_t covered = 0, left_out = 0;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string term = *it;
    INFO(term);
    if (prepsearch::TermDictionary::covers(term)) {
      ++covered;
      CHECK(dictionary.frequency(term) == it.get_termfreq());
    } else {
      ++left_out;
      CHECK_FALSE(dictionary.frequency(term));
    }
    CHECK(prepsearch::term_frequency(db, &dictionary, term) == it.get_termfreq());
  }
  CHECK(covered == dictionary.size());
  CHECK(covered > 1000);
  CHECK(left_out > 100);  // ids and title keys
  CHECK(dictionary.frequency("zzzz-never-indexed") == 0u);
  CHECK(prepsearch::term_frequency(db, &dictionary, "zzzz-never-indexed") == 0u);

  // Prefixes: the same terms in the same order, or no answer where some are left out.
  for (const std::string& prefix :
       std::vector<std::string>{"cel", "Zcel", "S", "XSECTION", "z", std::string(1, '\xD0')}) {
    INFO(prefix);
    Terms held;
    REQUIRE(dictionary.each_starting(prefix, [&](std::string_view term, Xapian::doccount f) {
      held.emplace_back(term, f);
      return true;
    }));
    CHECK(held == from_xapian(db, prefix));
    CHECK(prepsearch::any_term_starting(db, &dictionary, prefix) == !held.empty());
  }
  for (const std::string& prefix :
       std::vector<std::string>{"", "Q", "X", "XT", "XTITLE", "XPAIRcelery"}) {
    INFO(prefix);
    CHECK_FALSE(
        dictionary.each_starting(prefix, [](std::string_view, Xapian::doccount) { return true; }));
    CHECK(prepsearch::any_term_starting(db, &dictionary, prefix) ==
          !from_xapian(db, prefix).empty());
  }
  // A visit that stops early stops the walk.
  std::size_t visited = 0;
  dictionary.each_starting("Z", [&](std::string_view, Xapian::doccount) { return ++visited < 3; });
  CHECK(visited == 3);
}

TEST_CASE("a vocabulary over the dictionary's budget is left to Xapian", "[terms]") {
  prepsearch::test::ScratchDir dir;
  const Xapian::Database db = indexed_corpus(dir);
  const prepsearch::TermDictionary small(db, 100);
  CHECK_FALSE(small.held());
  CHECK(small.size() == 0);
  CHECK_FALSE(small.frequency("celery"));
  CHECK_FALSE(small.each_starting("cel", [](std::string_view, Xapian::doccount) { return true; }));
  CHECK(prepsearch::term_frequency(db, &small, "celery") == db.get_termfreq("celery"));
  CHECK(prepsearch::any_term_starting(db, &small, "cel"));
  CHECK(prepsearch::term_frequency(db, nullptr, "celery") > 0);
}
