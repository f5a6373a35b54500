// A single left-to-right pass over the query text; see query_parser.h for the syntax.
#include "search/query_parser.h"

#include <algorithm>

#include "core/schema.h"
#include "core/text.h"

namespace prepsearch {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class QueryScanner {
 public:
  QueryScanner(std::string_view text, bool operators) : text_(text), operators_(operators) {}
  // The clauses; sets dangling() if an operator lacked an operand.
  std::vector<Clause> scan();
  bool dangling() const { return dangling_; }

 private:
  void skip_spaces() {
    while (i_ < text_.size() && is_ascii_space(text_[i_])) ++i_;
  }
  bool at_end() const { return i_ >= text_.size(); }
  Clause::Sign read_sign();
  std::string read_field();
  std::string_view read_chunk();
  void add(Clause clause);
  bool read_operator(std::string_view chunk);

  std::string_view text_;
  bool operators_;
  bool dangling_ = false;
  std::size_t i_ = 0;
  std::vector<Clause> clauses_;
  bool pending_or_ = false;
  bool pending_not_ = false;
  bool pending_and_ = false;
};

// A leading - or + directly before a word is an operator; on its own it is nothing.
Clause::Sign QueryScanner::read_sign() {
  if (i_ + 1 >= text_.size() || is_ascii_space(text_[i_ + 1])) return Clause::Sign::kOptional;
  if (text_[i_] == '-') return ++i_, Clause::Sign::kExcluded;
  if (text_[i_] == '+') return ++i_, Clause::Sign::kRequired;
  return Clause::Sign::kOptional;
}

// `name:` for a known field, followed by a value (not a space, not a second colon).
std::string QueryScanner::read_field() {
  const auto colon = text_.find(':', i_);
  if (colon == std::string_view::npos || colon == i_ || colon + 1 >= text_.size()) return "";
  const char next = text_[colon + 1];
  if (is_ascii_space(next) || next == ':') return "";
  std::string name = lower_ascii(text_.substr(i_, colon - i_));
  const auto& fields = query_fields();
  if (std::find(fields.begin(), fields.end(), name) == fields.end()) return "";
  i_ = colon + 1;
  return name;
}

std::string_view QueryScanner::read_chunk() {
  const std::size_t begin = i_;
  while (i_ < text_.size() && !is_ascii_space(text_[i_])) ++i_;
  return text_.substr(begin, i_ - begin);
}

void QueryScanner::add(Clause clause) {
  if (pending_not_) clause.sign = Clause::Sign::kExcluded;
  clause.or_previous = pending_or_ && !clauses_.empty();
  pending_or_ = pending_not_ = pending_and_ = false;
  clauses_.push_back(std::move(clause));
}

// AND, OR and NOT in capitals are operators. One without its operands (`AND OR`, a
// trailing `OR`) marks the query as dangling, and it is read again as words.
bool QueryScanner::read_operator(std::string_view chunk) {
  if (!operators_ || (chunk != "AND" && chunk != "OR" && chunk != "NOT")) return false;
  const bool after_operand = !clauses_.empty() && !pending_or_ && !pending_not_;
  if (chunk == "NOT") {
    dangling_ = dangling_ || pending_not_;
    pending_not_ = true;
  } else {
    dangling_ = dangling_ || !after_operand;
    pending_or_ = pending_or_ || chunk == "OR";
    pending_not_ = pending_not_ && chunk != "OR";
  }
  if (chunk == "AND") pending_and_ = true;
  return true;
}

std::vector<Clause> QueryScanner::scan() {
  for (skip_spaces(); !at_end(); skip_spaces()) {
    Clause clause;
    clause.sign = read_sign();
    clause.field = read_field();
    const std::size_t quote_end =
        text_[i_] == '"' ? text_.find('"', i_ + 1) : std::string_view::npos;
    if (quote_end != std::string_view::npos) {
      clause.phrase = true;
      clause.text = text_.substr(i_ + 1, quote_end - i_ - 1);
      i_ = quote_end + 1;
      add(std::move(clause));
      continue;
    }
    if (text_[i_] == '"') ++i_;  // an unbalanced quote: the rest is plain words
    const std::string_view chunk = read_chunk();
    const bool bare = clause.sign == Clause::Sign::kOptional && clause.field.empty();
    if ((bare && read_operator(chunk)) || chunk.empty()) continue;
    clause.text = chunk;
    add(std::move(clause));
  }
  dangling_ = dangling_ || pending_or_ || pending_not_ || pending_and_;
  // The last word is still being typed unless a space or closing quote follows it.
  if (!clauses_.empty() && !text_.empty() && !is_ascii_space(text_.back())) {
    Clause& last = clauses_.back();
    last.prefix = !last.phrase && last.sign != Clause::Sign::kExcluded &&
                  (last.field.empty() || last.field == schema::kTitleField);
  }
  return clauses_;
}

}  // namespace

const std::vector<std::string>& query_fields() {
  static const std::vector<std::string> kFields = [] {
    std::vector<std::string> fields{schema::kTitleField};
    const auto& filters = schema::filter_params();
    fields.insert(fields.end(), filters.begin(), filters.end());
    return fields;
  }();
  return kFields;
}

std::vector<Clause> parse_query(std::string_view text) {
  QueryScanner with_operators(text, true);
  auto clauses = with_operators.scan();
  if (!with_operators.dangling()) return clauses;
  return QueryScanner(text, false).scan();
}

}  // namespace prepsearch
