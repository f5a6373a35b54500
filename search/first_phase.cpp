// Xapian's matches for the window: every word (tiered queries), any word, the key documents.
#include "search/first_phase.h"

#include <algorithm>
#include <unordered_set>

namespace prepsearch {

FirstPhase::FirstPhase(const Xapian::Database& db, const BuiltQuery& built,
                       const RankingParams& params, Xapian::doccount check_at_least)
    : db_(db), built_(built), enquire_(db), check_at_least_(check_at_least) {
  // Relevance alone, equal weights by docid: a tie-break by the id's value would read a value
  // for every document that enters the window. The second phase breaks ties by what is the
  // same in every layout (second_phase.h).
  enquire_.set_weighting_scheme(params.weight());
}

Xapian::MSet FirstPhase::match(const Xapian::Query& query, Xapian::doccount count) {
  enquire_.set_query(query);
  return enquire_.get_mset(0, count, std::max(count, check_at_least_));
}

void FirstPhase::add(const Xapian::MSet& mset, bool all_words, std::vector<Candidate>& window) {
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (in_window_.insert(*it, 0))
      window.push_back({*it, it.get_weight(), all_words, 0, {}, 0, {}});
  }
}

// A short query's documents holding every word group come first; when fewer than a window
// of them match, the rest of the window is the best documents holding any. A document
// holding a key term joins the window.
std::vector<Candidate> FirstPhase::window() {
  std::vector<Candidate> window;
  window.reserve(kRankWindow + kMaxKeyDocs);
  const bool tiered = !built_.all_words.empty();
  if (tiered) {
    all_words_ = match(built_.all_words, kRankWindow);
    add(*all_words_, true, window);
  }
  const bool filled = tiered && all_words_->size() == kRankWindow;
  if (!filled) {
    // The documents missing a word rank after every one holding them all: the window needs
    // only as many of them as it has room for.
    const Xapian::doccount room = tiered ? kRankWindow - all_words_->size() : kRankWindow;
    any_words_ = match(built_.query, room);
    add(*any_words_, !tiered, window);
  }
  // Not within every word: a title that starts with the word being typed ("can you use
  // useRef" for "can you use user") need not hold the word as typed.
  if (!built_.keys.empty() && holds_keys_outside_window()) {
    add(match(Xapian::Query(Xapian::Query::OP_FILTER, built_.query, built_.keys.any()),
              kMaxKeyDocs),
        !tiered, window);
  }
  mark_keys(window);
  return window;
}

// True if a document holding a key term is not in the window yet, or a key term is held by
// more than kMaxKeyDocs (then the match picks them by weight, the same in every layout of
// shards). Most often the BM25 window holds them all, and the match that would find them (a
// third get_mset, the query's posting lists opened again) is not run.
bool FirstPhase::holds_keys_outside_window() const {
  bool outside = false;
  built_.keys.each([&](const std::string& term, KeyBit) {
    if (outside || db_.get_termfreq(term) > kMaxKeyDocs) {
      outside = true;
      return;
    }
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term) && !outside; ++it)
      outside = !in_window_.find(*it);
  });
  return outside;
}

// Each key term's posting list, skipped along the window in docid order: a few rare terms.
void FirstPhase::mark_keys(std::vector<Candidate>& window) const {
  if (built_.keys.empty() || window.empty()) return;
  std::vector<Candidate*> by_docid;
  by_docid.reserve(window.size());
  for (auto& candidate : window) by_docid.push_back(&candidate);
  std::sort(by_docid.begin(), by_docid.end(),
            [](const Candidate* a, const Candidate* b) { return a->docid < b->docid; });
  built_.keys.each([&](const std::string& term, KeyBit bit) {
    auto it = db_.postlist_begin(term);
    const auto end = db_.postlist_end(term);
    for (Candidate* candidate : by_docid) {
      if (it == end) return;
      it.skip_to(candidate->docid);
      if (it != end && *it == candidate->docid) candidate->keys |= bit;
    }
  });
}

std::vector<Xapian::docid> FirstPhase::order(Xapian::doccount count) {
  std::vector<Xapian::docid> docids;
  std::unordered_set<Xapian::docid> seen;
  if (!built_.all_words.empty()) {
    const Xapian::MSet all = match(built_.all_words, count);
    for (auto it = all.begin(); it != all.end(); ++it) {
      docids.push_back(*it);
      seen.insert(*it);
    }
  }
  if (docids.size() >= count) return docids;
  const auto more = static_cast<Xapian::doccount>(count + docids.size());
  const Xapian::MSet any = match(built_.query, more);
  for (auto it = any.begin(); it != any.end() && docids.size() < count; ++it) {
    if (seen.insert(*it).second) docids.push_back(*it);
  }
  return docids;
}

}  // namespace prepsearch
