// The ranking formula: BM25, with every matched query word first counted as a tier.
//
// Plain words are ORed so that a query never comes back empty because one word is
// missing; to still put the documents with all the words first, each matched leaf of the
// query adds kTierBonus on top of its BM25 weight. A document matching n words therefore
// outranks any matching n-1, and BM25 orders documents within a tier. A synonym or prefix
// group (Xapian's OP_SYNONYM) is weighted as one term, so it counts once.
#pragma once

#include <cstddef>
#include <string>

#include <xapian.h>

namespace prepsearch {

// Every query-time ranking knob lives here (the index-time ones, kTitleWdf and kFieldGap, are
// persisted and live in core/schema.h). docs/architecture.md lists them all.

// BM25's term-frequency saturation and length normalisation (Robertson's defaults; k1
// 0.9-1.5 and b 0.4-0.9 all scored within 0.006 on SciFact train).
inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

// Larger than any BM25 sum a query can reach (about 20 per term, at most ~100 terms).
inline constexpr double kTierBonus = 1000.0;

// Tiers only for queries of at most this many words (phrases, synonym groups). A long
// query, such as a whole sentence, ranks by BM25 alone: on SciFact's training claims
// (12 words on average) tiers took nDCG@10 from 0.688 to 0.605, while tiers for up to 3
// words cost nothing there (bench/relevance/run.sh train).
inline constexpr std::size_t kMaxTieredWords = 3;

// The tier bonus for a query of `words` ranked words: kTierBonus, or 0 (plain BM25).
inline double tier_bonus_for(std::size_t words) { return words > kMaxTieredWords ? 0 : kTierBonus; }

// Exact code terms and quoted phrases weigh this much more than plain words, tier bonus
// included: a document matching `N+1` outranks one matching a single plain word.
inline constexpr double kExactBoost = 1.25;

// The word being typed (no space after it yet) also matches up to kMaxPrefixExpansion of
// the most frequent indexed words it begins, once it is kMinPrefixBytes long.
inline constexpr Xapian::termcount kMaxPrefixExpansion = 32;
inline constexpr std::size_t kMinPrefixBytes = 3;

// A synonyms.txt key spans at most this many query words ("n plus one queries").
inline constexpr std::size_t kMaxSynonymWords = 4;

// True for English function words (the, is, how, ...) that plain-word search skips unless
// the query has nothing else.
bool is_stopword(const std::string& folded_word);

class TieredBM25Weight : public Xapian::Weight {
 public:
  explicit TieredBM25Weight(double tier_bonus = kTierBonus);

  std::string name() const override { return "prepsearch::TieredBM25Weight"; }
  TieredBM25Weight* clone() const override { return new TieredBM25Weight(tier_bonus_); }
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                     Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }

 private:
  void init(double factor) override;

  double tier_bonus_;
  double factor_ = 0;  // 0 for boolean (filter) subqueries: no weight, no bonus
  double idf_ = 0;
  double average_length_ = 1;
};

}  // namespace prepsearch
