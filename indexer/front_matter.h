// The front-matter block that opens every Markdown page.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"

namespace prepsearch {

struct FrontMatter {
  std::string title;  // page title: "Django"
  std::string slug;   // id and URL prefix: "django"
  std::string url;    // page URL (optional; default "/" + slug)
  // The slug of the page this one translates (optional): each document then translates the
  // document of that page with the same id after the slug (headings give ids: {#id}).
  std::string translates;
  // The schema::kFromFrontMatter fields (topic, language, tags) that every document of the
  // page carries; the other members stay empty.
  Document page;
  std::size_t body_offset = 0;  // byte offset just after the closing `---` line
  std::size_t body_line = 1;    // line number of the first body line
};

// Parses the `---` … `---` block at the start of `text`: `key: value` lines with the keys
// title, slug, url and translates, and the schema::kFromFrontMatter fields (a list field as `[a,
// b]` or `a, b`). Reports each problem to `report` and returns nullopt if the block is missing or
// malformed; title, slug and topic are required.
std::optional<FrontMatter> parse_front_matter(std::string_view text, const std::string& file,
                                              const DiagnosticSink& report);

}  // namespace prepsearch
