// The page's outline: `#` opens the intro, `##` a section or a Q&A group, `###` a subsection
// or a question; each heading closes the document before it.
#include "core/schema.h"
#include "core/text.h"

#include "indexer/page_builder.h"
#include "indexer/slug.h"

namespace prepsearch {

// Text between the front matter (or the `#` title) and the first `##` is the page intro,
// indexed under the page's own id when it has any text.
void PageBuilder::open_intro(const std::string& title, std::size_t line) {
  Document doc;
  doc.id = fm_.slug;
  doc.title = title;
  doc.section = title;
  doc.kind = kKindSection;
  doc.url = fm_.url;
  open(std::move(doc), line);
}

void PageBuilder::open(Document doc, std::size_t line) {
  for (const auto& field : schema::kFields) {
    if (!schema::has_role(field, schema::kFromFrontMatter)) continue;
    if (const auto list = list_member(field.id))
      doc.*list = fm_.page.*list;
    else
      doc.*text_member(field.id) = fm_.page.*text_member(field.id);
  }
  doc.source = file_;
  if (!fm_.translates.empty()) doc.translates = fm_.translates + doc.id.substr(fm_.slug.size());
  open_.doc = std::move(doc);
  open_.line = line;
  open_.active = true;
}

// Splits "Basic questions {#basic level=basic}" into the title and its attributes: `#slug`
// names the heading's id part (a translated page keeps its original's ids) and `level=` makes
// a `##` heading a Q&A group. Reports a bad attribute; `level` is "invalid" after one.
PageBuilder::Attributes PageBuilder::heading_attributes(std::string& heading, unsigned depth,
                                                        std::size_t line) {
  Attributes found;
  const auto brace = heading.rfind('{');
  if (brace == std::string::npos || heading.back() != '}') return found;
  const std::string inside = heading.substr(brace + 1, heading.size() - brace - 2);
  heading.erase(brace == 0 ? 0 : heading.find_last_not_of(' ', brace - 1) + 1);
  const auto fail = [&](const std::string& message) {
    report_({file_, line, message});
    found.level = "invalid";
  };
  const std::string level_key = "level=";
  std::size_t pos = 0;
  while (pos < inside.size()) {
    const auto end = std::min(inside.find(' ', pos), inside.size());
    const std::string attribute = inside.substr(pos, end - pos);
    pos = end + 1;
    if (attribute.empty()) continue;
    if (attribute.front() == '#' && is_valid_slug(attribute.substr(1))) {
      found.slug = attribute.substr(1);
    } else if (attribute.compare(0, level_key.size(), level_key) == 0 && depth == 2) {
      found.level = attribute.substr(level_key.size());
      if (const auto& level = schema::field(schema::FieldId::kLevel);
          !is_allowed(level, found.level)) {
        fail(not_allowed_message(level, found.level));
        return found;
      }
    } else {
      fail("unknown heading attribute {" + attribute + "} (expected {#slug}" +
           (depth == 2 ? std::string(" or {level=...}") : std::string()) + ")");
      return found;
    }
  }
  return found;
}

void PageBuilder::open_section(const std::string& heading, std::size_t line) {
  close_open();
  std::string title = heading;
  const Attributes attributes = heading_attributes(title, 2, line);
  group_ok_ = attributes.level != "invalid";
  level_ = attributes.level;
  section_ = title;
  section_slug_ = attributes.slug.empty() ? slugify(title) : attributes.slug;
  Document doc;
  doc.id = fm_.slug + "/" + section_slug_;
  doc.title = title;
  doc.section = title;
  doc.kind = kKindSection;
  doc.url = fm_.url + "#" + section_slug_;
  open(std::move(doc), line);
}

// Under a Q&A group a `###` heading is a question; elsewhere it is a subsection. A question's
// id leaves out its group, so moving it between levels keeps its id.
void PageBuilder::open_subsection(const std::string& heading, std::size_t line) {
  close_open();
  if (section_.empty()) {
    report_({file_, line, "### heading \"" + heading + "\" comes before any ## section"});
    return;
  }
  std::string title = heading;
  const Attributes attributes = heading_attributes(title, 3, line);
  if (attributes.level == "invalid") return;
  const std::string slug = attributes.slug.empty() ? slugify(title) : attributes.slug;
  Document doc;
  doc.title = title;
  doc.section = section_;
  if (level_.empty()) {
    doc.id = fm_.slug + "/" + section_slug_ + "/" + slug;
    doc.kind = kKindSection;
    doc.url = fm_.url + "#" + section_slug_ + "-" + slug;
  } else {
    doc.id = fm_.slug + "/" + slug;
    doc.kind = kKindQuestion;
    doc.level = level_;
    doc.url = fm_.url + "#" + slug;
  }
  open(std::move(doc), line);
}

void PageBuilder::close_open() {
  if (!open_.active) return;
  open_.active = false;
  Document& doc = open_.doc;
  doc.text = std::string(trim(doc.text));
  doc.title = std::string(trim(doc.title));
  if (doc.kind == kKindQuestion && doc.text.empty()) {
    report_({file_, open_.line, "question \"" + doc.title + "\" has no answer"});
    return;
  }
  if (doc.id == fm_.slug && doc.text.empty()) return;  // no intro text: nothing to index
  if (doc.title.empty()) {  // found by fuzzing: "#" alone gave a document with no title
    report_({file_, open_.line, "heading with no text: a document needs a title"});
    return;
  }
  if (!group_ok_ && !level_.empty()) return;
  sink_(std::move(doc), open_.line);
}

}  // namespace prepsearch
