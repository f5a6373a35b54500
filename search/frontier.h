// A posting list's frontier (WdfAtLength, search/posting_table.h), gathered from its postings
// in any order: for each wdf the shortest document, kept where it is shorter than every
// document with a larger wdf.
#pragma once

#include <algorithm>
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
    if (wdf >= shortest_at_wdf_.size()) shortest_at_wdf_.resize(wdf + 1, kUnset);
    Xapian::termcount& shortest = shortest_at_wdf_[wdf];
    shortest = std::min(shortest, length);
    most_wdf_ = std::max(most_wdf_, wdf);
    any_ = true;
  }

  // Appends the frontier, largest wdf first, to `out`, and starts the next list.
  void finish(std::vector<WdfAtLength>& out) {
    if (any_) {
      Xapian::termcount shortest_above = kUnset;
      for (Xapian::termcount wdf = most_wdf_ + 1; wdf-- > 0;) {
        const Xapian::termcount shortest = shortest_at_wdf_[wdf];
        if (shortest < shortest_above) {
          out.push_back({wdf, shortest});
          shortest_above = shortest;
        }
      }
    }
    clear();
  }

  // Forgets the postings added since the last finish().
  void clear() {
    if (any_) std::fill_n(shortest_at_wdf_.begin(), most_wdf_ + 1, kUnset);
    most_wdf_ = 0;
    any_ = false;
  }

 private:
  static constexpr Xapian::termcount kUnset = std::numeric_limits<Xapian::termcount>::max();
  std::vector<Xapian::termcount> shortest_at_wdf_;  // by wdf; kUnset where no posting has it
  Xapian::termcount most_wdf_ = 0;
  bool any_ = false;
};

}  // namespace prepsearch
