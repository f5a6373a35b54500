// URL-safe slugs for Markdown document ids and anchors.
#pragma once

#include <string>
#include <string_view>

namespace prepsearch {

// Lower-case ASCII letters and digits joined by single hyphens ("What is N+1?" →
// "what-is-n-1"); accents folded first. A heading with no ASCII letter or digit gets
// "h-" plus 8 hex digits of its hash, so it still has a stable, URL-safe slug.
std::string slugify(std::string_view heading);

// True if `slug` is non-empty and only lower-case ASCII letters, digits and hyphens.
bool is_valid_slug(std::string_view slug);

}  // namespace prepsearch
