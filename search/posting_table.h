// The commonest terms' posting lists of one database revision, copied into arrays once per
// revision (RevisionTables), so that a search reads them without Xapian's decoding.
//
// Glass keeps postings in compressed chunks: reading one costs a call and a decode, and a
// skip_to decodes every posting within the chunk it lands in, so pruning (MaxScore) saves
// little there. Here a posting is two array reads, a skip is a galloping search, and each
// list carries the (wdf, length) pairs no other posting of it beats in both, from which the
// most a posting of the term can weigh under any BM25 parameters is exact, not a bound built
// from the largest wdf and the shortest document apart.
//
// The commonest terms first, while their postings fit kMaxPostingsInMemory: a rare term's
// list is short, and Xapian reads it quickly. A term not held is read from Xapian
// (PostingCursor), so every search works whatever the table holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "search/doc_lengths.h"
#include "search/frontier.h"

namespace prepsearch {

// At most this many postings are held, 6 bytes each (a docid and a 16-bit wdf): 288 MiB.
inline constexpr std::size_t kMaxPostingsInMemory = 48u << 20;
// Terms held by fewer documents are read from Xapian.
inline constexpr Xapian::doccount kMinFrequencyInMemory = 16;

// A list at least this long keeps its heaviest postings apart as well (PostingList::heavy).
inline constexpr std::size_t kMinPostingsToSplit = 4096;
// The heavy postings: at most this share of the list, those of its largest wdfs.
inline constexpr std::size_t kHeavyShare = 8;

// One term's postings, in docid order.
struct PostingList {
  const Xapian::docid* docids = nullptr;
  const std::uint16_t* wdfs = nullptr;
  std::size_t size = 0;
  const WdfAtLength* frontier = nullptr;  // by wdf, largest first
  std::size_t frontier_size = 0;
  // A long list's heaviest postings, a list of their own with their own frontier, and the
  // frontier of the others: MaxScore reads the heavy ones as a term of their own and skips
  // this list, bounded by the lighter frontier, to the documents that can still enter the
  // window (search/bm25_max_score.cpp). Null for a list not split.
  const PostingList* heavy = nullptr;
  const WdfAtLength* light_frontier = nullptr;
  std::size_t light_frontier_size = 0;
};

class PostingTable {
 public:
  // Reads the lists of the terms held by at least kMinFrequencyInMemory documents, commonest
  // first, while they fit `max_postings`. `lengths` are `db`'s, for the same revision.
  // A list of at least `min_to_split` postings keeps its heaviest apart too.
  PostingTable(const Xapian::Database& db, const DocLengths& lengths,
               std::size_t max_postings = kMaxPostingsInMemory,
               std::size_t min_to_split = kMinPostingsToSplit);

  // The list of `term`, or nullptr if the table does not hold it.
  const PostingList* find(const std::string& term) const {
    const auto found = lists_.find(term);
    return found == lists_.end() ? nullptr : &found->second;
  }
  std::size_t postings() const { return docids_.size(); }
  std::size_t terms() const { return lists_.size(); }

 private:
  // Where a list's parts are in the arrays: [first, first + size).
  struct Range {
    std::size_t first = 0, size = 0;
  };
  struct Entry {
    std::string term;
    Range postings, frontier, heavy, heavy_frontier, light_frontier;
  };
  struct Chosen {
    std::string term;
    Xapian::doccount frequency;
  };
  static std::vector<Chosen> commonest(const Xapian::Database& db, std::size_t max_postings);
  bool read_list(const Xapian::Database& db, const DocLengths& lengths, std::size_t min_to_split,
                 Entry& entry);
  Range emit_frontier(Xapian::termcount from = 0,
                      Xapian::termcount to = std::numeric_limits<Xapian::termcount>::max());
  void split_heavy(Entry& entry);
  void publish(std::vector<Entry>& entries);

  std::vector<Xapian::docid> docids_;
  std::vector<std::uint16_t> wdfs_;
  std::vector<WdfAtLength> frontiers_;
  std::vector<Xapian::docid> heavy_docids_;
  std::vector<std::uint16_t> heavy_wdfs_;
  std::vector<PostingList> heavy_lists_;
  std::unordered_map<std::string, PostingList> lists_;
  FrontierBuilder frontier_;  // the list being read's
};

}  // namespace prepsearch
