// Markdown parsing with md4c: headings drive a small state machine, blocks become plain text.
#include "indexer/markdown_parser.h"

#include <algorithm>
#include <vector>

#include <md4c.h>

#include "core/document.h"
#include "core/text.h"

#include "indexer/front_matter.h"
#include "indexer/slug.h"

namespace prepsearch {
namespace {

namespace stored_text = schema::stored_text;

// The document being collected: the heading that opened it and the body text since.
struct Open {
  Document doc;
  std::size_t line = 0;
  bool active = false;
};

class PageBuilder {
 public:
  PageBuilder(std::string_view text, const std::string& file, FrontMatter fm,
              const DocumentSink& sink, const DiagnosticSink& report);
  void parse();

 private:
  static int on_enter_block(MD_BLOCKTYPE type, void* detail, void* self);
  static int on_leave_block(MD_BLOCKTYPE type, void* detail, void* self);
  static int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self);

  std::size_t line_of(const char* p) const;
  std::size_t empty_heading_line(unsigned level) const;
  void start_block(MD_BLOCKTYPE type);
  void finish_heading();
  void open_intro(const std::string& title, std::size_t line);
  void open(Document doc, std::size_t line);
  void open_section(const std::string& heading, std::size_t line);
  void open_subsection(const std::string& heading, std::size_t line);
  void close_open();
  struct Attributes {
    std::string slug;   // from {#slug}; empty: the heading's own slug
    std::string level;  // from {level=...} on a `##` heading
  };
  Attributes heading_attributes(std::string& heading, unsigned depth, std::size_t line);
  void append_text(std::string_view text);
  void report_deep_list(std::size_t line);

  std::string_view text_;
  const std::string& file_;
  FrontMatter fm_;
  const DocumentSink& sink_;
  const DiagnosticSink& report_;
  std::vector<std::size_t> line_starts_;

  Open open_;            // the document receiving body text
  std::string section_;  // current `##` heading, without its attribute
  std::string section_slug_;
  std::string level_;           // set while inside a Q&A group
  bool group_ok_ = true;        // false inside a group whose level is unknown: skip its items
  unsigned heading_level_ = 0;  // non-zero while inside a heading
  std::string heading_;
  std::size_t heading_line_ = 0;
  std::size_t last_line_ = 1;
  int list_depth_ = 0;
  enum class DeepList { kNone, kPending, kReported } deep_list_ = DeepList::kNone;  // one a page
};

PageBuilder::PageBuilder(std::string_view text, const std::string& file, FrontMatter fm,
                         const DocumentSink& sink, const DiagnosticSink& report)
    : text_(text), file_(file), fm_(std::move(fm)), sink_(sink), report_(report) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
  if (fm_.url.empty()) fm_.url = "/" + fm_.slug;
  open_intro(fm_.title, fm_.body_line);
}

void PageBuilder::parse() {
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML;
  parser.enter_block = &on_enter_block;
  parser.leave_block = &on_leave_block;
  parser.enter_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.leave_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.text = &on_text;
  const std::string_view body = text_.substr(fm_.body_offset);
  md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, this);
  close_open();
}

// md4c hands out pointers into our buffer for ordinary text, which gives us line numbers.
std::size_t PageBuilder::line_of(const char* p) const {
  if (p < text_.data() || p >= text_.data() + text_.size()) return last_line_;
  const auto offset = static_cast<std::size_t>(p - text_.data());
  return static_cast<std::size_t>(
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin());
}

// A heading with no text has no text callback to give its line: the first line from the
// last text seen (after the front matter) that is only `level` #s.
std::size_t PageBuilder::empty_heading_line(unsigned level) const {
  const std::size_t body_line = line_of(text_.data() + fm_.body_offset);
  for (std::size_t line = std::max(last_line_, body_line); line <= line_starts_.size(); ++line) {
    const std::size_t begin = line_starts_[line - 1];
    const std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
    const std::string_view content = trim(text_.substr(begin, end - begin));
    if (content.size() == level && content.find_first_not_of('#') == std::string_view::npos) {
      return line;
    }
  }
  return last_line_;
}

int PageBuilder::on_enter_block(MD_BLOCKTYPE type, void* detail, void* self) {
  auto& page = *static_cast<PageBuilder*>(self);
  if (type == MD_BLOCK_H) {
    page.heading_level_ = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
    page.heading_.clear();
    page.heading_line_ = 0;
  } else {
    page.start_block(type);
  }
  return 0;
}

