// A posting list's frontier (WdfAtLength, search/posting_table.h), gathered from its postings
// in any order: for each wdf the shortest document, kept where it is shorter than every
// document with a larger wdf.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include <xapian.h>

namespace prepsearch {

// A (wdf, length) pair no other posting of the list has both at least the wdf and at most
// the length of: BM25's weight grows with the wdf and falls with the length, so the most any
// posting weighs is one of these pairs' weight.
struct WdfAtLength {
  Xapian::termcount wdf;
  Xapian::termcount length;
};

class FrontierBuilder {
 public:
  void add(Xapian::termcount wdf, Xapian::termcount length) {
    if (wdf >= shortest_at_wdf_.size()) {
      shortest_at_wdf_.resize(wdf + 1, kUnset);
      postings_at_wdf_.resize(wdf + 1, 0);
    }
    Xapian::termcount& shortest = shortest_at_wdf_[wdf];
    shortest = std::min(shortest, length);
    ++postings_at_wdf_[wdf];
    most_wdf_ = std::max(most_wdf_, wdf);
    any_ = true;
  }

  // Appends the frontier of the postings whose wdf is in [from, to], largest wdf first.
  void emit(std::vector<WdfAtLength>& out, Xapian::termcount from = 0,
            Xapian::termcount to = kUnset) const {
    if (!any_) return;
    Xapian::termcount shortest_above = kUnset;
    for (Xapian::termcount wdf = std::min(to, most_wdf_) + 1; wdf-- > from;) {
      const Xapian::termcount shortest = shortest_at_wdf_[wdf];
      if (shortest < shortest_above) {
        out.push_back({wdf, shortest});
        shortest_above = shortest;
      }
    }
  }

  // The smallest wdf that at most `share` of the postings added reach, if some reach it and
  // some do not; else 0.
  Xapian::termcount top_wdf(std::size_t share) const {
    if (!any_) return 0;
    std::size_t above = 0, all = 0;
    for (Xapian::termcount wdf = 0; wdf <= most_wdf_; ++wdf) all += postings_at_wdf_[wdf];
    Xapian::termcount cut = most_wdf_ + 1;
    while (cut > 1 && above + postings_at_wdf_[cut - 1] <= share) above += postings_at_wdf_[--cut];
    return above > 0 && above < all ? cut : 0;
  }

  // Appends the frontier, largest wdf first, to `out`, and starts the next list.
  void finish(std::vector<WdfAtLength>& out) {
    emit(out);
    clear();
  }

  // Forgets the postings added since the last clear() or finish().
  void clear() {
    if (any_) {
      std::fill_n(shortest_at_wdf_.begin(), most_wdf_ + 1, kUnset);
      std::fill_n(postings_at_wdf_.begin(), most_wdf_ + 1, 0);
    }
    most_wdf_ = 0;
    any_ = false;
  }

 private:
  static constexpr Xapian::termcount kUnset = std::numeric_limits<Xapian::termcount>::max();
  std::vector<Xapian::termcount> shortest_at_wdf_;  // by wdf; kUnset where no posting has it
  std::vector<std::size_t> postings_at_wdf_;        // by wdf
  Xapian::termcount most_wdf_ = 0;
  bool any_ = false;
};

}  // namespace prepsearch
