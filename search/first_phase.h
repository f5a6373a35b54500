// The first phase of ranking: Xapian's match with BM25Weight over the query's own terms, for
// a window of the best kRankWindow documents and those holding the query's key terms.
// Nothing here depends on the page asked for (offset, limit), so every page, and every
// layout of shards, cuts one ranking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <xapian.h>

#include "search/bm25_window.h"
#include "search/candidate.h"
#include "search/query_builder.h"
#include "search/ranking.h"
#include "search/small_map.h"

namespace prepsearch {

// How many documents the second phase ranks again: past them, results keep first-phase order.
// 50, as the prototype the two-phase issue measured: the same training figures as 100, at a
// lower cost per search (bench/REPORT.md).
inline constexpr Xapian::doccount kRankWindow = 50;
// At most this many documents join the window for holding a key term (a title that is the
// query, or starts with it; the page it names; the name it is) whatever their BM25 weight.
inline constexpr Xapian::doccount kMaxKeyDocs = 20;
// Key documents are weighed in memory (when the window was) while the key terms held by more
// than kMaxKeyDocs hold at most this many in all: each is a skip along every term's list.
inline constexpr std::size_t kMaxKeyPostingsInMemory = 2000;

// What an OR of terms is weighed with in memory, over one local database: the revision's
// lengths and posting lists, and this thread's Bm25Window.
struct InMemoryWeights {
  const DocLengths* lengths = nullptr;
  Bm25Window* window = nullptr;
  // Past this many postings in the query's terms, the window is pruned and the count estimated.
  std::size_t exact_postings = SIZE_MAX;
  const PostingTable* postings = nullptr;  // also read for the keys and tiers
};

class FirstPhase {
 public:
  // `check_at_least`: as Enquire::get_mset's (several databases need it: see Searcher).
  // `in_memory`: for one local database (none otherwise): an OR of terms is then weighed in
  // memory.
  FirstPhase(const Xapian::Database& db, const BuiltQuery& built, const RankingParams& params,
             Xapian::doccount check_at_least, const InMemoryWeights& in_memory = {});

  // The window, in first-phase order (by BM25, then the key documents), each with the key
  // terms it holds and whether it holds every word group; no records yet. `order_depth`: how
  // many order() will likely ask for (the page's end and the window), which a window weighed
  // in memory ranks in the same pass.
  std::vector<Candidate> window(Xapian::doccount order_depth = 0);
  // The first `count` documents in first-phase order, for the results past the window.
  std::vector<Xapian::docid> order(Xapian::doccount count);
  // The match, as deep as window()'s order_depth, once window() ran: its bounds say whether
  // it holds every match. None when the window was weighed in memory.
  const std::optional<Xapian::MSet>& matched() const { return matched_; }
  // The in-memory window's matches and count (Bm25Window's matches(), exact(), total()) when
  // the window was weighed in memory; nullptr otherwise. Valid until this thread's next search.
  const Bm25Window* weighed_in_memory() const { return weighed_; }

 private:
  Xapian::MSet match(const Xapian::Query& query, Xapian::doccount count);
  void add(const Xapian::MSet& mset, std::vector<Candidate>& window);
  void admit(Xapian::docid docid, double weight, std::vector<Candidate>& window);
  bool weigh_in_memory(std::vector<Candidate>& window);
  bool read_key_postings();
  bool weigh_keys_in_memory(std::vector<Candidate>& window);
  void mark_keys(std::vector<Candidate>& window, const std::vector<Candidate*>& by_docid) const;
  void mark_all_words(std::vector<Candidate>& window,
                      const std::vector<Candidate*>& by_docid) const;

  const Xapian::Database& db_;
  const BuiltQuery& built_;
  Xapian::Enquire enquire_;
  Xapian::doccount check_at_least_;
  InMemoryWeights in_memory_;
  Bm25 bm25_;
  std::optional<Xapian::MSet> matched_;
  const Bm25Window* weighed_ = nullptr;
  std::vector<Xapian::docid> first_order_;  // the best first_order_depth_, ranked with the window
  Xapian::doccount first_order_depth_ = 0;
  SmallMap in_window_{kRankWindow + kMaxKeyDocs};  // docid → index in the window
  // The documents of each key term held by at most kMaxKeyDocs, read whole; the commoner
  // key terms, marked by skipping along the window.
  std::vector<std::pair<Xapian::docid, KeyBit>> key_postings_;
  std::vector<std::pair<const std::string*, KeyBit>> common_keys_;
};

}  // namespace prepsearch
