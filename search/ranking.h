// Ranking in two phases, as Vespa's first and second phase or Elasticsearch's rescore window:
// 1. Xapian's match with BM25Weight over the query's own terms (built in, so stock
//    xapian-tcpsrv runs it on a remote shard, and prunable: nothing but BM25 in the query)
//    gives a window of the kRankWindow best documents, plus those holding the query's key
//    terms (search/first_phase.h);
// 2. the window is ranked again by features held in memory (search/second_phase.h): the
//    words all there, title and page keys, title words, the reader's language, page rank,
//    question; then translations and identical sections collapse into one hit.
// The knobs below weigh the second phase's features; docs/ranking.md gives the order they imply.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

namespace prepsearch {

// BM25's parameters, for Xapian's BM25Weight and the first phase's own (bm25_window.h).
struct Bm25 {
  double k1 = 1.2;
  double b = 0.4;
  double min_normlen = 0.5;
};

// Every query-time ranking knob (the index-time ones, kTitleWdf, kFieldGap and
// kTitleStartWords, are persisted and live in core/schema.h). The defaults are what ships;
// `prepsearch-query --ranking name=value` tries others on training data (bench/relevance).
// docs/architecture.md lists them all.
struct RankingParams {
  // BM25's term-frequency saturation and length normalisation (b 0.4 over 0.75: better on
  // both training sets; long reference pages were penalised too hard. Figures: bench/REPORT.md).
  double k1 = 1.2;
  double b = 0.4;
  // b for a query short enough for tiers (max_tiered_words), whose order the tier and the
  // title features decide: no length normalisation. It scored as well on the training sets
  // and saves reading document lengths, which Xapian 1.4's glass backend does by decoding the
  // length list from the start of its chunk: every match with b > 0 reads the length of every
  // document up to its last match (docs/ranking.md).
  double short_b = 0;
  // Documents shorter than this share of the average length are normalised as this long.
  double min_normlen = 0.5;
  // Larger than any BM25 sum a short query can reach: a document holding every word group
  // of a short query outranks any missing one.
  double tier_bonus = 1000.0;
  // Tiers only for queries of at most this many word groups: a whole sentence (SciFact's
  // claims, 12 words on average) ranks better by BM25 alone.
  std::size_t max_tiered_words = 3;
  // Exact code terms and quoted phrases weigh this much more than plain words in BM25: a
  // document matching `N+1` outranks one matching a single plain word.
  double exact_boost = 1.25;
  // Title features (see the top of this file), on the scale of a tier: every query word in
  // the title counts as much as a matched word, the others less. Tuned on the known-item
  // training set (bench/relevance/known_items.sh train); bench/REPORT.md has the figures.
  double title_exact = 500;
  double title_start = 300;
  double title_phrase = 300;
  double title_all = 1000;
  // For a question (kind=question), the site's main content: small, it orders near-ties
  // within a tier (any value from 5 up to 50 did alike on training data). Short (tiered)
  // queries only: it never changed a long query's ranking on training data.
  double question_prior = 5;
  // A query of one word that the text defines (an API reference entry: the name, then its
  // signature; core/terms.h defined_names): the reference ranks above titles that hold the
  // word (title_start + title_all), for `select_related` the QuerySet reference before the
  // release notes that changed it. No training query is one defined name: set by that rule.
  double defines = 1500;
  // The query names a page (the documents' section, as written, whole): its sections rank
  // first ("QuerySet API reference", "Django 1.8 release notes").
  double section_exact = 500;
  // The page's title (the section field) holds every query word: a query that names a
  // page's topic ("sessions": "How to use sessions") asks for that page's sections, not for
  // a section of another page titled by the word. On the Django docs training queries; from
  // 750 up, a judged query fell out of its top k (bench/REPORT.md).
  double page_all = 500;
  double title_word = 150;  // each query word (not a stopword) in the title, short queries
  // A document in the reader's language (SearchRequest::lang) outranks every document in
  // another: larger than all the other features together.
  double reader_language = 100000;
  // Per step of page rank (the `rank` field, -3 to 3; version history -1 by default), the
  // factor a document's score is multiplied (a step up) or divided (a step down) by: release
  // notes titled by the query rank below a reference page whose title holds it, and above
  // documents that only mention it.
  double page_rank = 2;
  // 1: the first phase weighs an OR of terms itself, over one local database, as BM25Weight
  // would (search/bm25_window.h); 0: Xapian's match always (to compare the two).
  double in_memory_bm25 = 1;
  // Stopwords are searched as words too when at least this share of the query's words are
  // stopwords (1: only when every word is one).
  double stopword_share = 1.0;

  // Related documents (/api/docs/{id}/related): the query is this many of the document's
  // most telling stemmed terms (Xapian's expand set), and a document of its topic, or a
  // question, gets these bonuses on the scale of those terms' BM25 sum.
  unsigned related_terms = 20;
  double related_topic = 10;
  double related_question = 5;

  // Sets the knob `name` from "name=value"; false for an unknown name or a bad number.
  bool set(std::string_view assignment);
  // The first phase's BM25: b, or short_b for a `short_query` (tiered); as Xapian's weight.
  Bm25 bm25(bool short_query = false) const;
  Xapian::BM25Weight weight(bool short_query = false) const;
};

// `weight` for every document `what` matches, whatever else it matches: `what` unweighted,
// with a fixed weight on the right of an OP_AND_MAYBE (which stock xapian-tcpsrv can
// rebuild: FixedWeightPostingSource). Not OP_FILTER(fixed, what): there Xapian 1.4 hands
// the posting source a minimum weight that can end it early, and a hit's score then
// depended on the page size (26 of 300 training queries had another first result with
// limit=1 than with limit=10; 1 in this shape).
Xapian::Query bonus(double weight, const Xapian::Query& what);

// Sets `enquire` to rank as every search does: BM25 plus the bonuses in the query, equal
// scores by id (docids differ between one database and shards, and between rebuilds; ids
// do not, so every layout returns the same ranking).
void rank_by_relevance(Xapian::Enquire& enquire, const RankingParams& params);

// The word being typed (no space after it yet) also matches up to kMaxPrefixExpansion of
// the most frequent indexed words it begins, once it is kMinPrefixBytes long.
inline constexpr Xapian::termcount kMaxPrefixExpansion = 32;
inline constexpr std::size_t kMinPrefixBytes = 3;

// A title being typed ("what is red") is looked up among at most this many titles it starts.
inline constexpr Xapian::termcount kMaxTitleStartExpansion = 16;
// A prefix's completions are chosen among at most this many indexed terms ("s" has thousands).
inline constexpr std::size_t kMaxPrefixScan = 20000;

// What one query may cost, whatever its 1,000 bytes hold: at most this many word groups
// (words past them are not searched; SciFact's longest claim has fewer) and this many
// position checks (quoted phrases, hyphenated words; past them the words are required but
// not in order). A word repeated counts once.
inline constexpr std::size_t kMaxWordGroups = 32;
inline constexpr std::size_t kMaxPhrases = 4;
// The title phrase and all-words signals look at queries of at most this many words.
inline constexpr std::size_t kMaxTitleWords = 16;

// A synonyms.txt key spans at most this many query words ("n plus one queries").
inline constexpr std::size_t kMaxSynonymWords = 4;

// True for English function words (the, is, how, ...) that plain-word search skips unless
// the query is mostly made of them (RankingParams::stopword_share).
bool is_stopword(const std::string& folded_word);
// True for the stem of a stopword ("whi" for why): the stopwords' stems in the index.
bool is_stopword_stem(const std::string& stem);

}  // namespace prepsearch
