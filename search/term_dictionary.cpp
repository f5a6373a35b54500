// Reading the covered terms in one pass over the term list, skipping the prefixes left out.
#include "search/term_dictionary.h"

#include <algorithm>
#include <array>

#include "core/schema.h"
#include "core/text.h"

namespace prepsearch {
namespace {

// The prefixes whose terms grow with the documents: one or more of each per document.
constexpr std::array<std::string_view, 5> kLeftOut = {
    schema::prefix::kId, schema::prefix::kTitleExact, schema::prefix::kTitleStart,
    schema::prefix::kTitlePair, schema::prefix::kTranslates};

// The first term after every term that begins with `prefix` (its last byte, a capital
// letter, one higher).
std::string after_every(std::string_view prefix) {
  std::string next(prefix);
  ++next.back();
  return next;
}

}  // namespace

bool TermDictionary::covers(std::string_view term) {
  return std::none_of(kLeftOut.begin(), kLeftOut.end(),
                      [&](std::string_view out) { return starts_with(term, out); });
}

bool TermDictionary::covers_prefix(std::string_view prefix) {
  return std::none_of(kLeftOut.begin(), kLeftOut.end(), [&](std::string_view out) {
    return starts_with(prefix, out) || starts_with(out, prefix);
  });
}

TermDictionary::TermDictionary(const Xapian::Database& db, std::size_t max_bytes) {
  offsets_.push_back(0);
  for (auto it = db.allterms_begin(); it != db.allterms_end();) {
    const std::string term = *it;
    const auto out = std::find_if(kLeftOut.begin(), kLeftOut.end(),
                                  [&](std::string_view left) { return starts_with(term, left); });
    if (out != kLeftOut.end()) {
      it.skip_to(after_every(*out));
      continue;
    }
    if (bytes_.size() + term.size() > max_bytes) {  // held_ stays false
      bytes_ = std::string();
      offsets_ = {0};
      frequencies_ = std::vector<Xapian::doccount>();
      return;
    }
    bytes_ += term;
    offsets_.push_back(static_cast<std::uint32_t>(bytes_.size()));
    frequencies_.push_back(it.get_termfreq());
    ++it;
  }
  bytes_.shrink_to_fit();
  offsets_.shrink_to_fit();
  frequencies_.shrink_to_fit();
  held_ = true;
}

std::size_t TermDictionary::lower_bound(std::string_view term) const {
  std::size_t low = 0, high = frequencies_.size();
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (at(middle) < term) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

std::optional<Xapian::doccount> TermDictionary::frequency(std::string_view term) const {
  if (!held_ || !covers(term)) return std::nullopt;
  const std::size_t i = lower_bound(term);
  return i < frequencies_.size() && at(i) == term ? frequencies_[i] : 0;
}

Xapian::doccount term_frequency(const Xapian::Database& db, const TermDictionary* dictionary,
                                const std::string& term) {
  if (dictionary) {
    if (const auto frequency = dictionary->frequency(term)) return *frequency;
  }
  return db.get_termfreq(term);
}

bool any_term_starting(const Xapian::Database& db, const TermDictionary* dictionary,
                       const std::string& prefix) {
  bool any = false;
  if (dictionary && dictionary->each_starting(prefix, [&](std::string_view, Xapian::doccount) {
        any = true;
        return false;
      })) {
    return any;
  }
  return db.allterms_begin(prefix) != db.allterms_end(prefix);
}

}  // namespace prepsearch
