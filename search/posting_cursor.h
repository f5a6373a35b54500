// One term's posting list read forwards, from the revision's PostingTable when it holds the
// term, else from Xapian: the window, the key documents, the tiers and the count read every
// list through it, so a term the table leaves out changes no result.
#pragma once

#include <string>

#include <xapian.h>

#include "search/posting_table.h"

namespace prepsearch {

class PostingCursor {
 public:
  // `table` may be null (a remote shard, or no table): Xapian's list is read.
  PostingCursor(const Xapian::Database& db, const PostingTable* table, const std::string& term)
      : PostingCursor(db, table ? table->find(term) : nullptr, term) {}
  // `list`: the table's list of `term`, already found, or null: Xapian's list is read.
  PostingCursor(const Xapian::Database& db, const PostingList* list, const std::string& term)
      : list_(list) {
    if (list_) {
      docid_ = list_->size > 0 ? list_->docids[0] : 0;
      return;
    }
    at_ = db.postlist_begin(term);
    docid_ = at_ == Xapian::PostingIterator() ? 0 : *at_;
  }

  // Where the cursor is; 0 once it has passed the last posting.
  Xapian::docid docid() const { return docid_; }
  Xapian::termcount wdf() const { return list_ ? list_->wdfs[index_] : at_.get_wdf(); }
  // The table's copy of the list, or nullptr when Xapian's is read.
  const PostingList* in_memory() const { return list_; }
  // Where the cursor is in the list in memory.
  std::size_t index() const { return index_; }

  void next() {
    if (list_) {
      docid_ = ++index_ < list_->size ? list_->docids[index_] : 0;
      return;
    }
    ++at_;
    docid_ = at_ == Xapian::PostingIterator() ? 0 : *at_;
  }

  // To the first posting at or after `target` (nothing if the cursor is already there).
  void skip_to(Xapian::docid target) {
    if (docid_ == 0 || docid_ >= target) return;
    if (!list_) {
      at_.skip_to(target);
      docid_ = at_ == Xapian::PostingIterator() ? 0 : *at_;
      return;
    }
    gallop_to(target);
  }

 private:
  // Steps that double from where the cursor is, then a binary search in the last step: a
  // short skip costs a few reads, a long one the logarithm of its length.
  void gallop_to(Xapian::docid target) {
    const Xapian::docid* docids = list_->docids;
    std::size_t low = index_, step = 1, high = index_ + 1;
    while (high < list_->size && docids[high] < target) {
      low = high;
      step *= 2;
      high = low + step;
    }
    if (high > list_->size) high = list_->size;
    // docids[low] < target; the first at or after it is in (low, high].
    while (low + 1 < high) {
      const std::size_t middle = low + (high - low) / 2;
      if (docids[middle] < target) {
        low = middle;
      } else {
        high = middle;
      }
    }
    index_ = high;
    docid_ = index_ < list_->size ? docids[index_] : 0;
  }

  const PostingList* list_;
  std::size_t index_ = 0;
  Xapian::PostingIterator at_;
  Xapian::docid docid_ = 0;
};

}  // namespace prepsearch
