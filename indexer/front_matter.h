// The front-matter block that opens every Markdown page.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace prepsearch {

struct FrontMatter {
  std::string title;     // page title: "Django"
  std::string slug;      // id and URL prefix: "django"
  std::string topic;     // lower-case technology: "django"
  std::string language;  // programming language of the technology: "python" (optional)
  std::string url;       // page URL (optional; default "/" + slug)
  std::vector<std::string> tags;
  std::size_t body_offset = 0;  // byte offset just after the closing `---` line
  std::size_t body_line = 1;    // line number of the first body line
};

// Parses the `---` … `---` block at the start of `text`: `key: value` lines with keys title,
// slug, topic, language, url and tags (`[a, b]` or `a, b`). Reports each problem to
// `report` and returns nullopt if the block is missing or malformed.
std::optional<FrontMatter> parse_front_matter(std::string_view text, const std::string& file,
                                              const DiagnosticSink& report);

}  // namespace prepsearch
