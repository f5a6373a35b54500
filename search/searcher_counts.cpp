// Counting a search's matches and facets: from the in-memory window, the first match, the
// posting lists (MatchCounter) or a second, bounded Xapian pass.
#include "search/first_phase.h"
#include "search/searcher.h"

namespace prepsearch {
namespace {

// Section names are open-ended; the other facets have a handful of values.
constexpr std::size_t kMaxFacetValues = 50;
// Xapian's counting pass stops checking for more matches after this (its total is then an
// estimate, and says so): phrase checks over common words grow with the collection.
constexpr double kCountingSeconds = 0.25;

// Xapian's counting pass: every match up to the exact-count limit (get_mset's
// check_at_least), without weights, within kCountingSeconds; match spies count the facets.
Xapian::Enquire counting_pass(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire counting(db);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.set_time_limit(kCountingSeconds);
  return counting;
}

// The total of a counting pass; exact if Xapian's bounds agree and the spies saw it all.
void take_counts(const Xapian::MSet& all, Xapian::doccount seen, SearchResults& results) {
  results.total = all.get_matches_estimated();
  results.counts_exact =
      all.get_matches_lower_bound() == all.get_matches_upper_bound() && seen == results.total;
}

}  // namespace

// A window weighed in memory counted the matches it visited: every match when its terms held
// few postings, else those the pruned window looked at, with an estimated total. So is a first
// match that holds every match (Xapian's upper bound is its size). Otherwise the posting
// lists are read into a bitmap (MatchCounter), or, for a phrase, a wildcard or too many
// postings, a second Xapian pass counts up to the exact-count limit.
void Searcher::count(const Xapian::Query& query, const SearchRequest& request,
                     const FirstPhase& first_phase, SearchResults& results) {
  // The revision's tables, which ranked_page took for the window: one lookup a search.
  std::optional<FacetSpy> spy;
  if (request.facets)
    spy.emplace(std::shared_ptr<const FacetTable>(window_tables_, &window_tables_->facets));
  const auto visit = [&spy](Xapian::docid docid) {
    if (spy) spy->count(docid);
  };
  results.counts_exact = true;
  const std::optional<Xapian::MSet>& first = first_phase.matched();
  if (const Bm25Window* in_memory = first_phase.weighed_in_memory()) {
    // Past the exact count, as many as Xapian's counting pass would see: counting stops growing.
    const auto& matches = in_memory->matches();
    const std::size_t seen = in_memory->exact()
                                 ? matches.size()
                                 : std::min<std::size_t>(matches.size(), request.exact_count_limit);
    for (std::size_t i = 0; i < seen; ++i) visit(matches[i]);
    results.total = in_memory->total();
    results.counts_exact = in_memory->exact();
  } else if (first && first->get_matches_upper_bound() == first->size() &&
             first->size() <= request.exact_count_limit) {
    for (auto it = first->begin(); it != first->end(); ++it) visit(*it);
    results.total = first->size();
  } else if (const auto total =
                 counter_.count(db_, &window_tables_->postings, query,
                                request.exact_count_limit * kPostingsPerCountedMatch, visit)) {
    results.total = *total;
  } else {
    Xapian::Enquire counting = counting_pass(db_, query);
    if (spy) counting.add_matchspy(&*spy);
    const Xapian::MSet all = counting.get_mset(0, 0, request.exact_count_limit);
    take_counts(all, spy ? spy->seen() : all.get_matches_estimated(), results);
  }
  if (spy) results.facets = spy->counts(kMaxFacetValues);
}

// Over shards, Xapian's own match spies count, which stock xapian-tcpsrv runs where the
// documents are.
void Searcher::count_over_shards(const Xapian::Query& query, const SearchRequest& request,
                                 SearchResults& results) {
  ValueFacetSpies spies;
  Xapian::Enquire counting = counting_pass(db_, query);
  if (request.facets) spies.add_to(counting);
  const Xapian::MSet all = counting.get_mset(0, 0, request.exact_count_limit);
  take_counts(all, request.facets ? spies.seen() : all.get_matches_estimated(), results);
  if (request.facets) results.facets = spies.counts(kMaxFacetValues);
}

}  // namespace prepsearch
