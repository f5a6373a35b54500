// Xapian's match for the window, the key documents, and what each window document holds.
#include "search/first_phase.h"

#include <algorithm>

#include "search/posting_cursor.h"

namespace prepsearch {
namespace {

std::vector<Candidate*> sorted_by_docid(std::vector<Candidate>& window) {
  std::vector<Candidate*> by_docid;
  by_docid.reserve(window.size());
  for (auto& candidate : window) by_docid.push_back(&candidate);
  std::sort(by_docid.begin(), by_docid.end(),
            [](const Candidate* a, const Candidate* b) { return a->docid < b->docid; });
  return by_docid;
}

// Calls found(candidate) for each window document `term` indexes: its posting list skipped
// along the window in docid order, never read past the window's last document.
template <typename Found>
void each_holder(const Xapian::Database& db, const PostingTable* postings, const std::string& term,
                 const std::vector<Candidate*>& by_docid, Found found) {
  PostingCursor it(db, postings, term);
  for (Candidate* candidate : by_docid) {
    it.skip_to(candidate->docid);
    if (it.docid() == 0) return;
    if (it.docid() == candidate->docid) found(*candidate);
  }
}

}  // namespace

FirstPhase::FirstPhase(const Xapian::Database& db, const BuiltQuery& built,
                       const RankingParams& params, Xapian::doccount check_at_least,
                       const InMemoryWeights& in_memory)
    : db_(db),
      built_(built),
      enquire_(db),
      check_at_least_(check_at_least),
      in_memory_(params.in_memory_bm25 > 0 ? in_memory : InMemoryWeights{}),
      bm25_(params.bm25(!built.tier_groups.empty())) {
  // Relevance alone, equal weights by docid: a tie-break by the id's value would read a value
  // for every document that enters the window. The second phase breaks ties by what is the
  // same in every layout (second_phase.h).
  enquire_.set_weighting_scheme(params.weight(!built.tier_groups.empty()));  // bm25_, in Xapian
}

Xapian::MSet FirstPhase::match(const Xapian::Query& query, Xapian::doccount count) {
  enquire_.set_query(query);
  return enquire_.get_mset(0, count, std::max(count, check_at_least_));
}

void FirstPhase::add(const Xapian::MSet& mset, std::vector<Candidate>& window) {
  for (auto it = mset.begin(); it != mset.end(); ++it) admit(*it, it.get_weight(), window);
}

// A document joins the window once. Untiered, every document counts as holding every word
// (the tier is not scored).
void FirstPhase::admit(Xapian::docid docid, double weight, std::vector<Candidate>& window) {
  if (in_window_.insert(docid, static_cast<std::uint32_t>(window.size())))
    window.push_back({docid, weight, !built_.tiered, 0, {}, 0, {}});
}

// One match: the best kRankWindow documents by BM25, holding any word. A document holding a
// key term joins them; then each is marked with the keys and word groups it holds. (Not a
// match of every word first and one of any word after: that read the posting lists twice,
// and every-word documents outside the BM25 window changed no training figure.)
std::vector<Candidate> FirstPhase::window(Xapian::doccount order_depth) {
  std::vector<Candidate> window;
  window.reserve(kRankWindow + kMaxKeyDocs);
  // As deep as the page will likely need: order() then need not match again.
  first_order_depth_ = std::max(kRankWindow, order_depth);
  if (!weigh_in_memory(window)) {
    matched_ = match(built_.query, first_order_depth_);
    for (auto it = matched_->begin(); it != matched_->end(); ++it) {
      if (window.size() < kRankWindow) admit(*it, it.get_weight(), window);
      first_order_.push_back(*it);
    }
  }
  // Not within the BM25 window: a title that starts with the word being typed ("can you use
  // useRef" for "can you use user") need not hold the word as typed.
  if (read_key_postings() && !weigh_keys_in_memory(window)) {
    add(match(Xapian::Query(Xapian::Query::OP_FILTER, built_.query, built_.keys.any()),
              kMaxKeyDocs),
        window);
  }
  const std::vector<Candidate*> by_docid = sorted_by_docid(window);
  mark_keys(window, by_docid);
  mark_all_words(window, by_docid);
  return window;
}

// The window of an OR of terms over one local database, weighed as Xapian would
// (search/bm25_window.h); false for any other query, which Xapian's match ranks.
bool FirstPhase::weigh_in_memory(std::vector<Candidate>& window) {
  if (!in_memory_.lengths || !in_memory_.window) return false;
  const auto terms = or_of_terms(built_.query, built_.scaled_terms, built_.scaled_synonyms);
  if (!terms) return false;
  const auto best =
      in_memory_.window->best(db_, *in_memory_.lengths, bm25_, *terms, first_order_depth_,
                              in_memory_.exact_postings, in_memory_.postings);
  if (!best) return false;
  for (std::size_t i = 0; i < best->size(); ++i) {
    if (i < kRankWindow) admit((*best)[i].first, (*best)[i].second, window);
    first_order_.push_back((*best)[i].first);
  }
  weighed_ = in_memory_.window;
  return true;
}

// The key documents of a window weighed in memory, weighed there too, as the match of the
// query filtered by the key terms would rank them; false if the key terms hold too many.
bool FirstPhase::weigh_keys_in_memory(std::vector<Candidate>& window) {
  if (!weighed_) return false;
  std::size_t common = 0;
  for (const auto& key : common_keys_) common += db_.get_termfreq(*key.first);
  if (common > kMaxKeyPostingsInMemory) return false;
  std::vector<Xapian::docid> docids;
  docids.reserve(key_postings_.size() + common);
  for (const auto& posting : key_postings_) docids.push_back(posting.first);
  for (const auto& key : common_keys_) {
    for (PostingCursor it(db_, in_memory_.postings, *key.first); it.docid() != 0; it.next())
      docids.push_back(it.docid());
  }
  std::sort(docids.begin(), docids.end());
  docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
  for (const auto& [docid, weight] :
       in_memory_.window->best_of(db_, *in_memory_.lengths, docids, kMaxKeyDocs))
    admit(docid, weight, window);
  return true;
}

// Reads the documents of each rare key term (most are held by a title or two) and notes the
// commoner ones. True if a key term's document is not in the window yet, or a key term is
// held by more than kMaxKeyDocs (then the match picks them by weight, the same in every layout
// of shards). Most often the BM25 window holds them all, and the match that would find them
// (a second get_mset, the query's posting lists opened again) is not run.
bool FirstPhase::read_key_postings() {
  bool outside = false;
  built_.keys.each([&](const std::string& term, KeyBit bit) {
    if (db_.get_termfreq(term) > kMaxKeyDocs) {
      common_keys_.emplace_back(&term, bit);
      outside = true;
      return;
    }
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
      key_postings_.emplace_back(*it, bit);
      outside = outside || !in_window_.find(*it);
    }
  });
  return outside;
}

