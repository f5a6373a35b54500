// Markdown parsing with md4c: headings drive a small state machine, blocks become plain text.
#include "indexer/markdown_parser.h"

#include <algorithm>
#include <vector>

#include <md4c.h>

#include "core/document.h"
#include "core/text.h"

#include "indexer/front_matter.h"
#include "indexer/page_builder.h"

namespace prepsearch {

namespace stored_text = schema::stored_text;

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

void parse_markdown(std::string_view text, const std::string& file, const DocumentSink& sink,
                    const DiagnosticSink& report) {
  auto front_matter = parse_front_matter(text, file, report);
  if (!front_matter) return;
  PageBuilder page(text, file, std::move(*front_matter), sink, report);
  page.parse();
}

}  // namespace prepsearch
