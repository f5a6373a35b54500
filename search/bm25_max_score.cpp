// MaxScore over an OR of terms (search/bm25_window.h): the window reading every posting gives,
// from the postings of the documents that can still enter it.
#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "search/bm25_window.h"
#include "search/posting_cursor.h"

namespace prepsearch {
namespace {

// One term's posting list, read forwards.
struct Cursor {
  PostingCursor at;
  const TermWeight* weight;
  double bound;       // at least any of its postings' weight
  std::size_t order;  // the term's place in the query: weights are added in that order
};

class MaxScore {
 public:
  MaxScore(const Xapian::Database& db, const std::vector<TermWeight>& weights,
           const std::vector<WeightedTerm>& terms, const DocLengths& lengths, std::size_t count);
  // Visits the documents that can enter the window, each added to `visited`; false if a
  // document is past the lengths (a newer revision).
  bool run(std::vector<Xapian::docid>& visited);
  ScoredDocs window();  // once, after run()

 private:
  // A synonym's posting weighed at its bound until its phrases are checked (SynonymList).
  struct Pending {
    Cursor* cursor;
    std::size_t index;  // in the cursor's list
  };

  double seed(const std::vector<TermWeight>& weights) const;
  void raise_threshold(double threshold);
  Xapian::docid next_docid() const;
  bool visit(Xapian::docid docid, Xapian::docid& next);
  bool confirm_pending(double length);
  double sum_and_clear();
  void admit(Xapian::docid docid, double weight);

