// The rank record's bytes: fixed-width little-endian numbers and counted lists, so that
// reading a revision's records is a few pointer moves per document.
#include "core/rank_record.h"

#include <algorithm>

#include "core/schema.h"
#include "core/terms.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

template <typename Number>
void put(std::string& out, Number value) {
  for (std::size_t i = 0; i < sizeof(Number); ++i) {
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xFF));
  }
}

// Reads numbers and counted lists from `bytes`; ok() turns false on the first overrun.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename Number>
  Number get() {
    if (bytes_.size() - at_ < sizeof(Number) || !ok_) {
      ok_ = false;
      return 0;
    }
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < sizeof(Number); ++i) {
      value |= std::uint64_t{static_cast<unsigned char>(bytes_[at_ + i])} << (8 * i);
    }
    at_ += sizeof(Number);
    return static_cast<Number>(value);
  }
  // A counted list of 32-bit hashes, as its bytes.
  std::string_view hashes() { return bytes(std::size_t{get<std::uint8_t>()} * 4); }
  std::string_view text() { return bytes(get<std::uint8_t>()); }
  std::string_view bytes(std::size_t size) {
    if (bytes_.size() - at_ < size || !ok_) {
      ok_ = false;
      return {};
    }
    at_ += size;
    return bytes_.substr(at_ - size, size);
  }
  bool ok() const { return ok_ && at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

void put_hashes(std::string& out, const std::vector<std::uint32_t>& hashes) {
  put(out, static_cast<std::uint8_t>(hashes.size()));
  for (const auto hash : hashes) put(out, hash);
}

}  // namespace

std::uint32_t key_hash(std::string_view key) {
  const std::uint64_t hash = fnv1a64(key);
  const auto folded = static_cast<std::uint32_t>(hash ^ (hash >> 32));
  return folded == 0 ? 1 : folded;
}

bool RankRecord::operator==(const RankRecord& other) const {
  return group == other.group && content == other.content && language == other.language &&
         question == other.question && rank == other.rank && title_exact == other.title_exact &&
         title_starts == other.title_starts && title_words == other.title_words &&
         page == other.page && page_words == other.page_words;
}

bool is_version_history(const Document& doc) {
  // A question's title asks about a thing ("What are release notes?"); a section's names it.
  for (const std::string* name : {&doc.section, doc.kind == kKindQuestion ? nullptr : &doc.title}) {
    if (name == nullptr) continue;
    const std::string key = " " + title_key(tokenize(*name)) + " ";
    for (const char* words :
         {" release notes ", " changelog ", " change log ", " release history "}) {
      if (key.find(words) != std::string::npos) return true;
    }
  }
  for (const std::string* path : {&doc.id, &doc.url}) {
    const std::string lower = fold(*path);
    for (const char* segment : {"releases/", "changelog", "release-notes"}) {
      const auto at = lower.find(segment);
      if (at != std::string::npos && (at == 0 || lower[at - 1] == '/')) return true;
    }
  }
  return false;
}

std::int8_t default_page_rank(const Document& doc) { return is_version_history(doc) ? -1 : 0; }

std::int8_t page_rank(const Document& doc) {
  const auto& ranks = schema::kRanks;
  const auto found = std::find(ranks.begin(), ranks.end(), doc.rank);
  if (found == ranks.end()) return default_page_rank(doc);  // empty (the readers allow no other)
  return static_cast<std::int8_t>(std::stoi(*found));
}

// The hashes of each word of `title`, stemmed in `language`; a code term of words
// ("INSERT/UPDATE", "built-in") also by each word, right after it: a query may write them apart.
std::vector<std::uint32_t> word_hashes(const std::vector<Token>& title, const std::string& language,
                                       Analyzer& analyzer) {
  std::vector<std::uint32_t> hashes;
  for (std::size_t i = 0; i < title.size() && hashes.size() < kMaxRankTitleWords; ++i) {
    hashes.push_back(key_hash(analyzer.query_term(title[i], "", language)));
    if (title[i].exact.empty() || title[i].parts.size() < 2) continue;
    for (const auto& part : title[i].parts) {
      Token word;
      word.parts = {part};
      hashes.push_back(key_hash(analyzer.query_term(word, "", language)));
    }
  }
  if (hashes.size() > kMaxRankTitleWords) hashes.resize(kMaxRankTitleWords);
  return hashes;
}

