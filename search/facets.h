// Facet counts over the whole match set, for the fields schema::kFields marks kFacet.
//
// Counting reads each matching document's facet values. Reading Xapian value slots for
// thousands of matches costs more than the search itself, so the values are read once per
// database revision into a docid-indexed table (FacetTable), shared by all threads, and
// the match spy only indexes arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace prepsearch {

// The schema::kFacet fields, in table order, with the value slot each is read from.
struct FacetField {
  const char* name;
  Xapian::valueno slot;
};
const std::vector<FacetField>& facet_fields();

// Facet values of every document of one database revision.
class FacetTable {
 public:
  explicit FacetTable(const Xapian::Database& db);

  // Every field's values numbered in one sequence, field by field: field f's value id v is
  // slot first_slot(f) + v, and id 0 is "no value". A count per slot is one array.
  std::size_t first_slot(std::size_t field) const { return first_slots_[field]; }
  std::size_t slot_count() const { return first_slots_.back(); }
  std::size_t field_count() const { return fields_; }
  // Documents share their facet values a few thousand ways (a page's sections, the copies of
  // a collection): each way is a combination, and a search counts one combination a match,
  // not one value per field. Combination 0 has no value in any field, as a docid the table
  // has not seen.
  std::uint32_t combination(Xapian::docid docid) const {
    return docid < combinations_.size() ? combinations_[docid] : 0;
  }
  std::size_t combination_count() const { return combination_slots_.size() / fields_; }
  // The slots of a combination's values, one per facet field (facet_fields() order).
  const std::uint32_t* slots(std::uint32_t combination) const {
    return &combination_slots_[combination * fields_];
  }
  const std::string& value(std::size_t field, std::uint32_t id) const { return names_[field][id]; }
  // A slot's place among its field's values in the order of their names: equal counts are
  // listed by name without comparing strings in a search.
  std::uint32_t name_rank(std::uint32_t slot) const { return name_ranks_[slot]; }

 private:
  void combine(const std::vector<std::uint32_t>& ids);
  void rank_names();

  std::size_t fields_ = 0;
  std::vector<std::uint32_t> combinations_;       // by docid
  std::vector<std::uint32_t> combination_slots_;  // combination-major, fields_ each
  std::vector<std::uint32_t> first_slots_;        // per field, then the slot count
  std::vector<std::uint32_t> name_ranks_;         // by slot
  std::vector<std::vector<std::string>> names_;   // per field: value id → value ("" at 0)
};

// (value, count) pairs, most frequent first; and a list of them per field name.
using FacetValues = std::vector<std::pair<std::string, Xapian::doccount>>;
using FacetCounts = std::vector<std::pair<std::string, FacetValues>>;

// Counts the facet values of every document the match visits.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(std::shared_ptr<const FacetTable> table);
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts one matching document by id (as the match does through operator()).
  void count(Xapian::docid docid);
  // How many documents have been counted.
  Xapian::doccount seen() const { return seen_; }
  std::string name() const override { return "prepsearch::FacetSpy"; }
  // The counts so far, at most `max_values` values per field.
  FacetCounts counts(std::size_t max_values) const;

 private:
  std::shared_ptr<const FacetTable> table_;
  std::vector<Xapian::doccount> counts_;  // by FacetTable combination
  // The combinations counted at least once: a search's matches fall in a few of them.
  std::vector<std::uint32_t> seen_combinations_;
  Xapian::doccount seen_ = 0;
};

// Facet counts by Xapian's own ValueCountMatchSpy, one per facet field: slower than FacetSpy,
// but stock xapian-tcpsrv rebuilds them, so a search over shards counts each where its
// documents are (FacetSpy and its table need one local database).
class ValueFacetSpies {
 public:
  ValueFacetSpies();
  // Adds every spy to `enquire`, which must not outlive this.
  void add_to(Xapian::Enquire& enquire);
  // How many documents have been counted.
  Xapian::doccount seen() const {
    return static_cast<Xapian::doccount>(spies_.front()->get_total());
  }
  // As FacetSpy::counts: most frequent first, ties by value.
  FacetCounts counts(std::size_t max_values) const;

 private:
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;  // one per facet_fields() entry
};

}  // namespace prepsearch
