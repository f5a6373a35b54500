// The ranking knobs: setting one by name, and the BM25 weighting they give.
#include "server/ranking.h"

#include <cmath>
#include <exception>
#include <string>
#include <unordered_set>

namespace prepsearch {

bool RankingParams::set(std::string_view assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos) return false;
  const std::string_view name = assignment.substr(0, equals);
  const std::string text(assignment.substr(equals + 1));
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value) || value < 0) return false;
  } catch (const std::exception&) {
    return false;
  }
  // Each double knob by its name (max_tiered_words, a count, is below).
  struct Knob {
    const char* name;
    double RankingParams::*field;
  };
  static constexpr Knob kKnobs[] = {
      {"k1", &RankingParams::k1},
      {"b", &RankingParams::b},
      {"min_normlen", &RankingParams::min_normlen},
      {"tier_bonus", &RankingParams::tier_bonus},
      {"exact_boost", &RankingParams::exact_boost},
      {"title_exact", &RankingParams::title_exact},
      {"title_start", &RankingParams::title_start},
      {"title_phrase", &RankingParams::title_phrase},
      {"title_all", &RankingParams::title_all},
      {"title_word", &RankingParams::title_word},
      {"question_prior", &RankingParams::question_prior},
      {"defines", &RankingParams::defines},
      {"section_exact", &RankingParams::section_exact},
      {"stopword_share", &RankingParams::stopword_share},
  };
  for (const auto& knob : kKnobs) {
    if (name == knob.name) {
      this->*knob.field = value;
      return true;
    }
  }
  if (name == "max_tiered_words") {
    max_tiered_words = static_cast<std::size_t>(value);
    return true;
  }
  return false;
}

// k2 = 0 (no document-length correction), k3 = 1 (query wdf counts as given).
Xapian::BM25Weight RankingParams::weight() const {
  return Xapian::BM25Weight(k1, 0, 1, b, min_normlen);
}

bool is_stopword(const std::string& word) {
  static const std::unordered_set<std::string> kStopwords = {
      "a",     "about", "an",     "and",   "are",  "as",   "at",   "be",    "been", "but",  "by",
      "can",   "could", "do",     "does",  "did",  "for",  "from", "had",   "has",  "have", "how",
      "i",     "if",    "in",     "into",  "is",   "it",   "its",  "me",    "my",   "of",   "on",
      "or",    "our",   "should", "so",    "than", "that", "the",  "their", "them", "then", "there",
      "these", "they",  "this",   "those", "to",   "was",  "we",   "were",  "what", "when", "where",
      "which", "while", "who",    "whom",  "why",  "will", "with", "would", "you",  "your"};
  return kStopwords.count(word) != 0;
}

}  // namespace prepsearch
