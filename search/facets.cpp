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

FacetTable::FacetTable(const Xapian::Database& db) : fields_(facet_fields().size()) {
  const auto& fields = facet_fields();
  const std::size_t rows = db.get_lastdocid() + 1;
  std::vector<std::uint32_t> ids(rows * fields_, 0);
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
  combine(ids);
  rank_names();
}

void FacetTable::rank_names() {
  name_ranks_.resize(slot_count());
  for (std::size_t f = 0; f < fields_; ++f) {
    std::vector<std::uint32_t> ids(names_[f].size());
    for (std::uint32_t id = 0; id < ids.size(); ++id) ids[id] = id;
    std::sort(ids.begin(), ids.end(),
              [&](std::uint32_t a, std::uint32_t b) { return names_[f][a] < names_[f][b]; });
    for (std::uint32_t rank = 0; rank < ids.size(); ++rank)
      name_ranks_[first_slots_[f] + ids[rank]] = rank;
  }
}

namespace {

struct RowHash {
  std::size_t operator()(const std::vector<std::uint32_t>& row) const {
    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over the values
    for (const std::uint32_t value : row) hash = (hash ^ value) * 1099511628211ULL;
    return static_cast<std::size_t>(hash);
  }
};

}  // namespace

// Numbers each document's row of value ids as a combination, the same rows alike.
void FacetTable::combine(const std::vector<std::uint32_t>& ids) {
  std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, RowHash> known;
  std::vector<std::uint32_t> row(first_slots_.begin(), first_slots_.end() - 1);
  known.emplace(row, 0);  // no value in any field
  combination_slots_ = row;
  combinations_.resize(ids.size() / fields_);
  for (std::size_t docid = 0; docid < combinations_.size(); ++docid) {
    for (std::size_t f = 0; f < fields_; ++f) row[f] = first_slots_[f] + ids[docid * fields_ + f];
    auto found = known.find(row);
    if (found == known.end()) {
      found = known.emplace(row, static_cast<std::uint32_t>(known.size())).first;
      combination_slots_.insert(combination_slots_.end(), row.begin(), row.end());
    }
    combinations_[docid] = found->second;
  }
}

FacetSpy::FacetSpy(std::shared_ptr<const FacetTable> table)
    : table_(std::move(table)), counts_(table_->combination_count(), 0) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) { count(doc.get_docid()); }

void FacetSpy::count(Xapian::docid docid) {
  ++seen_;
  const std::uint32_t combination = table_->combination(docid);
  if (counts_[combination]++ == 0) seen_combinations_.push_back(combination);
}

// Adds each combination seen to its values, then lists each field's values by count and
// name (by the table's name ranks: a section facet can have thousands of values).
FacetCounts FacetSpy::counts(std::size_t max_values) const {
  const std::size_t fields = table_->field_count();
  std::vector<Xapian::doccount> by_slot(table_->slot_count(), 0);
  std::vector<std::vector<std::uint32_t>> seen_slots(fields);  // per field, none left out
  for (const std::uint32_t combination : seen_combinations_) {
    const std::uint32_t* slots = table_->slots(combination);
    for (std::size_t f = 0; f < fields; ++f) {
      if (slots[f] == table_->first_slot(f)) continue;  // no value
      if (by_slot[slots[f]] == 0) seen_slots[f].push_back(slots[f]);
      by_slot[slots[f]] += counts_[combination];
    }
  }
  const auto by_count_then_name = [&](std::uint32_t a, std::uint32_t b) {
    if (by_slot[a] != by_slot[b]) return by_slot[a] > by_slot[b];
    return table_->name_rank(a) < table_->name_rank(b);
  };
  FacetCounts out;
  for (std::size_t f = 0; f < fields; ++f) {
    auto& found = seen_slots[f];
    const std::size_t keep = std::min(max_values, found.size());
    // The best `keep` first, in linear time; then only those sorted.
    const auto cut = found.begin() + static_cast<std::ptrdiff_t>(keep);
    if (keep < found.size()) std::nth_element(found.begin(), cut, found.end(), by_count_then_name);
    std::sort(found.begin(), cut, by_count_then_name);
    auto& values = out.emplace_back(facet_fields()[f].name, FacetValues{}).second;
    values.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) {
      const auto id = static_cast<std::uint32_t>(found[i] - table_->first_slot(f));
      values.emplace_back(table_->value(f, id), by_slot[found[i]]);
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
