// Phrases checked in growing batches, each by one pass of Xapian's matcher.
#include "search/phrase_check.h"

#include <algorithm>

namespace prepsearch {
namespace {

// A batch of docids (sorted) as a posting source: the phrase filtered by it is checked for
// those documents alone, Xapian's AND testing each of them against the phrase.
class DocidSource : public Xapian::PostingSource {
 public:
  DocidSource(const Xapian::docid* begin, const Xapian::docid* end) : begin_(begin), end_(end) {}

  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  Xapian::docid get_docid() const override { return *at_; }
  bool at_end() const override { return at_ == end_; }
  void init(const Xapian::Database&) override { at_ = nullptr; }
  void next(double) override { at_ = at_ == nullptr ? begin_ : at_ + 1; }
  void skip_to(Xapian::docid docid, double) override {
    at_ = std::lower_bound(at_ == nullptr ? begin_ : at_, end_, docid);
  }

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(end_ - begin_); }

  const Xapian::docid* begin_;
  const Xapian::docid* end_;
  const Xapian::docid* at_ = nullptr;
};

// Asks are dense enough for a batch when at least one candidate in this many is asked about
// (a pass checks a candidate for a small part of what a check alone costs), after this many
// asks; a first batch is sized for this many asks.
constexpr std::size_t kDenseEvery = 4;
constexpr std::size_t kAsksBeforeBatches = 8;
constexpr std::size_t kFirstBatchAsks = 16;
// No batch is larger: a pass's MSet holds as many items as its batch has documents.
constexpr std::size_t kMaxBatch = 1u << 14;

}  // namespace

void PhraseChecker::reset(const Xapian::Database& db, std::size_t phrases) {
  db_ = &db;
  phrases_.assign(phrases, Phrase{});
}

void PhraseChecker::add_candidate(std::uint32_t phrase, Xapian::docid docid) {
  Phrase& added = phrases_[phrase];
  added.candidates.push_back(docid);
  added.checks.push_back(Check::kNotYet);
}

bool PhraseChecker::holds(Xapian::docid docid, std::uint32_t phrase_index,
                          const std::vector<std::string>& words) {
  Phrase& phrase = phrases_[phrase_index];
  const auto at = std::lower_bound(phrase.candidates.begin(), phrase.candidates.end(), docid);
  if (at == phrase.candidates.end() || *at != docid) return false;  // not a candidate
  const auto index = static_cast<std::size_t>(at - phrase.candidates.begin());
  if (phrase.asks++ == 0) phrase.lowest_ask = phrase.highest_ask = index;
  phrase.lowest_ask = std::min(phrase.lowest_ask, index);
  phrase.highest_ask = std::max(phrase.highest_ask, index);
  if (phrase.checks[index] != Check::kNotYet) return phrase.checks[index] == Check::kHeld;
  // The candidates the asks spread over.
  const std::size_t span = phrase.highest_ask - phrase.lowest_ask + 1;
  if (phrase.asks < kAsksBeforeBatches || phrase.asks * kDenseEvery < span)
    return check_one(docid, words);
  phrase.batch_asks = phrase.batch_asks == 0 ? kFirstBatchAsks : phrase.batch_asks * 2;
  const std::size_t size = std::min(kMaxBatch, phrase.batch_asks * span / phrase.asks);
  check_batch(phrase, index, size, words);
  return phrase.checks[index] == Check::kHeld;
}

// Candidates `first` on, at most `size`, checked in one pass of Xapian's matcher: weights of
// nothing, docid order, every holder in the MSet.
void PhraseChecker::check_batch(Phrase& phrase, std::size_t first, std::size_t size,
                                const std::vector<std::string>& words) {
  const std::size_t last =
      std::min(phrase.candidates.size(), first + std::max<std::size_t>(size, 1));
  DocidSource batch(phrase.candidates.data() + first, phrase.candidates.data() + last);
  const Xapian::Query exact(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                            static_cast<Xapian::termcount>(words.size()));
  Xapian::Enquire enquire(*db_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, exact, Xapian::Query(&batch)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const auto most = static_cast<Xapian::doccount>(last - first);
  const Xapian::MSet holders = enquire.get_mset(0, most, most);
  for (std::size_t i = first; i < last; ++i) phrase.checks[i] = Check::kNotHeld;
  const auto begin = phrase.candidates.begin();
  for (auto it = holders.begin(); it != holders.end(); ++it) {
    const auto held = std::lower_bound(begin + static_cast<std::ptrdiff_t>(first),
                                       begin + static_cast<std::ptrdiff_t>(last), *it);
    phrase.checks[static_cast<std::size_t>(held - begin)] = Check::kHeld;
  }
}

// The words' positions read one word at a time, the first's leading; the others' only as
// needed.
bool PhraseChecker::check_one(Xapian::docid docid, const std::vector<std::string>& words) {
  positions_.assign(words.size(), Xapian::PositionIterator());
  opened_.assign(words.size(), 0);
  const Xapian::PositionIterator end;
  for (auto at = db_->positionlist_begin(docid, words.front()); at != end; ++at) {
    const Xapian::termpos start = *at;
    bool in_order = true;
    for (Xapian::termpos i = 1; i < words.size() && in_order; ++i) {
      if (!opened_[i]) {
        positions_[i] = db_->positionlist_begin(docid, words[i]);
        opened_[i] = 1;
      }
      positions_[i].skip_to(start + i);
      if (positions_[i] == end) return false;
      in_order = *positions_[i] == start + i;
    }
    if (in_order) return true;
  }
  return false;
}

}  // namespace prepsearch
