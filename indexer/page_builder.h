// The state of one Markdown page being read: md4c's callbacks (markdown_parser.cpp) feed it
// blocks and text, and its headings open and close documents (page_outline.cpp). Internal to
// those two files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <md4c.h>

#include "core/diagnostic.h"
#include "core/document.h"

#include "indexer/front_matter.h"

namespace prepsearch {

// The document being collected: the heading that opened it and the body text since.
struct OpenDocument {
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

  OpenDocument open_;    // the document receiving body text
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

}  // namespace prepsearch
