// Whether a document holds a phrase: its words in order, at consecutive positions.
//
// Checking one document reads each word's positions through Xapian's public API, which opens
// a new B-tree cursor for each and reads its blocks from the file again. Xapian's own phrase
// matcher keeps one cursor per word from one document to the next, so checking documents
// near each other in one pass costs each a small part of that, after a fixed cost to set the
// pass up. Which is cheaper depends on how densely the window asks about a phrase's
// candidates (pruning skips most of them, or none), which is known only as it asks: while
// its asks are sparse, each is checked alone; once they are dense, the candidates that follow
// an ask are checked in batches, each one pass of Xapian's matcher (the phrase filtered to
// the batch), sized to hold about a number of asks at the density seen so far, that number
// doubling from batch to batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

namespace prepsearch {

class PhraseChecker {
 public:
  // Forgets every phrase: the next are over `db`, as many as `phrases`.
  void reset(const Xapian::Database& db, std::size_t phrases);
  // `docid` holds every word of phrase `phrase`; added in docid order.
  void add_candidate(std::uint32_t phrase, Xapian::docid docid);
  // Whether candidate `docid` holds phrase `phrase`, whose words are `words`.
  bool holds(Xapian::docid docid, std::uint32_t phrase, const std::vector<std::string>& words);

 private:
  enum class Check : std::uint8_t { kNotYet, kHeld, kNotHeld };
  struct Phrase {
    std::vector<Xapian::docid> candidates;  // in docid order
    std::vector<Check> checks;              // per candidate
    std::size_t asks = 0;  // about candidates, and the lowest and highest index asked
    std::size_t lowest_ask = 0, highest_ask = 0;
    std::size_t batch_asks = 0;  // the asks the next batch is sized for
  };

  bool check_one(Xapian::docid docid, const std::vector<std::string>& words);
  void check_batch(Phrase& phrase, std::size_t first, std::size_t size,
                   const std::vector<std::string>& words);

  const Xapian::Database* db_ = nullptr;
  std::vector<Phrase> phrases_;
  std::vector<Xapian::PositionIterator> positions_;  // check_one's, by word
  std::vector<char> opened_;                         // whether positions_[i] is read
};

}  // namespace prepsearch
