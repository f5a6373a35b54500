// The second-phase formula, its title features, and the collapse of translations.
#include "search/second_phase.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "core/terms.h"

#include "search/small_map.h"

namespace prepsearch {

SecondPhase::SecondPhase(const BuiltQuery& built, std::string reader, const RankingParams& params,
                         Stemmers& stemmers)
    : built_(built), reader_(std::move(reader)), params_(params), stemmers_(stemmers) {
  for (const auto& token : built_.words) counted_.push_back(!is_stopword(whole_word(token)));
}

const SecondPhase::Words& SecondPhase::words_in(std::string_view language) {
  // Most windows are in one language: the last one's words are asked for again and again.
  if (last_words_ && language == last_language_) return *last_words_;
  auto found = words_.find(language);
  if (found == words_.end()) {
    found = words_.emplace(std::string(language), Words{}).first;
    Stemmer& stem = stemmers_[found->first];
    for (const auto& token : built_.words)
      found->second.each.push_back(key_hash(query_term(token, "", stem)));
    for (const auto& word : built_.completed) {
      Token completed;
      completed.parts = {word};
      found->second.last_completed.push_back(key_hash(query_term(completed, "", stem)));
    }
  }
  last_language_ = found->first;
  last_words_ = &found->second;
  return found->second;
}

// Word by word, from the hashes of the title's words the record keeps; the word being typed
// matches a title word it begins.
TitleMatch SecondPhase::title_match(const RankRecordView& record) {
  TitleMatch match;
  const Words& words = words_in(record.language);
  const auto& query = words.each;
  std::array<std::uint32_t, kMaxRankTitleWords> held_words{};
  const std::size_t title_size = std::min(record.title_word_count(), kMaxRankTitleWords);
  for (std::size_t i = 0; i < title_size; ++i) held_words[i] = record.title_word(i);
  if (query.empty() || title_size == 0 || query.size() > kMaxTitleWords) return match;
  const auto is = [&](std::size_t word, std::uint32_t held) { return is_word(words, word, held); };
  const auto in_title = [&](std::size_t word) {
    return std::any_of(held_words.begin(), held_words.begin() + title_size,
                       [&](std::uint32_t held) { return is(word, held); });
  };
  match.all = true;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const bool held = in_title(i);
    if (held && counted_[i]) ++match.words;
    match.all = match.all && held;
  }
  if (!match.all || query.size() < 2) return match;
  for (std::size_t at = 0; at + query.size() <= title_size && !match.phrase; ++at) {
    std::size_t i = 0;
    while (i < query.size() && is(i, held_words[at + i])) ++i;
    match.phrase = i == query.size();
  }
  return match;
}

// True if its page's title holds every query word (stopwords too; the one being typed as a
// word it begins).
bool SecondPhase::page_holds_query(const RankRecordView& record) {
  const std::size_t page_size = std::min(record.page_word_count(), kMaxRankTitleWords);
  if (page_size == 0) return false;
  const Words& words = words_in(record.language);
  const auto& query = words.each;
  if (query.empty() || query.size() > kMaxTitleWords) return false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    bool held = false;
    for (std::size_t at = 0; at < page_size && !held; ++at)
      held = is_word(words, i, record.page_word(at));
    if (!held) return false;
  }
  return true;
}

// True if `held`, a title word's hash, is the query's word `i`: as hashed, or, for the word
// being typed, one of its completions.
bool SecondPhase::is_word(const Words& words, std::size_t i, std::uint32_t held) const {
  if (words.each[i] == held) return true;
  const auto& forms = words.last_completed;
  return built_.typing && i + 1 == words.each.size() &&
         std::find(forms.begin(), forms.end(), held) != forms.end();
}

double SecondPhase::score(const Candidate& candidate) {
  const RankingParams& w = params_;
  const RankRecordView& record = candidate.record;
  // What the title and page say of the document.
  double named = 0;
  if (candidate.keys & kHoldsExactTitle) named += w.title_exact;
  if (candidate.keys & kHoldsTitleStart) named += w.title_start;
  if (candidate.keys & kHoldsPage) named += w.section_exact;
  if (w.page_all > 0 && page_holds_query(record)) named += w.page_all;
  if (candidate.keys & kHoldsDefinition) named += w.defines;
  const TitleMatch title = title_match(record);
  if (title.all) named += w.title_all;
  if (title.phrase) named += w.title_phrase;
  // Per word only where tiers rank (a short query): against a long query's BM25 sum a
  // fixed weight per title word would outweigh the body.
  if (built_.tiered && built_.word_groups > 1) named += w.title_word * double(title.words);
  // Page rank scales what the text, title and page say, as Pagefind's weight scales a page:
  // a step down divides it by page_rank (not the tier: a document holding every word still
  // ranks before those missing one). A query that names a page asks for it ("Django 1.8 release
  // notes").
  double score = candidate.bm25 + named;
  if (record.rank != 0 && w.page_rank > 0 && !(candidate.keys & kHoldsPage))
    score *= std::pow(w.page_rank, record.rank);
  if (built_.tiered && candidate.all_words) score += w.tier_bonus;
  if (built_.tiered && record.question) score += w.question_prior;
  if (record.language == std::string_view(reader_)) score += w.reader_language;
  return score;
}

std::vector<std::size_t> SecondPhase::rank(std::vector<Candidate>& window) {
  for (auto& candidate : window) candidate.score = score(candidate);
  std::vector<std::size_t> order(window.size());
  std::iota(order.begin(), order.end(), 0);
  // Equal scores by content, then group: the same order whatever the docids (shards, rebuilds).
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Candidate& x = window[a];
    const Candidate& y = window[b];
    if (x.score != y.score) return x.score > y.score;
    if (x.record.content != y.record.content) return x.record.content < y.record.content;
    if (x.record.group != y.record.group) return x.record.group < y.record.group;
    return x.docid < y.docid;
  });
  // The first of each translation group and of each title and text is shown; the ones
  // after it are listed on it.
  SmallMap shown_group(window.size()), shown_content(window.size());
  std::vector<std::size_t> shown;
  for (const std::size_t i : order) {
    const RankRecordView& record = window[i].record;
    auto into = shown_group.find(record.group);
    if (!into) into = shown_content.find(record.content);
    if (record.group != 0 && into) {
      window[*into].collapsed.push_back(window[i].docid);
      continue;
    }
    shown_group.insert(record.group, static_cast<std::uint32_t>(i));
    shown_content.insert(record.content, static_cast<std::uint32_t>(i));
    shown.push_back(i);
  }
  return shown;
}

}  // namespace prepsearch
