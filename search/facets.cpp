// Building the facet table from value streams, and counting with it.
#include "search/facets.h"

#include <algorithm>
#include <unordered_map>

#include "core/schema.h"

namespace prepsearch {

const std::vector<FacetField>& facet_fields() {
  static const std::vector<FacetField> kFacets = [] {
    std::vector<FacetField> facets;
    for (const auto& field : schema::kFields) {
      if (schema::has_role(field, schema::kFacet)) facets.push_back({field.name, field.slot});
    }
    return facets;
  }();
  return kFacets;
}

FacetTable::FacetTable(const Xapian::Database& db)
    : fields_(facet_fields().size()), rows_(db.get_lastdocid() + 1) {
  const auto& fields = facet_fields();
  std::vector<std::uint32_t> ids(rows_ * fields_, 0);
  names_.resize(fields_);
  for (std::size_t f = 0; f < fields_; ++f) {
    names_[f].emplace_back();
    std::unordered_map<std::string, std::uint32_t> known;
    for (auto it = db.valuestream_begin(fields[f].slot); it != db.valuestream_end(fields[f].slot);
         ++it) {
      const std::string value = *it;
      if (value.empty()) continue;
      auto [found, added] = known.emplace(value, static_cast<std::uint32_t>(names_[f].size()));
      if (added) names_[f].push_back(value);
      ids[it.get_docid() * fields_ + f] = found->second;
    }
  }
  first_slots_.push_back(0);
  for (const auto& names : names_)
    first_slots_.push_back(first_slots_.back() + static_cast<std::uint32_t>(names.size()));
  slots_ = std::move(ids);
  for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i] += first_slots_[i % fields_];
}

FacetSpy::FacetSpy(std::shared_ptr<const FacetTable> table)
    : table_(std::move(table)), counts_(table_->slot_count(), 0) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) { count(doc.get_docid()); }

void FacetSpy::count(Xapian::docid docid) {
  ++seen_;
  const std::uint32_t* slots = table_->slots(docid);
  for (std::size_t f = 0, fields = table_->field_count(); f < fields; ++f) {
    if (counts_[slots[f]]++ == 0) seen_slots_.push_back(slots[f]);
  }
}

// Sorts ids, not strings: a section facet can have thousands of values with a count.
FacetCounts FacetSpy::counts(std::size_t max_values) const {
  FacetCounts out;
  std::vector<std::pair<Xapian::doccount, std::uint32_t>> found;
  for (std::size_t f = 0; f < facet_fields().size(); ++f) {
    found.clear();
    const std::size_t first = table_->first_slot(f);
    for (const std::uint32_t slot : seen_slots_) {
      const auto id = static_cast<std::uint32_t>(slot - first);
      if (slot > first && slot < table_->first_slot(f + 1)) found.emplace_back(counts_[slot], id);
    }
    const auto by_count_then_name = [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      return table_->value(f, a.second) < table_->value(f, b.second);
    };
    const std::size_t keep = std::min(max_values, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(),
                      by_count_then_name);
    auto& values = out.emplace_back(facet_fields()[f].name, FacetValues{}).second;
    for (std::size_t i = 0; i < keep; ++i) {
      values.emplace_back(table_->value(f, found[i].second), found[i].first);
    }
  }
  return out;
}

ValueFacetSpies::ValueFacetSpies() {
  spies_.reserve(facet_fields().size());
  for (const auto& field : facet_fields()) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(field.slot));
  }
}

void ValueFacetSpies::add_to(Xapian::Enquire& enquire) {
  for (auto& spy : spies_) enquire.add_matchspy(spy.get());
}

FacetCounts ValueFacetSpies::counts(std::size_t max_values) const {
  FacetCounts out;
  for (std::size_t f = 0; f < spies_.size(); ++f) {
    FacetValues found;
    for (auto it = spies_[f]->values_begin(); it != spies_[f]->values_end(); ++it) {
      if (!(*it).empty()) found.emplace_back(*it, it.get_termfreq());
    }
    const auto by_count_then_name = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    const std::size_t keep = std::min(max_values, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(),
                      by_count_then_name);
    found.resize(keep);
    out.emplace_back(facet_fields()[f].name, std::move(found));
  }
  return out;
}

}  // namespace prepsearch