int PageBuilder::on_leave_block(MD_BLOCKTYPE type, void*, void* self) {
  auto& page = *static_cast<PageBuilder*>(self);
  if (type == MD_BLOCK_H) page.finish_heading();
  if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) --page.list_depth_;
  return 0;
}

int PageBuilder::on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
  auto& page = *static_cast<PageBuilder*>(self);
  const std::size_t line = page.line_of(text);
  page.last_line_ = line;
  if (page.deep_list_ == DeepList::kPending) page.report_deep_list(line);
  std::string_view chunk(text, size);
  if (type == MD_TEXT_SOFTBR) chunk = " ";
  if (type == MD_TEXT_BR) chunk = "\n";
  if (type == MD_TEXT_NULLCHAR) chunk = "\xEF\xBF\xBD";
  if (page.heading_level_ != 0) {
    if (page.heading_line_ == 0) page.heading_line_ = line;
    if (page.heading_.size() <= schema::kMaxStoredTextBytes) page.heading_ += chunk;
  } else {
    page.append_text(chunk);
  }
  return 0;
}

// The stored-text shape (schema::stored_text): blocks apart by a blank line, a line per
// list item and per table row.
void PageBuilder::start_block(MD_BLOCKTYPE type) {
  std::string& body = open_.doc.text;
  const auto separate = [&body] {
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
    if (!body.empty()) body += stored_text::kBlockBreak;
  };
  const bool item_start = ends_with(body, stored_text::kListItem);
  switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (list_depth_++ == 0) separate();
      break;
    case MD_BLOCK_LI:
      if (!body.empty() && body.back() != '\n') body += "\n";
      // Indented to kMaxListDepth at most: each item's indent is bounded, so a page of deeply
      // nested lists costs what its length does.
      for (int depth = 1; depth < std::min(list_depth_, stored_text::kMaxListDepth); ++depth)
        body += stored_text::kListIndent;
      body += stored_text::kListItem;
      // Said at the item's first text, whose line md4c gives (blocks come without one).
      if (list_depth_ > stored_text::kMaxListDepth && deep_list_ == DeepList::kNone) {
        deep_list_ = DeepList::kPending;
      }
      break;
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_QUOTE:
      if (!item_start) separate();
      break;
    case MD_BLOCK_TR:
      if (!body.empty() && body.back() != '\n') body += "\n";
      break;
    case MD_BLOCK_TD:
    case MD_BLOCK_TH:
      if (!body.empty() && body.back() != '\n') body += stored_text::kCellSeparator;
      break;
    default: break;
  }
}

// Past the stored-text cap nothing more is kept (the reader cuts to the cap and says so):
// a paragraph of any size costs no more memory than the cap.
void PageBuilder::report_deep_list(std::size_t line) {
  deep_list_ = DeepList::kReported;
  report_({file_, line,
           "lists nested deeper than " + std::to_string(stored_text::kMaxListDepth) +
               " levels: their deeper items are stored at level " +
               std::to_string(stored_text::kMaxListDepth),
           true});
}

void PageBuilder::append_text(std::string_view text) {
  std::string& body = open_.doc.text;
  if (body.size() > schema::kMaxStoredTextBytes) return;
  body.append(text.substr(0, schema::kMaxStoredTextBytes + 1 - body.size()));
}

void PageBuilder::finish_heading() {
  const unsigned level = heading_level_;
  heading_level_ = 0;
  if (heading_line_ == 0) heading_line_ = empty_heading_line(level);
  if (level == 1) {
    close_open();
    open_intro(heading_, heading_line_);
  } else if (level == 2) {
    open_section(heading_, heading_line_);
  } else if (level == 3) {
    open_subsection(heading_, heading_line_);
  } else {
    append_text(open_.doc.text.empty() ? heading_ : stored_text::kBlockBreak + heading_);
  }
}

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

}  // namespace

void parse_markdown(std::string_view text, const std::string& file, const DocumentSink& sink,
                    const DiagnosticSink& report) {
  auto front_matter = parse_front_matter(text, file, report);
  if (!front_matter) return;
  PageBuilder page(text, file, std::move(*front_matter), sink, report);
  page.parse();
}

}  // namespace prepsearch
