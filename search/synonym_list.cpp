// A synonym's postings and frequency, from its alternatives' lists, as Xapian 1.4.22 makes
// them (matcher/synonympostlist.cc, orpostlist.cc, multiandpostlist.cc,
// exactphrasepostlist.cc; api/queryinternal.cc's OrContext).
#include "search/synonym_list.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>

#include "search/posting_cursor.h"

namespace prepsearch {
namespace {

Xapian::doccount frequency(const Xapian::Database& db, const PostingTable* table,
                           const std::string& term) {
  const PostingList* list = table ? table->find(term) : nullptr;
  return list ? static_cast<Xapian::doccount>(list->size) : db.get_termfreq(term);
}

// As Xapian's estimates round: a half added, then truncated. Where that sum rounds in floating
// point it differs from lround, and the estimate must be Xapian's to the unit.
Xapian::doccount rounded(double estimate) {
  return static_cast<Xapian::doccount>(estimate + 0.5);  // NOLINT(bugprone-incorrect-roundings)
}

bool by_docid(const std::pair<Xapian::docid, Xapian::termcount>& a,
              const std::pair<Xapian::docid, Xapian::termcount>& b) {
  return a.first < b.first;
}

}  // namespace

bool SynonymList::parse(const Xapian::Query& synonym) {
  root_ = {Node::Kind::kAny, {}, {}};
  terms_.clear();
  phrases_.clear();
  return synonym.get_type() == Xapian::Query::OP_SYNONYM && add_alternatives(synonym, root_);
}

bool SynonymList::add_alternatives(const Xapian::Query& query, Node& any) {
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (!add_alternative(query.get_subquery(i), any)) return false;
  }
  return true;
}

// As Xapian's OrContext takes a synonym's subqueries: an OR's own subqueries join the
// synonym's (QueryOr::postlist_sub_or_like); any other subquery is one alternative, a
// synonym or a scaled OR with its own alternatives (their postlist()).
bool SynonymList::add_alternative(const Xapian::Query& query, Node& any) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::OP_OR: return add_alternatives(query, any);
    case Q::OP_SCALE_WEIGHT: {  // no weight counts within a synonym
      const Q inner = query.get_subquery(0);
      if (inner.get_type() != Q::OP_OR) return add_alternative(inner, any);
      return add_alternatives(inner, any.alternatives.emplace_back(Node{Node::Kind::kAny, {}, {}}));
    }
    case Q::OP_SYNONYM:
      return add_alternatives(query, any.alternatives.emplace_back(Node{Node::Kind::kAny, {}, {}}));
    case Q::LEAF_TERM: {
      std::string term = *query.get_terms_begin();
      if (term.empty()) return false;  // MatchAll
      terms_.push_back(term);
      any.alternatives.push_back({Node::Kind::kTerm, {std::move(term)}, {}});
      return true;
    }
    case Q::OP_PHRASE: {
      Node phrase{Node::Kind::kPhrase, {}, {}};
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const Q word = query.get_subquery(i);
        if (word.get_type() != Q::LEAF_TERM) return false;
        phrase.terms.push_back(*word.get_terms_begin());
      }
      if (phrase.terms.size() < 2) return false;
      phrases_.push_back(phrase.terms);
      any.alternatives.push_back(std::move(phrase));
      return true;
    }
    default: return false;
  }
}

Xapian::doccount SynonymList::estimate(const Xapian::Database& db, const DocLengths& lengths,
                                       const PostingTable* table) const {
  return estimate(root_, db, lengths.documents, table);
}