  const DocLengths& lengths_;
  const std::size_t count_;
  std::vector<Cursor> cursors_;  // by bound, smallest first
  // below_[i]: the most cursors_[0, i) add to a document: each term's largest bound among
  // them (a split term's two cursors never both add to one document), summed.
  std::vector<double> below_;
  std::size_t essential_ = 0;     // cursors_[essential_, end) are read whole; the rest skipped
  std::vector<double> parts_;     // this document's weight from each term, in query order
  std::vector<char> held_;        // whether it holds each term
  std::size_t held_count_ = 0;    // how many it holds
  std::size_t held_last_ = 0;     // the last term taken
  std::vector<Pending> pending_;  // this document's
  ScoredDocs heap_;               // the window, its worst on top
  // Only a document weighing more can enter: the window's worst once it is full, or before
  // that a floor count documents are known to reach.
  double threshold_ = -1;
};

MaxScore::MaxScore(const Xapian::Database& db, const std::vector<TermWeight>& weights,
                   const std::vector<WeightedTerm>& terms, const DocLengths& lengths,
                   std::size_t count)
    : lengths_(lengths), count_(count), parts_(terms.size()), held_(terms.size()) {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const TermWeight& weight = weights[i];
    if (weight.empty()) continue;
    const PostingList* list = weight.list();
    if (list && list->heavy) {
      // Two cursors of one term: its heavy postings, and the whole list bounded by the
      // others' frontier, which adds nothing where the heavy cursor took the document.
      cursors_.push_back({PostingCursor(db, list->heavy, terms[i].term), &weight,
                          weight.bound(list->heavy->frontier, list->heavy->frontier_size), i});
      cursors_.push_back({PostingCursor(db, list, terms[i].term), &weight,
                          weight.bound(list->light_frontier, list->light_frontier_size), i});
      continue;
    }
    cursors_.push_back({PostingCursor(db, list, terms[i].term), &weight,
                        weight.bound(db, lengths, terms[i].term), i});
  }
  std::stable_sort(cursors_.begin(), cursors_.end(),
                   [](const Cursor& a, const Cursor& b) { return a.bound < b.bound; });
  below_.push_back(0);
  std::vector<double> term_most(terms.size());
  for (const auto& cursor : cursors_) {
    double& most = term_most[cursor.order];
    below_.push_back(below_.back() + std::max(0.0, cursor.bound - most));
    most = std::max(most, cursor.bound);
  }
  heap_.reserve(count);
  raise_threshold(seed(weights));
}

// A floor under the window's worst weight before any document is visited: a split term's
// heavy postings weigh at least their own weight, so if `count_` of them weigh w or more, so
// do `count_` documents, and none weighing less can enter. Made a little lower, so that a
// document weighing exactly that much is still visited (equal weights go by docid).
double MaxScore::seed(const std::vector<TermWeight>& weights) const {
  double floor = -1;
  std::vector<double> heavy;
  for (const TermWeight& weight : weights) {
    const PostingList* list = weight.empty() ? nullptr : weight.list();
    if (!list || !list->heavy || list->heavy->size < count_ || count_ == 0) continue;
    const PostingList& heavies = *list->heavy;
    heavy.clear();
    for (std::size_t i = 0; i < heavies.size; ++i)
      heavy.push_back(weight(heavies.wdfs[i], lengths_.by_docid[heavies.docids[i]]));
    const auto kth = heavy.begin() + static_cast<std::ptrdiff_t>(count_ - 1);
    std::nth_element(heavy.begin(), kth, heavy.end(), std::greater<>());
    if (*kth > 0) floor = std::max(floor, *kth * (1 - kBoundMargin));  // weight 0: no floor
  }
  return floor;
}

void MaxScore::raise_threshold(double threshold) {
  threshold_ = std::max(threshold_, threshold);
  while (essential_ < cursors_.size() && below_[essential_ + 1] <= threshold_) ++essential_;
}

Xapian::docid MaxScore::next_docid() const {
  Xapian::docid next = 0;
  for (std::size_t i = essential_; i < cursors_.size(); ++i) {
    const Xapian::docid docid = cursors_[i].at.docid();
    if (docid != 0 && (next == 0 || docid < next)) next = docid;
  }
  return next;
}

bool MaxScore::run(std::vector<Xapian::docid>& visited) {
  if (count_ == 0) return true;
  Xapian::docid docid = next_docid();
  while (docid != 0) {
    if (docid >= lengths_.by_docid.size()) return false;
    const std::size_t essential = essential_;
    Xapian::docid next = 0;
    if (visit(docid, next)) visited.push_back(docid);
    // The next was found among the essential cursors as they were: again if they changed.
    docid = essential == essential_ ? next : next_docid();
  }
  return true;
}

// The essential terms' postings at `docid`, then the others', best bound first, while the
// document can still beat the window's worst; a pending synonym's phrases are checked only
// if it still can with them at their bound. Whether the document is known to match; `next`,
// the essential cursors' next document.
bool MaxScore::visit(Xapian::docid docid, Xapian::docid& next) {
  const double length = lengths_.by_docid[docid];
  double partial = 0;
  pending_.clear();
  const auto take = [&](Cursor& cursor) {
    if (held_[cursor.order]) return;  // a split term's other cursor took it
    const double weight = (*cursor.weight)(cursor.at.wdf(), length);
    parts_[cursor.order] = weight;
    held_[cursor.order] = 1;
    ++held_count_;
    held_last_ = cursor.order;
    partial += weight;
    if (cursor.weight->pending(cursor.at)) pending_.push_back({&cursor, cursor.at.index()});
  };
  for (std::size_t i = essential_; i < cursors_.size(); ++i) {
    Cursor& cursor = cursors_[i];
    if (cursor.at.docid() == docid) {
      take(cursor);
      cursor.at.next();
    }
    const Xapian::docid at = cursor.at.docid();
    if (at != 0 && (next == 0 || at < next)) next = at;
  }
  bool can_enter = true;
  for (std::size_t i = essential_; i-- > 0;) {
    if (partial + below_[i + 1] <= threshold_) {
      can_enter = false;
      break;
    }
    Cursor& cursor = cursors_[i];
    cursor.at.skip_to(docid);
    if (cursor.at.docid() == docid) take(cursor);
  }
  // With its pending postings at their bound it cannot beat the worst: they need no check.
  if (can_enter && !pending_.empty() && partial * (1 + kBoundMargin) <= threshold_)
    can_enter = false;
  // Left out, it is known to match if a term holds it for certain.
  const bool matched = can_enter ? confirm_pending(length) : held_count_ > pending_.size();
  const double sum = sum_and_clear();
  if (can_enter && matched) admit(docid, sum);
  return matched;
}

// The document's weight as reading every posting adds it: its parts in query order (one part
// alone is its own sum). Each term is then not held again.
double MaxScore::sum_and_clear() {
  double sum = 0;
  if (held_count_ == 1 && held_[held_last_]) {  // (a check may have dropped the last taken)
    sum = parts_[held_last_];
    held_[held_last_] = 0;
  } else if (held_count_ > 0) {
    for (std::size_t order = 0; order < parts_.size(); ++order) {
      if (held_[order]) sum += parts_[order];
      held_[order] = 0;
    }
  }
  held_count_ = 0;
  return sum;
}

// Checks this document's pending postings, each weighed again at its wdf or dropped;
// whether the document holds any term.
bool MaxScore::confirm_pending(double length) {
  for (const Pending& pending : pending_) {
    const TermWeight& weight = *pending.cursor->weight;
    if (weight.confirm(pending.index)) {
      parts_[pending.cursor->order] = weight(weight.list()->wdfs[pending.index], length);
    } else {
      held_[pending.cursor->order] = 0;
      --held_count_;
    }
  }
  return held_count_ > 0;
}

// Documents come in docid order, so one equal to the worst loses to it.
void MaxScore::admit(Xapian::docid docid, double weight) {
  if (weight <= threshold_) return;
  if (heap_.size() == count_) {
    std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
    heap_.pop_back();
  }
  heap_.emplace_back(docid, weight);
  std::push_heap(heap_.begin(), heap_.end(), ranks_before);
  if (heap_.size() == count_) raise_threshold(heap_.front().second);
}

// The window, best first: the heap sorted in place and handed over.
ScoredDocs MaxScore::window() {
  std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
  return std::move(heap_);
}

}  // namespace

std::optional<ScoredDocs> Bm25Window::max_score(const Xapian::Database& db,
                                                const DocLengths& lengths, std::size_t count) {
  MaxScore pruned(db, term_weights_, terms_, lengths, count);
  if (!pruned.run(matched_)) return std::nullopt;
  // Xapian's estimate for an OR: the terms' documents as if drawn independently.
  const double n = lengths.documents;
  double none = 1;
  for (const auto& weight : term_weights_) none *= 1 - weight.frequency() / n;
  const double estimate = std::round(n * (1 - none));
  total_ = std::max(static_cast<Xapian::doccount>(matched_.size()),
                    static_cast<Xapian::doccount>(estimate));
  return pruned.window();
}

}  // namespace prepsearch
