// The ranking formula: BM25, with every matched query word first counted as a tier.
//
// Plain words are ORed so that a query never comes back empty because one word is
// missing; to still put the documents with all the words first, each matched leaf of the
// query adds kTierBonus on top of its BM25 weight. A document matching n words therefore
// outranks any matching n-1, and BM25 orders documents within a tier. A synonym or prefix
// group (Xapian's OP_SYNONYM) is weighted as one term, so it counts once.
#pragma once

#include <string>

#include <xapian.h>

namespace prepsearch {

// Larger than any BM25 sum a query can reach (about 20 per term, at most ~100 terms).
inline constexpr double kTierBonus = 1000.0;

class TieredBM25Weight : public Xapian::Weight {
 public:
  TieredBM25Weight();

  std::string name() const override { return "prepsearch::TieredBM25Weight"; }
  TieredBM25Weight* clone() const override { return new TieredBM25Weight(); }
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                     Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }

 private:
  void init(double factor) override;

  double factor_ = 0;  // 0 for boolean (filter) subqueries: no weight, no bonus
  double idf_ = 0;
  double average_length_ = 1;
};

}  // namespace prepsearch
