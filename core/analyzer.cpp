// The tokeniser: a single left-to-right scan over UTF-8 that keeps code terms whole.
#include "core/analyzer.h"

#include <algorithm>

#include "core/schema.h"
#include "core/text.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Scans one text. Positions are byte offsets into text_.
class Scanner {
 public:
  Scanner(std::string_view text, Token& token,
          std::vector<std::pair<std::size_t, std::size_t>>& parts)
      : text_(text), token_(token), parts_(parts) {}

  // Finds the next token at or after pos_; false at the end of the text.
  bool next();

 private:
  bool word_at(std::size_t i) const;
  bool cjk_at(std::size_t i) const;
  bool read_cjk_pair(std::size_t begin);
  void begin_token(bool cjk);
  bool joiner_at(std::size_t i) const;
  std::size_t after_code_point(std::size_t i) const;
  std::size_t word_end(std::size_t i) const;
  std::size_t connector_end(std::size_t i) const;
  bool starts_token(std::size_t i, std::size_t& core_begin) const;
  void read_token(std::size_t begin, std::size_t core_begin);
  std::size_t name_end(std::size_t i) const;
  std::size_t apostrophe_length(std::size_t i) const;
  std::size_t possessive_length(std::size_t i) const;
  void add_part(std::size_t begin, std::size_t end);
  void add_exact_forms(std::size_t begin, std::size_t core_begin, std::size_t name_end,
                       std::size_t end);

  std::string_view text_;
  Token& token_;
  std::size_t pos_ = 0;
  std::size_t cjk_pair_end_ = 0;  // where the last CJK pair ended
  std::vector<std::pair<std::size_t, std::size_t>>& parts_;
};

bool Scanner::word_at(std::size_t i) const {
  if (i >= text_.size()) return false;
  const auto c = static_cast<unsigned char>(text_[i]);
  if (c < 0x80) return is_ascii_alnum(c);
  const char32_t code_point = next_code_point(text_, i);
  return is_word_code_point(code_point) && !is_cjk_code_point(code_point);
}

bool Scanner::cjk_at(std::size_t i) const {
  if (i >= text_.size() || static_cast<unsigned char>(text_[i]) < 0x80) return false;
  return is_cjk_code_point(next_code_point(text_, i));
}

// Reads the pair of CJK letters starting at `begin`, or the letter alone if it is a run of
// one; the next token starts at the pair's second letter. False if there is no token here:
// the last letter of a longer run is already in the pair before it.
bool Scanner::read_cjk_pair(std::size_t begin) {
  const std::size_t second = after_code_point(begin);
  const bool pair = cjk_at(second);
  pos_ = second;
  if (!pair && begin < cjk_pair_end_) return false;
  const std::size_t end = pair ? after_code_point(second) : second;
  begin_token(true);
  add_part(begin, end);
  token_.raw = text_.substr(begin, end - begin);
  token_.offset = begin;
  cjk_pair_end_ = end;
  return !token_.parts.empty();
}

bool Scanner::joiner_at(std::size_t i) const {
  if (i >= text_.size() || static_cast<unsigned char>(text_[i]) < 0x80) return false;
  return is_invisible_joiner(next_code_point(text_, i));
}

std::size_t Scanner::after_code_point(std::size_t i) const {
  next_code_point(text_, i);
  return i;
}

// End of a run of word characters starting at i. An apostrophe between letters stays in
// the word (don't), except a possessive 's, which ends it (Django's → django).
std::size_t Scanner::word_end(std::size_t i) const {
  while (true) {
    // A soft hyphen or a zero-width joiner between word characters is inside the word (folding
    // then drops it): "inter\u00ADnational" is one word, not "inter" and "national".
    while (word_at(i) || (joiner_at(i) && word_at(after_code_point(i)))) i = after_code_point(i);
    const std::size_t quote = apostrophe_length(i);
    if (quote == 0 || !word_at(i + quote) || possessive_length(i) != 0) return i;
    i += quote;
  }
}

// 1 for ', 3 for ’ (its UTF-8 bytes) at i, otherwise 0.
std::size_t Scanner::apostrophe_length(std::size_t i) const {
  if (text_.substr(i, 1) == "'") return 1;
  return text_.substr(i, 3) == "\u2019" ? 3 : 0;
}

