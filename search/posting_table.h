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

// One term's postings, in docid order.
struct PostingList {
  const Xapian::docid* docids = nullptr;
  const std::uint16_t* wdfs = nullptr;
  std::size_t size = 0;
  const WdfAtLength* frontier = nullptr;  // by wdf, largest first
  std::size_t frontier_size = 0;
};

class PostingTable {
 public:
  // Reads the lists of the terms held by at least kMinFrequencyInMemory documents, commonest
  // first, while they fit `max_postings`. `lengths` are `db`'s, for the same revision.
  PostingTable(const Xapian::Database& db, const DocLengths& lengths,
               std::size_t max_postings = kMaxPostingsInMemory);

  // The list of `term`, or nullptr if the table does not hold it.
  const PostingList* find(const std::string& term) const {
    const auto found = lists_.find(term);
    return found == lists_.end() ? nullptr : &found->second;
  }
  std::size_t postings() const { return docids_.size(); }
  std::size_t terms() const { return lists_.size(); }

 private:
  struct Entry {
    std::string term;
    std::size_t first, frontier_first;
  };
  struct Chosen {
    std::string term;
    Xapian::doccount frequency;
  };
  static std::vector<Chosen> commonest(const Xapian::Database& db, std::size_t max_postings);
  bool read_list(const Xapian::Database& db, const DocLengths& lengths, const std::string& term);

  std::vector<Xapian::docid> docids_;
  std::vector<std::uint16_t> wdfs_;
  std::vector<WdfAtLength> frontiers_;
  std::unordered_map<std::string, PostingList> lists_;
  FrontierBuilder frontier_;  // the list being read's
};

}  // namespace prepsearch
