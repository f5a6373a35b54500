// An OP_SYNONYM of the query as one posting list in memory, weighed as Xapian 1.4 weighs it:
// one term whose wdf in a document is its alternatives' wdfs summed, clamped to the
// document's length (SynonymPostList::get_weight), and whose frequency is Xapian's estimate
// for the OR of its alternatives (LocalSubMatch::make_synonym_postlist). An exact phrase's
// wdf is its words' smallest (ExactPhrasePostList::get_wdf), where the words stand in order.
//
// A hyphenated word ("class-based") is the synonym of the whole term and its words' phrase.
// Checking a phrase reads its words' positions from Xapian, which costs as much as some
// hundreds of postings read from memory; left to Xapian, the match checked every document
// holding the words, and the count checked them all again. Here a document holding a
// phrase's words is in the list at the most its wdf can be, marked pending, and its phrase is
// checked only when that could change the window (confirm(), phrase_check.h), as Lucene's two-phase
// iterators check positions only for documents that pass the cheaper test.
//
// Covered alternatives: terms, exact phrases of terms (the query builder's phrases span
// their own length), and ORs, synonyms and scaled weights of them. Any other shape (a
// wildcard, NEAR, AND) leaves the query to Xapian's match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "search/doc_lengths.h"
#include "search/frontier.h"
#include "search/phrase_check.h"
#include "search/posting_table.h"

namespace prepsearch {

// What one phrase check costs, in postings read from memory: a window whose phrase checks
// and postings together pass Bm25Window's budget is pruned, its count estimated.
inline constexpr std::size_t kPostingsPerPhraseCheck = 250;

class SynonymList {
 public:
  // Whether `synonym` (an OP_SYNONYM) is of a covered shape; if so it is kept for the rest.
  bool parse(const Xapian::Query& synonym);
  // Xapian 1.4.22's estimate of the synonym's frequency over `db` (`lengths`' revision).
  Xapian::doccount estimate(const Xapian::Database& db, const DocLengths& lengths,
                            const PostingTable* table) const;
  // The synonym's postings in docid order, held (with `db` and `lengths`) until the next
  // read(); null if a wdf does not fit 16 bits (as the table's lists). The terms the table
  // holds are read from it. A pending posting's wdf is the most it can be.
  const PostingList* read(const Xapian::Database& db, const PostingTable* table,
                          const DocLengths& lengths);
  const PostingList* list() const { return &list_; }      // as the last read() left it
  std::size_t pending() const { return pending_count_; }  // postings waiting on a check
  bool pending(std::size_t index) const { return states_[index] == State::kPending; }
  // Whether the synonym holds posting `index`'s document, its phrases checked first if it is
  // pending; the list's wdf for it is then exact.
  bool confirm(std::size_t index);
  // Every pending posting checked, and those the synonym does not hold dropped.
  void confirm_all();

 private:
  // A term, an exact phrase of terms, or an OR of alternatives (an OP_OR within it adds its
  // alternatives to it; an OP_SYNONYM or a scaled OR is an alternative of its own).
  struct Node {
    enum class Kind { kTerm, kPhrase, kAny } kind;
    std::vector<std::string> terms;  // the term, or the phrase's words in order
    std::vector<Node> alternatives;  // kAny's
  };
  // A document holding every word of phrases_[phrase].
  struct PhraseCandidate {
    Xapian::docid docid;
    std::uint32_t phrase;
    Xapian::termcount wdf;  // its words' smallest: the phrase's if it holds
  };
  using Postings = std::vector<std::pair<Xapian::docid, Xapian::termcount>>;
  enum class State : std::uint8_t { kHeld, kPending, kNotHeld };

  bool add_alternatives(const Xapian::Query& query, Node& any);
  bool add_alternative(const Xapian::Query& query, Node& any);
  Xapian::doccount estimate(const Node& node, const Xapian::Database& db, double documents,
                            const PostingTable* table) const;
  void gather_terms(const PostingTable* table);
  void gather_phrase(std::uint32_t phrase, const PostingTable* table);
  bool build_list();
  Xapian::termcount clamped(Xapian::docid docid, Xapian::termcount wdf) const;
  void publish();

  Node root_{Node::Kind::kAny, {}, {}};
  std::vector<std::string> terms_;                 // every term alternative, as often as it is one
  std::vector<std::vector<std::string>> phrases_;  // every phrase alternative's words
  const Xapian::Database* db_ = nullptr;
  const DocLengths* lengths_ = nullptr;
  Postings certain_postings_;                // the terms' wdfs summed, by docid
  std::vector<PhraseCandidate> candidates_;  // by docid
  std::vector<Xapian::docid> docids_;
  std::vector<std::uint16_t> wdfs_;
  std::vector<Xapian::termcount> certain_;  // the terms' part of each posting's wdf
  std::vector<State> states_;
  std::size_t pending_count_ = 0;
  std::vector<WdfAtLength> frontier_;
  FrontierBuilder frontier_builder_;
  PostingList list_;
  PhraseChecker phrases_checked_;
};

}  // namespace prepsearch