// If a connector (_ . - / + ::) joining two words starts at i, returns where the next
// word starts; otherwise returns i.
std::size_t Scanner::connector_end(std::size_t i) const {
  if (i >= text_.size()) return i;
  std::size_t j = i;
  switch (text_[i]) {
    case '_':
      while (j < text_.size() && text_[j] == '_') ++j;
      break;
    case '.':
    case '-':
    case '/':
    case '+': j = i + 1; break;
    case ':':
      if (text_.substr(i, 2) == "::") j = i + 2;
      break;
    default: return i;
  }
  return word_at(j) ? j : i;
}

// A token starts at a word character, or at a `.`, `@` or `_` run directly before one
// (.NET, @login_required, __init__) when no word character precedes it.
bool Scanner::starts_token(std::size_t i, std::size_t& core_begin) const {
  core_begin = i;
  if (word_at(i)) return true;
  const char c = text_[i];
  if (c != '.' && c != '@' && c != '_') return false;
  if (i > 0 && (is_ascii_alnum(static_cast<unsigned char>(text_[i - 1])) || text_[i - 1] == '_'))
    return false;
  std::size_t j = i + 1;
  if (c == '_') {
    while (j < text_.size() && text_[j] == '_') ++j;
  }
  if (!word_at(j)) return false;
  core_begin = c == '@' ? j : i;  // `@` decorates; a leading dot or underscore is identity
  return true;
}

// Trailing + / ++ / # belong to the name (C++, C#): returns where the name ends.
std::size_t Scanner::name_end(std::size_t i) const {
  std::size_t j = i;
  if (j < text_.size() && text_[j] == '#') {
    ++j;
  } else {
    while (j < text_.size() && j < i + 2 && text_[j] == '+') ++j;
  }
  const bool more = j < text_.size() && (text_[j] == '+' || text_[j] == '#');
  return j > i && !word_at(j) && !more ? j : i;
}

void Scanner::add_part(std::size_t begin, std::size_t end) {
  if (end - begin > schema::kMaxTermBytes) return;
  std::string& part = token_.parts.emplace_back();
  const std::string_view raw = text_.substr(begin, end - begin);
  if (raw.find("\u2019") == std::string_view::npos) {
    fold_into(raw, part);
  } else {
    std::string plain(raw);  // one spelling for the apostrophe: don’t and don't are one word
    for (std::size_t q; (q = plain.find("\u2019")) != std::string::npos;) plain.replace(q, 3, "'");
    fold_into(plain, part);
  }
  if (part.empty()) {
    token_.parts.pop_back();  // e.g. only default-ignorable code points
    return;
  }
  token_.spans.emplace_back(begin, end - begin);
}

// A decorated token (@login_required, only()) is indexed as written; a code name (n+1,
// c++, .net, cache.get) is indexed without the decoration too.
void Scanner::add_exact_forms(std::size_t begin, std::size_t core_begin, std::size_t name_end,
                              std::size_t end) {
  if (end - begin > schema::kMaxTermBytes) return;
  const bool decorated = core_begin != begin || end != name_end;
  const bool code_name =
      parts_.size() > 1 || core_begin != parts_.front().first || name_end != parts_.back().second;
  const auto add = [this](std::string_view form) {
    std::string& folded = token_.exact.emplace_back();
    fold_into(form, folded);
    if (folded.empty()) token_.exact.pop_back();  // folding can erase ignorable code points
  };
  if (decorated) add(text_.substr(begin, end - begin));
  if (code_name) add(text_.substr(core_begin, name_end - core_begin));
}

// The token is reused from one to the next (its vectors keep their memory): empty it.
void Scanner::begin_token(bool cjk) {
  token_.exact.clear();
  token_.parts.clear();
  token_.spans.clear();
  token_.cjk = cjk;
}

void Scanner::read_token(std::size_t begin, std::size_t core_begin) {
  begin_token(false);
  parts_.clear();
  std::size_t i = core_begin;
  while (!word_at(i)) ++i;  // skip a leading `.` or `_` run: identity, not a part
  while (true) {
    const std::size_t end = word_end(i);
    parts_.emplace_back(i, end);
    const std::size_t next = connector_end(end);
    if (next == end) break;
    i = next;
  }
  std::size_t core_end = parts_.back().second;
  while (core_end < text_.size() && text_[core_end] == '_') ++core_end;  // __init__
  const std::size_t name = name_end(core_end);
  const std::size_t end = text_.substr(name, 2) == "()" ? name + 2 : name;
  for (const auto& [b, e] : parts_) add_part(b, e);
  add_exact_forms(begin, core_begin, name, end);
  token_.raw = text_.substr(begin, end - begin);
  token_.offset = begin;
  pos_ = end + possessive_length(end);
}

