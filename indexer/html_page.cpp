// gumbo's tree → Documents: the content root walked in document order, each heading up to
// the depth closing the document before it and opening its own.
#include "indexer/html_page.h"

#include <cctype>
#include <memory>
#include <unordered_set>
#include <utility>

#include <gumbo.h>

#include "core/document.h"
#include "core/schema.h"
#include "core/text.h"

#include "indexer/html_fields.h"
#include "indexer/html_scan.h"
#include "indexer/slug.h"

namespace prepsearch {
namespace {

namespace stored_text = schema::stored_text;

struct FreeOutput {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

// h1-h6 → 1-6; anything else 0.
unsigned heading_level(const GumboNode* node) {
  if (!html_is_element(node)) return 0;
  switch (node->v.element.tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

bool holds_heading(const GumboNode* node) {
  if (heading_level(node) != 0) return true;
  if (!html_is_element(node)) return false;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (holds_heading(static_cast<const GumboNode*>(children.data[i]))) return true;
  }
  return false;
}

// Site chrome and what never shows as text. A header or footer inside the content that
// holds a heading (an article's title) is read.
bool is_skipped(const GumboNode* node) {
  if (html_attribute(node, "data-prepsearch-ignore")) return true;
  if (html_is_chrome_role(node)) return true;
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_HEAD: return true;
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: return !holds_heading(node);
    default: return false;
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: return true;
    default: return false;
  }
}

// A path or fragment as a URL holds it: bytes outside RFC 3986's unreserved characters and
// sub-delimiters (a space, '#', '%', '"', '<', a non-ASCII letter) percent-encoded, so that
// every id a page gives makes a safe link (is_safe_url).
std::string url_escaped(std::string_view text) {
  static constexpr std::string_view kKept = "-._~!$&'()*+,;=:@/";
  std::string out;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || kKept.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      append_hex_byte(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

class HtmlPage {
 public:
  HtmlPage(const std::string& file, std::string url, unsigned depth, const DocumentSink& sink,
           const DiagnosticSink& report)
      : file_(file), url_(std::move(url)), depth_(depth), sink_(sink), report_(report) {}

  void read(const GumboOutput& output) {
    const GumboNode* root = html_content_root(output.root);
    page_ = html_page_fields(output.root, root, file_, report_);
    page_.source = file_;
    page_id_ =
        url_.substr(url_.find_first_not_of('/') == std::string::npos ? url_.size()
                                                                     : url_.find_first_not_of('/'));
    open(page_.section, "", 1, nullptr);
    if (root) walk(root, false);
    if (anchors_.empty()) {
      report_({file_, 1,
               "no heading h1-h" + std::to_string(depth_) +
                   " in its content: the page is one "
                   "document",
               true});
    }
    close(true);
  }

 private:
  void walk(const GumboNode* node, bool in_pre) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      append(node->v.text.text, in_pre);
      return;
    }
    if (!html_is_element(node) || is_skipped(node)) return;
    const unsigned level = heading_level(node);
    if (level != 0 && level <= depth_) {
      heading(node);
      return;
    }
    element(node, in_pre || node->v.element.tag == GUMBO_TAG_PRE);
  }

  void element(const GumboNode* node, bool in_pre) {
    const GumboTag tag = node->v.element.tag;
    const bool list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    // A list inside a list is lines of its items, not a block of its own (as in Markdown).
    const bool block = (is_block(tag) && !(list && list_depth_ > 0)) || tag == GUMBO_TAG_PRE ||
                       heading_level(node) != 0;
    if (block) block_break();
    if (list) list_opened_ = true;
    if (list) ++list_depth_;
    if (tag == GUMBO_TAG_LI) list_item();
    if (tag == GUMBO_TAG_TR || tag == GUMBO_TAG_BR) new_line();
    if ((tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) && !text().empty() && text().back() != '\n')
      append(stored_text::kCellSeparator, true);
    if (const char* alt = tag == GUMBO_TAG_IMG ? html_attribute(node, "alt") : nullptr) {
      append(" ", false);
      append(alt, false);
      append(" ", false);
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
      walk(static_cast<const GumboNode*>(children.data[i]), in_pre);
    if (const char* title = html_attribute(node, "title")) {
      append(" ", false);
      append(title, false);
      append(" ", false);
    }
    if (list) --list_depth_;
    if (block) block_break();
  }

  void heading(const GumboNode* node) {
    std::string title = html_heading_text(node);
    if (title.empty()) return;  // nothing to show: not a document of its own
    close(false);
    open(std::move(title), html_anchor(node), node->v.element.start_pos.line, node);
  }

  void open(std::string title, std::string anchor, std::size_t line, const GumboNode* heading) {
    doc_ = page_;
    doc_.title = std::move(title);
    doc_.id = page_id_;
    doc_.url = url_;
    if (heading) {
      if (anchor.empty()) anchor = slugify(doc_.title);
      anchor = unique_anchor(std::move(anchor), line);
      doc_.id += "#" + anchor;
      doc_.url += "#" + url_escaped(anchor);
      html_heading_fields(heading, doc_, file_, report_);
    }
    line_ = line;
    pending_space_ = false;
  }

  // The intro (before the first heading) only if it holds text, or if the page has no other.
  void close(bool last) {
    const bool intro = doc_.id == page_id_;
    trim_end();
    if (intro && doc_.text.empty() && !(last && emitted_ == 0)) return;
    ++emitted_;
    sink_(std::move(doc_), line_);
    doc_ = Document{};
  }

  std::string unique_anchor(std::string anchor, std::size_t line) {
    if (anchors_.insert(anchor).second) return anchor;
    std::string unique;
    for (int n = 2; !anchors_.insert(unique = anchor + "-" + std::to_string(n)).second; ++n) {
    }
    report_({file_, line,
             "duplicate heading id \"" + anchor + "\": this section's is \"" + unique + "\"",
             true});
    return unique;
  }

  std::string& text() { return doc_.text; }

  // Text as a browser shows it: outside <pre> each run of white space one space.
  void append(std::string_view piece, bool in_pre) {
    std::string& body = text();
    for (const char c : piece) {
      if (body.size() > schema::kMaxStoredTextBytes) return;  // accept() cuts and warns
      if (!in_pre && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')) {
        pending_space_ = !body.empty() && body.back() != '\n' && body.back() != ' ';
        continue;
      }
      if (pending_space_) body += ' ';
      pending_space_ = false;
      body += c;
    }
  }

  void trim_end() {
    std::string& body = text();
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
    pending_space_ = false;
  }

  void block_break() {
    if (ends_with(text(), stored_text::kListItem)) return;  // an item's first block
    trim_end();
    if (!text().empty()) text() += stored_text::kBlockBreak;
  }

  void new_line() {
    pending_space_ = false;
    if (!text().empty() && text().back() != '\n') text() += "\n";
  }

  // An item on the line after the one before, even if that one ended in a block (<li><p>);
  // the list's first item where the list's block starts.
  void list_item() {
    if (!list_opened_) trim_end();
    list_opened_ = false;
    new_line();
    for (int depth = 1; depth < std::min(list_depth_, stored_text::kMaxListDepth); ++depth)
      text() += stored_text::kListIndent;
    text() += stored_text::kListItem;
  }

  const std::string& file_;
  const std::string url_;
  const unsigned depth_;
  const DocumentSink& sink_;
  const DiagnosticSink& report_;
  Document page_;  // the fields every document of the page starts from
  std::string page_id_;
  Document doc_;
  std::size_t line_ = 1;
  bool pending_space_ = false;
  int list_depth_ = 0;
  bool list_opened_ = false;  // a list has opened and its first item has not
  std::size_t emitted_ = 0;
  std::unordered_set<std::string> anchors_;
};

}  // namespace

void parse_html(std::string_view text, const std::string& file, const std::string& url,
                unsigned heading_depth, const DocumentSink& sink, const DiagnosticSink& report) {
  if (const auto problem = check_html(text)) {
    report({file, problem->line, problem->message});
    return;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not reported: keep none
  const std::unique_ptr<GumboOutput, FreeOutput> output(
      gumbo_parse_with_options(&options, text.data(), text.size()));
  if (!output) {
    report({file, 1, "the HTML parser failed on this page"});
    return;
  }
  HtmlPage(file, url_escaped(url), heading_depth, sink, report).read(*output);
}

}  // namespace prepsearch