RankRecord rank_record(const Document& doc, Analyzer& analyzer) {
  RankRecord record;
  record.group = fnv1a64(doc.translates.empty() ? doc.id : doc.translates);
  record.content = fnv1a64(doc.text, fnv1a64(doc.title));
  record.language = doc.language;
  record.question = doc.kind == kKindQuestion;
  record.rank = page_rank(doc);
  const auto title = tokenize(doc.title);
  if (!title.empty()) record.title_exact = key_hash(title_key(title));
  for (std::size_t words = 1; words <= std::min(title.size(), schema::kTitleStartWords); ++words)
    record.title_starts.push_back(key_hash(title_key(title, words)));
  record.title_words = word_hashes(title, doc.language, analyzer);
  const auto page = tokenize(doc.section);
  if (!page.empty()) record.page = key_hash(title_key(page));
  record.page_words = word_hashes(page, doc.language, analyzer);
  return record;
}

std::string encode(const RankRecord& record) {
  std::string out;
  put(out, record.group);
  put(out, record.content);
  put(out, static_cast<std::uint8_t>(record.language.size()));
  out += record.language;
  put(out, static_cast<std::uint8_t>(record.question ? 1 : 0));
  put(out, record.rank);
  put(out, record.title_exact);
  put_hashes(out, record.title_starts);
  put_hashes(out, record.title_words);
  put(out, record.page);
  put_hashes(out, record.page_words);
  return out;
}

std::optional<RankRecordView> view_rank_record(std::string_view bytes) {
  Reader in(bytes);
  RankRecordView view;
  view.group = in.get<std::uint64_t>();
  view.content = in.get<std::uint64_t>();
  view.language = in.text();
  const auto question = in.get<std::uint8_t>();
  view.question = question == 1;
  view.rank = in.get<std::int8_t>();
  view.title_exact = in.get<std::uint32_t>();
  view.title_starts = in.hashes();
  view.title_words = in.hashes();
  view.page = in.get<std::uint32_t>();
  view.page_words = in.hashes();
  if (!in.ok() || question > 1) return std::nullopt;
  return view;
}

namespace {

std::uint32_t hash_at(std::string_view hashes, std::size_t i) {
  std::uint32_t value = 0;
  for (std::size_t byte = 0; byte < 4; ++byte)
    value |= std::uint32_t{static_cast<unsigned char>(hashes[4 * i + byte])} << (8 * byte);
  return value;
}

}  // namespace

std::uint32_t RankRecordView::title_word(std::size_t i) const { return hash_at(title_words, i); }
std::uint32_t RankRecordView::page_word(std::size_t i) const { return hash_at(page_words, i); }

std::optional<RankRecord> decode_rank_record(std::string_view bytes) {
  const auto view = view_rank_record(bytes);
  if (!view) return std::nullopt;
  RankRecord record;
  record.group = view->group;
  record.content = view->content;
  record.language = std::string(view->language);
  record.question = view->question;
  record.rank = view->rank;
  record.title_exact = view->title_exact;
  for (std::size_t at = 0; at < view->title_starts.size(); at += 4)
    record.title_starts.push_back(Reader(view->title_starts.substr(at, 4)).get<std::uint32_t>());
  for (std::size_t i = 0; i < view->title_word_count(); ++i)
    record.title_words.push_back(view->title_word(i));
  record.page = view->page;
  for (std::size_t i = 0; i < view->page_word_count(); ++i)
    record.page_words.push_back(view->page_word(i));
  return record;
}

}  // namespace prepsearch