// The length of a possessive 's (or ’s) at i, which word_end() left out of the word.
std::size_t Scanner::possessive_length(std::size_t i) const {
  const std::size_t quote = apostrophe_length(i);
  if (quote == 0 || i + quote >= text_.size()) return 0;
  const char s = text_[i + quote];
  return (s == 's' || s == 'S') && !word_at(i + quote + 1) ? quote + 1 : 0;
}

bool Scanner::next() {
  while (pos_ < text_.size()) {
    if (cjk_at(pos_)) {
      if (read_cjk_pair(pos_)) return true;
      continue;
    }
    std::size_t core_begin = 0;
    if (starts_token(pos_, core_begin)) {
      read_token(pos_, core_begin);
      if (!token_.parts.empty()) return true;
      continue;
    }
    pos_ = static_cast<unsigned char>(text_[pos_]) < 0x80 ? pos_ + 1 : after_code_point(pos_);
  }
  return false;
}

// The token and the parts' spans, kept per thread from one call to the next: the snippet
// maker analyses one short run of text at a time, and a fresh token's vectors were most of
// a call's work. A visitor that analyses again gets its own.
struct AnalyzeScratch {
  Token token;
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  bool in_use = false;
};

}  // namespace

void analyze(std::string_view text, const std::function<void(const Token&)>& visit) {
  thread_local AnalyzeScratch shared;
  AnalyzeScratch own;
  AnalyzeScratch& scratch = shared.in_use ? own : shared;
  scratch.in_use = true;
  struct Release {
    AnalyzeScratch& scratch;
    ~Release() { scratch.in_use = false; }
  } release{scratch};
  Scanner scanner(text, scratch.token, scratch.parts);
  while (scanner.next()) visit(scratch.token);
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  analyze(text, [&](const Token& token) { tokens.push_back(token); });
  return tokens;
}

}  // namespace prepsearch

namespace prepsearch {

Stemmer::Stemmer(const std::string& language) : stem_(schema::stemmer_name(language)) {}

Stemmer& Stemmers::operator[](const std::string& language) {
  const auto found = by_language_.find(language);
  if (found != by_language_.end()) return found->second;
  // Not a language code at all (the readers refuse those): the default's.
  if (!schema::is_language_code(language)) return (*this)[schema::kDefaultLanguage];
  return by_language_.emplace(language, Stemmer(language)).first->second;
}

const std::string& Stemmer::operator()(const std::string& word) {
  // Bounded: a corpus of random identifiers must not grow the cache without limit.
  constexpr std::size_t kMaxCached = 1 << 18;
  if (const auto found = cache_.find(word); found != cache_.end()) return found->second;
  if (cache_.size() >= kMaxCached) cache_.clear();
  return cache_.emplace(word, stem_(word)).first->second;
}

void Analyzer::index_text(Xapian::Document& doc, std::string_view text, const std::string& prefix,
                          Xapian::termcount wdf, Xapian::termpos& pos,
                          const std::string& language) {
  Stemmer& stem = stemmers_[language];
  const std::string stem_prefix = schema::prefix::kStem + prefix;
  std::string term;
  analyze(text, [&](const Token& token) {
    const Xapian::termpos first = pos + 1;
    for (const auto& form : token.exact) doc.add_posting(prefix + form, first, wdf);
    for (const auto& part : token.parts) {
      doc.add_posting(prefix + part, ++pos, wdf);
      const std::string& stemmed = stem(part);
      if (!stemmed.empty()) doc.add_term(term.assign(stem_prefix).append(stemmed), wdf);
    }
  });
}

std::string query_term(const Token& token, const std::string& prefix, Stemmer& stem) {
  if (!token.exact.empty()) return prefix + token.exact.back();
  const std::string& word = token.parts.front();
  const std::string& stemmed = stem(word);
  // A word the stemmer reduces to nothing ("''s") has no stemmed term: index_text() writes
  // only its positional one, so that is the one to look up.
  if (stemmed.empty()) return prefix + word;
  return schema::prefix::kStem + prefix + stemmed;
}

std::vector<std::string> Analyzer::query_terms(std::string_view text, const std::string& prefix,
                                               const std::string& language) {
  std::vector<std::string> terms;
  analyze(text, [&](const Token& token) { terms.push_back(query_term(token, prefix, language)); });
  return terms;
}

Xapian::Query Analyzer::build_query(std::string_view text, Xapian::Query::op op) {
  const auto terms = query_terms(text);
  return Xapian::Query(op, terms.begin(), terms.end());
}

}  // namespace prepsearch
