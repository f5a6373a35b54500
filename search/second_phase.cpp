// The second-phase formula, its title features, and the collapse of translations.
#include "search/second_phase.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/terms.h"

namespace prepsearch {

SecondPhase::SecondPhase(const BuiltQuery& built, std::string reader, const RankingParams& params,
                         Stemmers& stemmers)
    : built_(built), reader_(std::move(reader)), params_(params), stemmers_(stemmers) {
  for (const auto& token : built_.words) counted_.push_back(!is_stopword(whole_word(token)));
}

const std::vector<std::uint32_t>& SecondPhase::word_hashes(const std::string& language) {
  auto [found, added] = hashes_.try_emplace(language);
  if (added) {
    Stemmer& stem = stemmers_[language];
    for (const auto& token : built_.words)
      found->second.push_back(key_hash(query_term(token, "", stem)));
  }
  return found->second;
}

// Word by word, from the hashes of the title's words the record keeps. The word being typed
// is left out of `all` and `phrase`: it is a prefix, which a hash cannot match (the title
// start key of its completions can).
TitleMatch SecondPhase::title_match(const RankRecord& record) {
  TitleMatch match;
  const auto& words = word_hashes(record.language);
  const auto& title = record.title_words;
  if (words.empty() || title.empty() || words.size() > kMaxTitleWords) return match;
  const std::size_t whole = built_.typing && words.size() > 1 ? words.size() - 1 : words.size();
  const auto in_title = [&](std::uint32_t word) {
    return std::find(title.begin(), title.end(), word) != title.end();
  };
  match.all = !(built_.typing && words.size() == 1);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool held = in_title(words[i]);
    if (held && counted_[i]) ++match.words;
    if (i < whole && !held) match.all = false;
  }
  if (match.all && whole >= 2) {
    const auto at = std::search(title.begin(), title.end(), words.begin(), words.begin() + whole);
    match.phrase = at != title.end();
  }
  return match;
}

double SecondPhase::score(const Candidate& candidate) {
  const RankingParams& w = params_;
  const RankRecord& record = candidate.record;
  double score = candidate.bm25;
  if (built_.tiered && candidate.all_words) score += w.tier_bonus;
  if (candidate.keys & kHoldsExactTitle) score += w.title_exact;
  if (candidate.keys & kHoldsTitleStart) score += w.title_start;
  if (candidate.keys & kHoldsPage) score += w.section_exact;
  if (candidate.keys & kHoldsDefinition) score += w.defines;
  const TitleMatch title = title_match(record);
  if (title.all) score += w.title_all;
  if (title.phrase) score += w.title_phrase;
  // Per word only where tiers rank (a short query): against a long query's BM25 sum a
  // fixed weight per title word would outweigh the body.
  if (built_.tiered && built_.word_groups > 1) score += w.title_word * double(title.words);
  if (built_.tiered && record.question) score += w.question_prior;
  if (record.language == reader_) score += w.reader_language;
  // A query that names a page asks for it, whatever its rank ("Django 1.8 release notes").
  if (!(candidate.keys & kHoldsPage)) score += w.page_rank * record.rank;
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
  std::unordered_map<std::uint64_t, std::size_t> shown_group, shown_content;
  std::vector<std::size_t> shown;
  for (const std::size_t i : order) {
    const RankRecord& record = window[i].record;
    const auto group = shown_group.find(record.group);
    const auto content = shown_content.find(record.content);
    if (record.group != 0 && (group != shown_group.end() || content != shown_content.end())) {
      const std::size_t into = group != shown_group.end() ? group->second : content->second;
      window[into].collapsed.push_back(window[i].docid);
      continue;
    }
    shown_group.emplace(record.group, i);
    shown_content.emplace(record.content, i);
    shown.push_back(i);
  }
  return shown;
}

}  // namespace prepsearch
