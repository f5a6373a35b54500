// A tag scanner, only as exact as counting depth needs: comments, doctypes and raw-text
// elements (script, style) are passed over whole, quoted attribute values may hold '>'.
#include "indexer/html_scan.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace prepsearch {
namespace {

bool is_one_of(std::string_view name, const std::string_view* begin, const std::string_view* end) {
  return std::find(begin, end, name) != end;
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return is_one_of(name, names.data(), names.data() + N);
}

constexpr std::array<std::string_view, 14> kVoid = {"area",  "base",   "br",    "col",  "embed",
                                                    "hr",    "img",    "input", "link", "meta",
                                                    "param", "source", "track", "wbr"};
// The parser closes these when a sibling opens or their parent closes.
constexpr std::array<std::string_view, 20> kOptionalEnd = {
    "p",     "li",    "dt",       "dd",      "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html",   "head",     "body"};
// Their content is text up to their end tag.
constexpr std::array<std::string_view, 9> kRawText = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};

bool ieq(std::string_view text, std::size_t at, std::string_view lower) {
  if (text.size() - at < lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != lower[i]) return false;
  }
  return true;
}

class TagScanner {
 public:
  TagScanner(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  std::optional<HtmlProblem> run() {
    while ((at_ = text_.find('<', at_)) != std::string_view::npos) {
      if (text_.compare(at_, 4, "<!--") == 0) {
        skip_past("-->", at_ + 4);
      } else if (at_ + 1 < text_.size() && (text_[at_ + 1] == '!' || text_[at_ + 1] == '?')) {
        skip_past(">", at_ + 2);
      } else if (auto problem = tag()) {
        return problem;
      }
    }
    return std::nullopt;
  }

 private:
  void skip_past(std::string_view end, std::size_t from) {
    const std::size_t found = text_.find(end, from);
    at_ = found == std::string_view::npos ? text_.size() : found + end.size();
  }

  std::size_t line() {
    lines_ += static_cast<std::size_t>(
        std::count(text_.begin() + static_cast<std::ptrdiff_t>(counted_),
                   text_.begin() + static_cast<std::ptrdiff_t>(at_), '\n'));
    counted_ = at_;
    return lines_;
  }

  // The tag at at_ (or a '<' that starts none), leaving at_ past it.
  std::optional<HtmlProblem> tag() {
    const bool closing = at_ + 1 < text_.size() && text_[at_ + 1] == '/';
    std::size_t i = at_ + 1 + (closing ? 1 : 0);
    if (i >= text_.size() || !std::isalpha(static_cast<unsigned char>(text_[i]))) {
      ++at_;
      return std::nullopt;
    }
    std::string name;
    for (; i < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[i])) ||
                                text_[i] == '-' || text_[i] == ':');
         ++i) {
      if (name.size() < 16)
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(text_[i])));
    }
    const std::size_t end = tag_end(i);
    const bool self_closed = end > 0 && text_[end - 1] == '/';
    const std::size_t tag_start = at_;
    at_ = end == text_.size() ? end : end + 1;
    if (is_one_of(name, kVoid) || is_one_of(name, kOptionalEnd)) return std::nullopt;
    if (closing) {
      if (depth_ > 0) --depth_;
      if (foreign_ > depth_) foreign_ = 0;
      return std::nullopt;
    }
    if (self_closed && foreign_ > 0) return std::nullopt;
    if (foreign_ == 0 && (name == "svg" || name == "math")) foreign_ = depth_ + 1;
    if (++depth_ > max_depth_) {
      at_ = tag_start;
      return HtmlProblem{line(), "elements nested deeper than " + std::to_string(max_depth_) +
                                     " levels: the page is not indexed"};
    }
    if (is_one_of(name, kRawText)) skip_raw_text(name);
    return std::nullopt;
  }

  // Where the tag that goes on at `from` ends: its '>', outside quoted attribute values.
  std::size_t tag_end(std::size_t from) const {
    char quote = 0;
    for (std::size_t i = from; i < text_.size(); ++i) {
      const char c = text_[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i;
      }
    }
    return text_.size();
  }

  void skip_raw_text(const std::string& name) {
    for (std::size_t i = text_.find("</", at_); i != std::string_view::npos;
         i = text_.find("</", i + 2)) {
      if (ieq(text_, i + 2, name)) {
        at_ = i;
        return;
      }
    }
    at_ = text_.size();
  }

  std::string_view text_;
  const std::size_t max_depth_;
  std::size_t at_ = 0;
  std::size_t depth_ = 0;
  std::size_t foreign_ = 0;  // the depth of the svg or math element the scan is in; 0: none
  std::size_t counted_ = 0, lines_ = 1;
};

}  // namespace

std::optional<HtmlProblem> check_html(std::string_view text, std::size_t max_depth) {
  std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  start = text.find_first_not_of(" \t\r\n\f", start);
  if (start == std::string_view::npos || text[start] != '<')
    return HtmlProblem{1, "not an HTML page: it does not start with a tag or <!DOCTYPE html>"};
  return TagScanner(text, max_depth).run();
}

}  // namespace prepsearch