// A term's frequency; an AND's as if its words were independent, least frequent first, and a
// quarter of that for an exact phrase; an OR's built as Xapian's tree of pairs is, the two
// least frequent joined first, each join's estimate rounded.
Xapian::doccount SynonymList::estimate(const Node& node, const Xapian::Database& db,
                                       double documents, const PostingTable* table) const {
  switch (node.kind) {
    case Node::Kind::kTerm: return frequency(db, table, node.terms.front());
    case Node::Kind::kPhrase: {
      std::vector<Xapian::doccount> frequencies;
      for (const auto& word : node.terms) frequencies.push_back(frequency(db, table, word));
      std::sort(frequencies.begin(), frequencies.end());
      double all = frequencies.front();
      for (std::size_t i = 1; i < frequencies.size(); ++i) all = (all * frequencies[i]) / documents;
      return rounded(all) / 4;
    }
    case Node::Kind::kAny: break;
  }
  std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>,
                      std::greater<Xapian::doccount>>
      least;
  for (const Node& alternative : node.alternatives)
    least.push(estimate(alternative, db, documents, table));
  while (least.size() > 1) {
    const double right = least.top();
    least.pop();
    const double left = least.top();
    least.pop();
    least.push(rounded(left + right - (left * right / documents)));
  }
  return least.top();
}

// The terms' postings, then each phrase's candidates, merged into one list: its alternatives'
// wdfs are summed whatever their nesting, as each OrPostList of Xapian's tree sums its two.
const PostingList* SynonymList::read(const Xapian::Database& db, const PostingTable* table,
                                     const DocLengths& lengths) {
  db_ = &db;
  lengths_ = &lengths;
  gather_terms(table);
  candidates_.clear();
  phrases_checked_.reset(db, phrases_.size());
  for (std::uint32_t phrase = 0; phrase < phrases_.size(); ++phrase) {
    const auto middle = static_cast<std::ptrdiff_t>(candidates_.size());
    gather_phrase(phrase, table);
    std::inplace_merge(
        candidates_.begin(), candidates_.begin() + middle, candidates_.end(),
        [](const PhraseCandidate& a, const PhraseCandidate& b) { return a.docid < b.docid; });
  }
  if (!build_list()) return nullptr;
  publish();
  return &list_;
}

// Each term's postings merged into the last's, a document two of them hold (or one twice)
// one posting with their wdfs summed.
void SynonymList::gather_terms(const PostingTable* table) {
  certain_postings_.clear();
  for (const std::string& term : terms_) {
    const auto middle = static_cast<std::ptrdiff_t>(certain_postings_.size());
    for (PostingCursor it(*db_, table, term); it.docid() != 0; it.next())
      certain_postings_.emplace_back(it.docid(), it.wdf());
    if (middle == 0) continue;
    std::inplace_merge(certain_postings_.begin(), certain_postings_.begin() + middle,
                       certain_postings_.end(), by_docid);
    auto kept = certain_postings_.begin();
    for (auto it = kept + 1; it != certain_postings_.end(); ++it) {
      if (it->first == kept->first) {
        kept->second += it->second;
      } else {
        *++kept = *it;
      }
    }
    certain_postings_.erase(kept + 1, certain_postings_.end());
  }
}

// The documents holding every word of the phrase (each list skipped to the largest docid
// any is at), each with its words' smallest wdf: the phrase's there if its words stand in
// order, which is checked later, and only if it matters.
void SynonymList::gather_phrase(std::uint32_t phrase, const PostingTable* table) {
  const std::vector<std::string>& words = phrases_[phrase];
  std::vector<PostingCursor> cursors;
  cursors.reserve(words.size());
  for (const auto& word : words) cursors.emplace_back(*db_, table, word);
  Xapian::docid target = cursors.front().docid();
  while (target != 0) {
    bool all = true;
    for (PostingCursor& cursor : cursors) {
      cursor.skip_to(target);
      if (cursor.docid() == 0) return;
      if (cursor.docid() != target) {
        target = cursor.docid();
        all = false;
        break;
      }
    }
    if (!all) continue;
    Xapian::termcount wdf = cursors.front().wdf();
    for (const PostingCursor& cursor : cursors) wdf = std::min(wdf, cursor.wdf());
    candidates_.push_back({target, phrase, wdf});
    phrases_checked_.add_candidate(phrase, target);
    cursors.front().next();
    target = cursors.front().docid();
  }
}

