// The revision's posting table (search/posting_table.h) against Xapian's lists: the same
// postings, the commonest terms chosen within the budget, each list's frontier the most a
// posting of it weighs, and a cursor that skips as Xapian's iterator does.
#include "search/posting_table.h"

#include <algorithm>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "search/bm25_window.h"
#include "search/posting_cursor.h"

#include "search_fixture.h"

using prepsearch::PostingCursor;
using prepsearch::PostingTable;

namespace {

std::vector<std::string> every_term(const Xapian::Database& db) {
  std::vector<std::string> terms;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) terms.push_back(*it);
  return terms;
}

}  // namespace

TEST_CASE("the table holds Xapian's postings of the commonest terms, within its budget",
          "[postings]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const prepsearch::DocLengths lengths(db);
  const PostingTable every(db, lengths);
  std::size_t held = 0;
  for (const auto& term : every_term(db)) {
    INFO(term);
    const prepsearch::PostingList* list = every.find(term);
    CHECK((list != nullptr) == (db.get_termfreq(term) >= prepsearch::kMinFrequencyInMemory));
    if (!list) continue;
    ++held;
    REQUIRE(list->size == db.get_termfreq(term));
    std::size_t at = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it, ++at) {
      CHECK(list->docids[at] == *it);
      CHECK(list->wdfs[at] == it.get_wdf());
    }
  }
  CHECK(held == every.terms());
  REQUIRE(held > 10);

  // A small budget holds the commonest: no term left out is commoner than one held, unless
  // it alone was past what was left of the budget.
  const std::size_t budget = every.postings() / 4;
  const PostingTable some(db, lengths, budget);
  CHECK(some.postings() <= budget);
  CHECK(some.terms() > 0);
  CHECK(some.terms() < every.terms());
  Xapian::doccount rarest_held = UINT32_MAX, commonest_out = 0;
  for (const auto& term : every_term(db)) {
    if (!every.find(term)) continue;
    const Xapian::doccount frequency = db.get_termfreq(term);
    if (some.find(term)) {
      rarest_held = std::min(rarest_held, frequency);
    } else if (some.postings() + frequency <= budget) {
      commonest_out = std::max(commonest_out, frequency);
    }
  }
  CHECK(commonest_out <= rarest_held);
}

TEST_CASE("a list's frontier gives the most any of its postings weighs", "[postings]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const prepsearch::DocLengths lengths(db);
  const PostingTable table(db, lengths);
  prepsearch::Bm25 loose, strict;  // the shipped parameters, and k1 high with b 1
  strict.k1 = 3;
  strict.b = 1;
  for (const auto& term : every_term(db)) {
    const prepsearch::PostingList* list = table.find(term);
    if (!list) continue;
    INFO(term);
    // Each frontier pair is a posting's, and none beats another in both.
    for (std::size_t i = 0; i < list->frontier_size; ++i) {
      const auto [wdf, length] = list->frontier[i];
      bool found = false;
      for (std::size_t at = 0; at < list->size && !found; ++at)
        found = list->wdfs[at] == wdf && lengths.by_docid[list->docids[at]] == length;
      CHECK(found);
      if (i > 0) CHECK(wdf < list->frontier[i - 1].wdf);
      if (i > 0) CHECK(length < list->frontier[i - 1].length);
    }
    for (const auto& params : {loose, strict}) {
      const prepsearch::TermWeight weight(db, lengths, params, {term, 1, {}}, list);
      const prepsearch::TermWeight from_xapian(db, lengths, params, {term, 1, {}}, nullptr);
      double most = 0;
      for (std::size_t at = 0; at < list->size; ++at)
        most = std::max(most, weight(list->wdfs[at], lengths.by_docid[list->docids[at]]));
      const double bound = weight.bound(db, lengths, term);
      CHECK(bound >= most);
      CHECK(bound == Approx(most).epsilon(1e-6));
      CHECK(bound <= from_xapian.bound(db, lengths, term));
    }
  }
}

TEST_CASE("a long list's heaviest postings are apart, each part bounded by its frontier",
          "[postings]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const prepsearch::DocLengths lengths(db);
  const PostingTable table(db, lengths, prepsearch::kMaxPostingsInMemory, 32);
  const prepsearch::Bm25 shipped;
  std::size_t split = 0;
  for (const auto& term : every_term(db)) {
    const prepsearch::PostingList* list = table.find(term);
    if (!list || !list->heavy) continue;
    INFO(term);
    ++split;
    const prepsearch::PostingList& heavy = *list->heavy;
    CHECK(list->size >= 32);
    CHECK(heavy.size > 0);
    CHECK(heavy.size <= list->size / prepsearch::kHeavyShare);
    // The heavy postings are the list's of its largest wdfs, in docid order.
    std::uint16_t lightest_heavy = UINT16_MAX, heaviest_light = 0;
    std::vector<Xapian::docid> heavy_docids;
    const prepsearch::TermWeight weight(db, lengths, shipped, {term, 1, {}}, list);
    double most_light = 0, most_heavy = 0;
    for (std::size_t at = 0; at < list->size; ++at) {
      const auto wdf = list->wdfs[at];
      const double weighs = weight(wdf, lengths.by_docid[list->docids[at]]);
      const bool is_heavy =
          std::binary_search(heavy.docids, heavy.docids + heavy.size, list->docids[at]);
      if (is_heavy) {
        heavy_docids.push_back(list->docids[at]);
        lightest_heavy = std::min(lightest_heavy, wdf);
        most_heavy = std::max(most_heavy, weighs);
      } else {
        heaviest_light = std::max(heaviest_light, wdf);
        most_light = std::max(most_light, weighs);
      }
    }
    CHECK(heavy_docids == std::vector<Xapian::docid>(heavy.docids, heavy.docids + heavy.size));
    CHECK(lightest_heavy > heaviest_light);
    // Each part's bound is the most a posting of it weighs.
    CHECK(weight.bound(heavy.frontier, heavy.frontier_size) == Approx(most_heavy).epsilon(1e-6));
    CHECK(weight.bound(list->light_frontier, list->light_frontier_size) ==
          Approx(most_light).epsilon(1e-6));
  }
  CHECK(split > 0);
  // The shipped table splits no list this short.
  const PostingTable shipped_table(db, lengths);
  for (const auto& term : every_term(db)) {
    if (const auto* list = shipped_table.find(term)) CHECK(list->heavy == nullptr);
  }
}

TEST_CASE("a cursor steps and skips as Xapian's posting iterator", "[postings]") {
  prepsearch::test::SearchFixture fixture;
  const Xapian::Database db(fixture.db());
  const prepsearch::DocLengths lengths(db);
  const PostingTable table(db, lengths);
  std::mt19937 random(7);  // fixed: the same skips every run
  for (const auto& term : every_term(db)) {
    if (db.get_termfreq(term) < 2) continue;
    INFO(term);
    for (const PostingTable* postings : {&table, static_cast<const PostingTable*>(nullptr)}) {
      PostingCursor cursor(db, postings, term);
      CHECK((cursor.in_memory() != nullptr) == (postings && table.find(term)));
      auto it = db.postlist_begin(term);
      const auto end = db.postlist_end(term);
      while (it != end) {
        REQUIRE(cursor.docid() == *it);
        CHECK(cursor.wdf() == it.get_wdf());
        const Xapian::docid target = *it + static_cast<Xapian::docid>(random() % 40);
        if (target == *it) {
          cursor.next();
          ++it;
        } else {
          cursor.skip_to(target);
          it.skip_to(target);
        }
      }
      CHECK(cursor.docid() == 0);
    }
  }
}