void FirstPhase::mark_keys(std::vector<Candidate>& window,
                           const std::vector<Candidate*>& by_docid) const {
  for (const auto& [docid, bit] : key_postings_) {
    if (const auto at = in_window_.find(docid)) window[*at].keys |= bit;
  }
  for (const auto& [term, bit] : common_keys_) {
    each_holder(db_, in_memory_.postings, *term, by_docid,
                [bit = bit](Candidate& candidate) { candidate.keys |= bit; });
  }
}

// A window document holds a word group when it holds every term of one of the group's
// alternatives (BuiltQuery::tier_groups), read from the terms' posting lists.
void FirstPhase::mark_all_words(std::vector<Candidate>& window,
                                const std::vector<Candidate*>& by_docid) const {
  const auto& groups = built_.tier_groups;
  if (groups.empty() || window.empty()) return;
  std::vector<std::size_t> held(window.size()), terms_held(window.size());
  const auto index = [&](const Candidate& candidate) {
    return static_cast<std::size_t>(&candidate - window.data());
  };
  for (const TermAlternatives& group : groups) {
    std::vector<bool> holds_group(window.size());
    for (const auto& alternative : group) {
      std::fill(terms_held.begin(), terms_held.end(), 0);
      for (const auto& term : alternative)
        each_holder(db_, in_memory_.postings, term, by_docid,
                    [&](Candidate& c) { ++terms_held[index(c)]; });
      for (std::size_t i = 0; i < window.size(); ++i)
        if (terms_held[i] == alternative.size()) holds_group[i] = true;
    }
    for (std::size_t i = 0; i < window.size(); ++i)
      if (holds_group[i]) ++held[i];
  }
  for (std::size_t i = 0; i < window.size(); ++i) window[i].all_words = held[i] == groups.size();
}

// Past the window, results keep BM25 order: the window's own ranking when it went deep
// enough, else the match again, deeper.
std::vector<Xapian::docid> FirstPhase::order(Xapian::doccount count) {
  // Ranked fewer than it was asked for: those are every match.
  if (first_order_.size() >= count || first_order_.size() < first_order_depth_) {
    const std::size_t kept = std::min<std::size_t>(count, first_order_.size());
    return {first_order_.begin(), first_order_.begin() + static_cast<std::ptrdiff_t>(kept)};
  }
  std::vector<Xapian::docid> docids;
  const Xapian::MSet all = match(built_.query, count);
  for (auto it = all.begin(); it != all.end(); ++it) docids.push_back(*it);
  return docids;
}

}  // namespace prepsearch
