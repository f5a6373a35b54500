// The ranking knobs: setting one by name, and the BM25 weighting they give.
#include "search/ranking.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <unordered_set>

#include "core/analyzer.h"
#include "core/schema.h"

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
      {"short_b", &RankingParams::short_b},
      {"min_normlen", &RankingParams::min_normlen},
      {"tier_bonus", &RankingParams::tier_bonus},
      {"exact_boost", &RankingParams::exact_boost},
      {"title_exact", &RankingParams::title_exact},
      {"title_start", &RankingParams::title_start},
      {"title_phrase", &RankingParams::title_phrase},
      {"title_all", &RankingParams::title_all},
      {"title_word", &RankingParams::title_word},
      {"in_memory_bm25", &RankingParams::in_memory_bm25},
      {"question_prior", &RankingParams::question_prior},
      {"defines", &RankingParams::defines},
      {"section_exact", &RankingParams::section_exact},
      {"page_all", &RankingParams::page_all},
      {"stopword_share", &RankingParams::stopword_share},
      {"reader_language", &RankingParams::reader_language},
      {"page_rank", &RankingParams::page_rank},
      {"related_topic", &RankingParams::related_topic},
      {"related_question", &RankingParams::related_question},
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
  if (name == "related_terms") {
    related_terms = static_cast<unsigned>(std::min(value, 1000.0));
    return true;
  }
  return false;
}

// k2 = 0 (no document-length correction), k3 = 1 (query wdf counts as given).
Bm25 RankingParams::bm25(bool short_query) const {
  return {k1, short_query ? short_b : b, min_normlen};
}

Xapian::BM25Weight RankingParams::weight(bool short_query) const {
  const Bm25 params = bm25(short_query);
  return Xapian::BM25Weight(params.k1, 0, 1, params.b, params.min_normlen);
}

namespace {

// English, Spanish and Portuguese (folded: "qué" is "que"). Not "del", "no" or "na", which
// English queries about Python and pandas mean.
const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> kStopwords = {
      // English
      "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "do",
      "does", "did", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is",
      "it", "its", "me", "my", "of", "on", "or", "our", "should", "so", "than", "that", "the",
      "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we", "were",
      "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
      "you", "your",
      // Spanish
      "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "al", "y", "o", "u", "que", "en",
      "es", "son", "se", "por", "para", "con", "como", "cual", "cuales", "cuando", "donde", "su",
      "sus", "lo", "le", "les", "este", "esta", "estos", "estas", "ese", "esa", "hay", "ser", "muy",
      "mas", "entre", "sin", "sobre", "tu", "mi",
      // Portuguese (those Spanish does not already list)
      "os", "as", "um", "uma", "do", "da", "dos", "das", "nos", "em", "e", "qual", "quais",
      "quando", "onde", "ao", "aos", "seu", "sua", "isso", "isto", "sao", "voce", "pelo", "pela"};
  return kStopwords;
}

}  // namespace

bool is_stopword(const std::string& word) { return stopwords().count(word) != 0; }

bool is_stopword_stem(const std::string& stem) {
  static const std::unordered_set<std::string> kStems = [] {
    std::unordered_set<std::string> stems;
    for (const char* language : {"en", "es", "pt"}) {  // the stopwords' languages
      Stemmer stemmer(language);
      for (const auto& word : stopwords()) stems.insert(stemmer(word));
    }
    return stems;
  }();
  return kStems.count(stem) != 0;
}

Xapian::Query bonus(double weight, const Xapian::Query& what) {
  using Q = Xapian::Query;
  return Q(Q::OP_AND_MAYBE, Q(Q::OP_SCALE_WEIGHT, what, 0),
           Q((new Xapian::FixedWeightPostingSource(weight))->release()));
}

void rank_by_relevance(Xapian::Enquire& enquire, const RankingParams& params) {
  enquire.set_weighting_scheme(params.weight());
  enquire.set_sort_by_relevance_then_value(schema::kSlotId, false);
}

}  // namespace prepsearch
