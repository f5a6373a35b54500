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
    : fields_(facet_fields().size()), rows_(db.get_lastdocid() + 1), zeros_(fields_, 0) {
  const auto& fields = facet_fields();
  ids_.assign(rows_ * fields_, 0);
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
      ids_[it.get_docid() * fields_ + f] = found->second;
    }
  }
}

FacetSpy::FacetSpy(std::shared_ptr<const FacetTable> table) : table_(std::move(table)) {
  std::size_t size = 0;
  for (std::size_t f = 0; f < facet_fields().size(); ++f) {
    first_.push_back(size);
    size += table_->value_count(f);
  }
  counts_.assign(size, 0);
  seen_ids_.resize(first_.size());
}

void FacetSpy::operator()(const Xapian::Document& doc, double) { count(doc.get_docid()); }

void FacetSpy::count(Xapian::docid docid) {
  ++seen_;
  const std::uint32_t* ids = table_->row(docid);
  for (std::size_t f = 0; f < first_.size(); ++f) {
    if (ids[f] != 0 && counts_[first_[f] + ids[f]]++ == 0) seen_ids_[f].push_back(ids[f]);
  }
}

// Sorts ids, not strings: a section facet can have thousands of values with a count.
FacetCounts FacetSpy::counts(std::size_t max_values) const {
  FacetCounts out;
  for (std::size_t f = 0; f < first_.size(); ++f) {
    std::vector<std::pair<Xapian::doccount, std::uint32_t>> found;
    found.reserve(seen_ids_[f].size());
    for (const std::uint32_t id : seen_ids_[f]) found.emplace_back(counts_[first_[f] + id], id);
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
