// Slugs: heading text → stable, URL-safe id parts.
#include "indexer/slug.h"

#include "core/document.h"
#include "core/text_fold.h"

namespace prepsearch {

std::string slugify(std::string_view heading) {
  const std::string folded = fold(heading);
  std::string slug;
  bool gap = false;
  for (const char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (gap && !slug.empty()) slug.push_back('-');
      slug.push_back(c);
      gap = false;
    } else {
      gap = true;
    }
  }
  if (slug.empty()) slug = "h-" + content_hash(heading).substr(0, 8);
  return slug;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty()) return false;
  for (const char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace prepsearch
