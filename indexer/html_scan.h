// What is checked of an HTML page before it is parsed: that it is markup at all, and that its
// elements do not nest deeper than a parser can take. Debian 12's gumbo is quadratic in
// nesting depth (10,000 nested divs: 0.6 s and 786 MB), so the depth is counted first, by a
// scan linear in the page's length.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace prepsearch {

// Deeper pages are refused: real pages nest tens of elements (libxml2 stops at 256 too).
inline constexpr std::size_t kMaxHtmlDepth = 256;

struct HtmlProblem {
  std::size_t line = 1;
  std::string message;
};

// The first reason not to parse `text` as an HTML page, or nullopt. The depth counted is at
// least what an HTML5 parser builds: every element opens a level but the void ones, those
// whose end tag may be left out (p, li, td: the parser closes them itself) and self-closed
// ones inside svg or math.
std::optional<HtmlProblem> check_html(std::string_view text, std::size_t max_depth = kMaxHtmlDepth);

}  // namespace prepsearch
