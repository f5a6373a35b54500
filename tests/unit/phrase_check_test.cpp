// Phrase checks (search/phrase_check.h) against Xapian's phrase matcher: whichever way the
// window asks about a phrase's candidates (every one, a few far apart, dense and then sparse,
// each twice), the checker answers as Xapian matches, whether it checked alone or in batches.
#include "search/phrase_check.h"

#include <set>

#include <catch2/catch.hpp>

#include "search_fixture.h"

using prepsearch::PhraseChecker;

namespace {

// 3,000 notes of three words drawn from four, so that about a third of the documents holding
// "cross" and "site" hold them in that order, some several times, some in the other order.
std::string notes() {
  const char* words[] = {"cross", "site", "request", "forgery"};
  std::string out;
  std::uint32_t seed = 11;
  for (int i = 0; i < 3000; ++i) {
    std::string text = "note";
    for (int w = 0; w < 3 + i % 4; ++w) {
      seed = seed * 1103515245 + 12345;
      text += std::string(" ") + words[(seed >> 16) % 4];
    }
    out +=
        R"({"id": "p/)" + std::to_string(i) + R"(", "title": "Note", "text": ")" + text + "\"}\n";
  }
  return out;
}

// The documents holding every word of `words`, in docid order.
std::vector<Xapian::docid> candidates(const Xapian::Database& db,
                                      const std::vector<std::string>& words) {
  const auto all = prepsearch::test::every_match(
      db, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
  return {all.begin(), all.end()};
}

}  // namespace

TEST_CASE("a phrase's candidates are held as Xapian's phrase matcher finds them", "[ranking]") {
  prepsearch::test::SearchFixture fixture(notes());
  const Xapian::Database db(fixture.db());
  const std::vector<std::vector<std::string>> phrases = {
      {"cross", "site"}, {"site", "request", "forgery"}, {"cross", "cross"}};
  for (const auto& words : phrases) {
    INFO(words.front() << " ... (" << words.size() << " words)");
    const auto holders = prepsearch::test::every_match(
        db, Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                          static_cast<Xapian::termcount>(words.size())));
    const auto all = candidates(db, words);
    REQUIRE(all.size() > 500);
    REQUIRE(holders.size() > 20);
    REQUIRE(holders.size() < all.size());
    // Every candidate; every 17th (sparse: checked alone); dense then sparse; each twice.
    const std::vector<std::size_t> steps = {1, 17, 0};
    for (const std::size_t step : steps) {
      INFO("asking every " << step << "th");
      PhraseChecker checker;
      checker.reset(db, 2);
      for (const auto docid : all) checker.add_candidate(1, docid);
      std::size_t asked = 0;
      for (std::size_t i = 0; i < all.size(); ++i) {
        const std::size_t every = step != 0 ? step : (i < all.size() / 2 ? 1 : 23);
        if (i % every != 0) continue;
        for (int twice = 0; twice < 2; ++twice)
          CHECK(checker.holds(all[i], 1, words) == (holders.count(all[i]) == 1));
        ++asked;
      }
      CHECK(asked > 20);
      // A document that is no candidate is not held.
      CHECK_FALSE(checker.holds(all.back() + 1, 1, words));
    }
  }
}
