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
                           std::size_t max_postings, std::size_t min_to_split) {
  std::vector<Chosen> terms = commonest(db, max_postings);
  std::size_t postings = 0;
  for (const auto& chosen : terms) postings += chosen.frequency;
  docids_.reserve(postings);
  wdfs_.reserve(postings);
  std::vector<Entry> entries;
  entries.reserve(terms.size());
  for (auto& chosen : terms) {
    Entry entry{std::move(chosen.term), {}, {}, {}, {}, {}};
    if (read_list(db, lengths, min_to_split, entry)) entries.push_back(std::move(entry));
  }
  publish(entries);
  frontier_ = {};
}

// The arrays have stopped growing: the views may point into them.
void PostingTable::publish(std::vector<Entry>& entries) {
  heavy_lists_.reserve(entries.size());  // never moved once a list points at one
  lists_.reserve(entries.size());
  for (Entry& entry : entries) {
    PostingList list{docids_.data() + entry.postings.first, wdfs_.data() + entry.postings.first,
                     entry.postings.size, frontiers_.data() + entry.frontier.first,
                     entry.frontier.size};
    if (entry.heavy.size > 0) {
      list.heavy = &heavy_lists_.emplace_back(
          PostingList{heavy_docids_.data() + entry.heavy.first,
                      heavy_wdfs_.data() + entry.heavy.first, entry.heavy.size,
                      frontiers_.data() + entry.heavy_frontier.first, entry.heavy_frontier.size});
      list.light_frontier = frontiers_.data() + entry.light_frontier.first;
      list.light_frontier_size = entry.light_frontier.size;
    }
    lists_.emplace(std::move(entry.term), list);
  }
}

// False, holding nothing of it, if a wdf does not fit 16 bits (Xapian's list is then read).
// `lengths` are of the same revision, so they hold every docid the list does.
bool PostingTable::read_list(const Xapian::Database& db, const DocLengths& lengths,
                             std::size_t min_to_split, Entry& entry) {
  const std::size_t first = docids_.size();
  for (auto it = db.postlist_begin(entry.term); it != db.postlist_end(entry.term); ++it) {
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
  entry.postings = {first, docids_.size() - first};
  entry.frontier = emit_frontier();
  if (entry.postings.size >= min_to_split) split_heavy(entry);
  frontier_.clear();
  return true;
}

PostingTable::Range PostingTable::emit_frontier(Xapian::termcount from, Xapian::termcount to) {
  const std::size_t first = frontiers_.size();
  frontier_.emit(frontiers_, from, to);
  return {first, frontiers_.size() - first};
}

// The postings of the list's largest wdfs, about 1/kHeavyShare of them, copied apart in
// docid order, with the frontiers of both parts; none if no wdf stands out. By wdf alone:
// short queries weigh by it (no length normalisation), and where the cut falls changes no
// result, only how much MaxScore skips, as each part is bounded by its own frontier.
void PostingTable::split_heavy(Entry& entry) {
  const Xapian::termcount cut = frontier_.top_wdf(entry.postings.size / kHeavyShare);
  if (cut == 0) return;
  const std::uint16_t* wdfs = wdfs_.data() + entry.postings.first;
  const Xapian::docid* docids = docids_.data() + entry.postings.first;
  entry.heavy.first = heavy_docids_.size();
  for (std::size_t i = 0; i < entry.postings.size; ++i) {
    if (wdfs[i] < cut) continue;
    heavy_docids_.push_back(docids[i]);
    heavy_wdfs_.push_back(wdfs[i]);
  }
  entry.heavy.size = heavy_docids_.size() - entry.heavy.first;
  entry.heavy_frontier = emit_frontier(cut);
  entry.light_frontier = emit_frontier(0, cut - 1);
}

}  // namespace prepsearch
