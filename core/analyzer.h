// Text → terms, the one tokeniser shared by indexing and query parsing.
//
// Plain words become a positional term plus a stemmed "Z" term, as Xapian's TermGenerator
// does. Code-like words (N+1, C++, .NET, cache.get, select_related, Django-Q, CI/CD,
// @login_required, only()) are also indexed whole, as typed and folded, at the position of
// their first part, so a query for `N+1` can ask for exactly that term, while each part
// (n, 1; cache, get) stays findable on its own.
//
// Scripts written without spaces (Chinese, Japanese, Korean) have no word ends to find, so a
// run of their letters becomes overlapping pairs, as Lucene's CJK bigrams do: 机器学习 gives
// 机器 器学 学习, one position each, so a phrase of pairs is the phrase of letters; a lone
// letter is its own token.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/schema.h"

namespace prepsearch {

// One word or code term found in a text.
struct Token {
  std::string_view raw;            // the bytes as written, for highlighting
  std::size_t offset = 0;          // where `raw` starts in the analysed text
  std::vector<std::string> exact;  // folded whole forms of a code term; empty for a plain word
  std::vector<std::string> parts;  // folded words in order: "n+1" → {"n", "1"}; never empty
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset and length of each part
  bool cjk = false;  // a pair (or lone letter) of a CJK run: it overlaps the tokens beside it
};

// The token as one word: a code term's code name ("n+1", "cache.get"), otherwise its only
// part, folded and not stemmed.
inline const std::string& whole_word(const Token& token) {
  return token.exact.empty() ? token.parts.front() : token.exact.back();
}

// Calls `visit` for each token of `text` (valid UTF-8), in order. The Token is reused
// between calls: copy what you keep.
void analyze(std::string_view text, const std::function<void(const Token&)>& visit);

// Every token of `text`, in order (copies: for short texts such as queries).
std::vector<Token> tokenize(std::string_view text);

// Stems and remembers: indexing stems the same few thousand words millions of times.
class Stemmer {
 public:
  // `language`: an ISO 639-1 code; one Xapian cannot stem is left unstemmed.
  explicit Stemmer(const std::string& language = schema::kDefaultLanguage);
  // Returns the stem of a folded word; the reference is valid until the next call.
  const std::string& operator()(const std::string& word);

 private:
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> cache_;
};

// A Stemmer per language, each made on first use and kept (with its cache). A language
// that is no ISO 639-1 code (which the corpus readers refuse) gets the default's.
class Stemmers {
 public:
  Stemmer& operator[](const std::string& language);

 private:
  std::map<std::string, Stemmer> by_language_;
};

// The term a query token looks up: the code name of a code term ("n+1", "login_required"
// for @login_required, "only()" for only()), otherwise "Z" + prefix + stem of the word (or
// prefix + the word, if its stem is empty).
std::string query_term(const Token& token, const std::string& prefix, Stemmer& stem);

class Analyzer {
 public:
  // Adds the terms of `text` to `doc`: positional terms with `prefix` and `wdf` per
  // occurrence, and "Z" + prefix + stem for each word, stemmed in `language`. Positions
  // continue from `pos`, which is left at the last position used.
  void index_text(Xapian::Document& doc, std::string_view text, const std::string& prefix,
                  Xapian::termcount wdf, Xapian::termpos& pos,
                  const std::string& language = schema::kDefaultLanguage);

  // prepsearch::query_term() with this analyzer's stemmer for `language`.
  std::string query_term(const Token& token, const std::string& prefix = "",
                         const std::string& language = schema::kDefaultLanguage) {
    return prepsearch::query_term(token, prefix, stemmers_[language]);
  }

  // Every query term of `text`, in order (what query_term() gives for each token).
  std::vector<std::string> query_terms(std::string_view text, const std::string& prefix = "",
                                       const std::string& language = schema::kDefaultLanguage);

  // The terms of `text` combined with `op` (default: all must match). Empty text gives
  // an empty Query, which matches nothing.
  Xapian::Query build_query(std::string_view text, Xapian::Query::op op = Xapian::Query::OP_AND);

 private:
  Stemmers stemmers_;
};

}  // namespace prepsearch
