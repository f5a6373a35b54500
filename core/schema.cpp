// Lookups over the field table.
#include "core/schema.h"

#include <algorithm>
#include <stdexcept>

namespace prepsearch::schema {

const Field& field(FieldId id) {
  const auto found =
      std::find_if(kFields.begin(), kFields.end(), [id](const Field& row) { return row.id == id; });
  if (found == kFields.end()) throw std::logic_error("a FieldId without a row in kFields");
  return *found;
}

const Field* filter_field(const std::string& param) {
  for (const auto& row : kFields) {
    if (has_role(row, kFilter) && param == row.param) return &row;
  }
  return nullptr;
}

const std::vector<std::string>& filter_params() {
  static const std::vector<std::string> kParams = [] {
    std::vector<std::string> params;
    for (const auto& row : kFields) {
      if (has_role(row, kFilter)) params.emplace_back(row.param);
    }
    return params;
  }();
  return kParams;
}

bool is_language_code(std::string_view value) {
  return value.size() == 2 &&
         std::all_of(value.begin(), value.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

const char* stemmer_name(const std::string& language) {
  const auto& stemmed = kStemmedLanguages;
  const auto found = std::find(stemmed.begin(), stemmed.end(), language);
  return found == stemmed.end() ? "none" : found->c_str();  // Xapian::Stem takes the codes
}

std::string describe_choices(const std::vector<std::string>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

}  // namespace prepsearch::schema