Xapian::termcount SynonymList::clamped(Xapian::docid docid, Xapian::termcount wdf) const {
  // A docid past the lengths is a newer revision's: the window then gives way to Xapian.
  return docid < lengths_->by_docid.size() ? std::min(wdf, lengths_->by_docid[docid]) : wdf;
}

// One posting per document: the terms' wdf, and the phrases' added where they may hold
// (pending). False if a wdf does not fit 16 bits.
bool SynonymList::build_list() {
  docids_.clear();
  wdfs_.clear();
  certain_.clear();
  states_.clear();
  pending_count_ = 0;
  std::size_t term_at = 0, candidate_at = 0;
  while (term_at < certain_postings_.size() || candidate_at < candidates_.size()) {
    Xapian::docid docid = 0;
    if (term_at < certain_postings_.size()) docid = certain_postings_[term_at].first;
    if (candidate_at < candidates_.size() &&
        (docid == 0 || candidates_[candidate_at].docid < docid))
      docid = candidates_[candidate_at].docid;
    Xapian::termcount certain = 0;
    if (term_at < certain_postings_.size() && certain_postings_[term_at].first == docid)
      certain = certain_postings_[term_at++].second;
    Xapian::termcount most = certain;
    bool pending = false;
    for (; candidate_at < candidates_.size() && candidates_[candidate_at].docid == docid;
         ++candidate_at) {
      most += candidates_[candidate_at].wdf;
      pending = true;
    }
    most = clamped(docid, most);
    if (most > std::numeric_limits<std::uint16_t>::max()) return false;
    docids_.push_back(docid);
    wdfs_.push_back(static_cast<std::uint16_t>(most));
    certain_.push_back(certain);
    states_.push_back(pending ? State::kPending : State::kHeld);
    pending_count_ += pending ? 1 : 0;
  }
  return true;
}

// The list's view, with its frontier: a pending posting's largest wdf bounds its weight.
void SynonymList::publish() {
  frontier_.clear();
  frontier_builder_.clear();
  for (std::size_t i = 0; i < docids_.size(); ++i) {
    const Xapian::docid docid = docids_[i];
    frontier_builder_.add(wdfs_[i],
                          docid < lengths_->by_docid.size() ? lengths_->by_docid[docid] : 0);
  }
  frontier_builder_.finish(frontier_);
  list_ = {docids_.data(), wdfs_.data(), docids_.size(), frontier_.data(), frontier_.size()};
}

bool SynonymList::confirm(std::size_t index) {
  if (states_[index] != State::kPending) return states_[index] == State::kHeld;
  const Xapian::docid docid = docids_[index];
  Xapian::termcount wdf = certain_[index];
  bool held = wdf > 0;
  auto it = std::lower_bound(
      candidates_.begin(), candidates_.end(), docid,
      [](const PhraseCandidate& candidate, Xapian::docid d) { return candidate.docid < d; });
  for (; it != candidates_.end() && it->docid == docid; ++it) {
    if (!phrases_checked_.holds(docid, it->phrase, phrases_[it->phrase])) continue;
    wdf += it->wdf;
    held = true;
  }
  wdfs_[index] = static_cast<std::uint16_t>(clamped(docid, wdf));  // at most the bound
  states_[index] = held ? State::kHeld : State::kNotHeld;
  --pending_count_;
  return held;
}

void SynonymList::confirm_all() {
  if (pending_count_ == 0) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < docids_.size(); ++i) {
    if (!confirm(i)) continue;
    docids_[kept] = docids_[i];
    wdfs_[kept] = wdfs_[i];
    certain_[kept] = certain_[i];
    states_[kept] = states_[i];
    ++kept;
  }
  docids_.resize(kept);
  wdfs_.resize(kept);
  certain_.resize(kept);
  states_.resize(kept);
  publish();
}

}  // namespace prepsearch
