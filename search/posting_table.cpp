// Reading the commonest terms' posting lists into arrays, with each list's frontier of
// (wdf, length) pairs.
#include "search/posting_table.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace prepsearch {
// The terms held by at least kMinFrequencyInMemory documents, commonest first (equal
// frequencies by term, so the same revision always holds the same terms), while their
// postings fit `max_postings`; each with its frequency.
std::vector<PostingTable::Chosen> PostingTable::commonest(const Xapian::Database& db,
                                                          std::size_t max_postings) {
  std::vector<std::pair<Xapian::doccount, std::string>> by_frequency;
  std::size_t postings = 0;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const Xapian::doccount frequency = it.get_termfreq();
    if (frequency < kMinFrequencyInMemory) continue;
    by_frequency.emplace_back(frequency, *it);
    postings += frequency;
  }
  // Only a table that cannot hold them all chooses.
  if (postings > max_postings) {
    std::sort(by_frequency.begin(), by_frequency.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
  }
  std::vector<Chosen> terms;
  postings = 0;
  for (auto& [frequency, term] : by_frequency) {
    if (postings + frequency > max_postings) continue;
    postings += frequency;
    terms.push_back({std::move(term), frequency});
  }
  return terms;
}

PostingTable::PostingTable(const Xapian::Database& db, const DocLengths& lengths,
                           std::size_t max_postings) {
  std::vector<Chosen> terms = commonest(db, max_postings);
  std::size_t postings = 0;
  for (const auto& chosen : terms) postings += chosen.frequency;
  docids_.reserve(postings);
  wdfs_.reserve(postings);
  std::vector<Entry> entries;
  entries.reserve(terms.size());
  for (auto& chosen : terms) {
    const std::size_t first = docids_.size(), frontier_first = frontiers_.size();
    if (read_list(db, lengths, chosen.term))
      entries.push_back({std::move(chosen.term), first, frontier_first});
  }
  // The arrays have stopped growing: the views may point into them.
  lists_.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& entry = entries[i];
    const bool last = i + 1 == entries.size();
    const std::size_t end = last ? docids_.size() : entries[i + 1].first;
    const std::size_t frontier_end = last ? frontiers_.size() : entries[i + 1].frontier_first;
    lists_.emplace(
        std::move(entry.term),
        PostingList{docids_.data() + entry.first, wdfs_.data() + entry.first, end - entry.first,
                    frontiers_.data() + entry.frontier_first, frontier_end - entry.frontier_first});
  }
  frontier_ = {};
}

// False, holding nothing of it, if a wdf does not fit 16 bits (Xapian's list is then read).
// `lengths` are of the same revision, so they hold every docid the list does.
bool PostingTable::read_list(const Xapian::Database& db, const DocLengths& lengths,
                             const std::string& term) {
  const std::size_t first = docids_.size();
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const Xapian::docid docid = *it;
    const Xapian::termcount wdf = it.get_wdf();
    if (wdf > std::numeric_limits<std::uint16_t>::max()) {
      docids_.resize(first);
      wdfs_.resize(first);
      frontier_.clear();
      return false;
    }
    docids_.push_back(docid);
    wdfs_.push_back(static_cast<std::uint16_t>(wdf));
    frontier_.add(wdf, lengths.by_docid[docid]);
  }
  frontier_.finish(frontiers_);
  return true;
}

}  // namespace prepsearch
