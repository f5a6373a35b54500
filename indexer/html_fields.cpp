// Reading a page's own fields and headings from gumbo's tree.
#include "indexer/html_fields.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// The fields a page or heading may set; `section`, `title` and `language` come from markup.
constexpr const char* kPageFields[] = {"topic", "kind", "level", "tags", "rank"};
constexpr const char* kHeadingFields[] = {"kind", "level", "tags", "rank"};

const GumboVector& children_of(const GumboNode* node) { return node->v.element.children; }

const GumboNode* child(const GumboNode* node, unsigned i) {
  return static_cast<const GumboNode*>(children_of(node).data[i]);
}

// The first element under `node` (itself included) that `match` accepts, in document order.
template <typename Match>
const GumboNode* find_first(const GumboNode* node, const Match& match) {
  if (!html_is_element(node)) return nullptr;
  if (match(node)) return node;
  for (unsigned i = 0; i < children_of(node).length; ++i) {
    if (const GumboNode* found = find_first(child(node, i), match)) return found;
  }
  return nullptr;
}

const GumboNode* find_tag(const GumboNode* node, GumboTag tag) {
  return find_first(node, [tag](const GumboNode* n) { return n->v.element.tag == tag; });
}

bool is_permalink(const GumboNode* node) {
  if (node->v.element.tag != GUMBO_TAG_A) return false;
  const char* href = html_attribute(node, "href");
  if (!href || href[0] != '#') return false;
  const std::string text = html_text_of(node);
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

void collect_text(const GumboNode* node, bool in_heading, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    out += node->v.text.text;  // inline elements join their text as written: <code>QuerySet</code>s
    return;
  }
  if (!html_is_element(node) || html_attribute(node, "data-prepsearch-ignore")) return;
  const GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE) return;
  if (tag == GUMBO_TAG_BR) out += ' ';
  if (in_heading && is_permalink(node)) return;
  for (unsigned i = 0; i < children_of(node).length; ++i)
    collect_text(child(node, i), in_heading, out);
}

std::string collapse_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

const schema::Field* field_named(std::string_view name) {
  for (const auto& field : schema::kFields) {
    if (name == field.name) return &field;
  }
  return nullptr;
}

void set_field(Document& doc, const char* name, std::string_view value, const std::string& file,
               std::size_t line, const DiagnosticSink& report) {
  const schema::Field* field = field_named(name);
  if (!field) return;
  if (const auto list = list_member(field->id)) {
    std::vector<std::string> items;
    std::size_t at = 0;
    while (at <= value.size()) {
      const std::size_t comma = std::min(value.find(',', at), value.size());
      std::string item = collapse_space(value.substr(at, comma - at));
      if (!item.empty()) items.push_back(std::move(item));
      at = comma + 1;
    }
    doc.*list = std::move(items);
    return;
  }
  std::string text = collapse_space(value);
  if (schema::has_role(*field, schema::kFolded)) text = fold(text);
  if (!text.empty() && !is_allowed(*field, text)) {
    report({file, line, not_allowed_message(*field, text) + ": ignored", true});
    return;
  }
  doc.*text_member(field->id) = std::move(text);
}

std::size_t line_of(const GumboNode* node) { return node->v.element.start_pos.line; }

// data-prepsearch-FIELD on `node`, for each of `fields`.
template <std::size_t N>
void set_from_data(const GumboNode* node, const char* const (&fields)[N], Document& doc,
                   const std::string& file, const DiagnosticSink& report) {
  if (!html_is_element(node)) return;
  for (const char* name : fields) {
    const std::string attribute = std::string("data-prepsearch-") + name;
    if (const char* value = html_attribute(node, attribute.c_str()))
      set_field(doc, name, value, file, line_of(node), report);
  }
}

void set_from_meta(const GumboNode* head, Document& doc, const std::string& file,
                   const DiagnosticSink& report) {
  if (!head) return;
  for (unsigned i = 0; i < children_of(head).length; ++i) {
    const GumboNode* meta = child(head, i);
    if (!html_is_element(meta) || meta->v.element.tag != GUMBO_TAG_META) continue;
    const char* name = html_attribute(meta, "name");
    const char* content = html_attribute(meta, "content");
    if (!name || !content || std::strncmp(name, "prepsearch-", 11) != 0) continue;
    for (const char* field : kPageFields) {
      if (std::strcmp(name + 11, field) == 0)
        set_field(doc, field, content, file, line_of(meta), report);
    }
  }
}

// "es-MX" → "es"; a code that is no ISO 639-1 code is a warning, and left to the run's.
std::string page_language(const GumboNode* html, const std::string& file,
                          const DiagnosticSink& report) {
  const char* lang = html_attribute(html, "lang");
  if (!lang || !*lang) return {};
  std::string code(lang, std::strcspn(lang, "-_"));
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (schema::is_language_code(code)) return code;
  report({file, line_of(html),
          "lang=\"" + std::string(lang) + "\" is no ISO 639-1 code: the run's language is used",
          true});
  return {};
}

bool is_landmark_chrome(const GumboNode* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: return true;
    default: return html_is_chrome_role(node);
  }
}

// The headings outside site chrome, in document order: the h1s to `titles`, h2-h6 to `subs`.
void headings(const GumboNode* node, std::vector<const GumboNode*>& titles,
              std::vector<const GumboNode*>& subs) {
  if (!html_is_element(node) || is_landmark_chrome(node)) return;
  const GumboTag tag = node->v.element.tag;
  if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) {
    (tag == GUMBO_TAG_H1 ? titles : subs).push_back(node);
    return;
  }
  for (unsigned i = 0; i < children_of(node).length; ++i) headings(child(node, i), titles, subs);
}

// The innermost element that holds `inner` and one of `titles` (the page's h1 over its
// subheadings), below the body; `inner` if none does.
const GumboNode* with_title(const GumboNode* inner, const GumboNode* body,
                            const std::vector<const GumboNode*>& titles) {
  std::vector<const GumboNode*> holders;
  for (const GumboNode* title : titles) {
    for (const GumboNode* at = title->parent; at && at != body; at = at->parent)
      holders.push_back(at);
  }
  for (const GumboNode* at = inner; at && at != body; at = at->parent) {
    if (std::find(holders.begin(), holders.end(), at) != holders.end()) return at;
  }
  return inner;
}

// A page that marks no content: the innermost element holding all its subheadings (a site's
// header has an <h1> of its name, rarely an <h2>), widened to the page's <h1> above them;
// the body if it has no subheading.
const GumboNode* content_by_headings(const GumboNode* body) {
  std::vector<const GumboNode*> titles, found;
  headings(body, titles, found);
  if (found.empty()) return body;
  std::vector<const GumboNode*> common;
  for (const GumboNode* at = found.front()->parent; at && at != body->parent; at = at->parent)
    common.push_back(at);
  std::reverse(common.begin(), common.end());  // body first
  for (const GumboNode* heading : found) {
    std::vector<const GumboNode*> path;
    for (const GumboNode* at = heading->parent; at && at != body->parent; at = at->parent)
      path.push_back(at);
    std::reverse(path.begin(), path.end());
    std::size_t same = 0;
    while (same < common.size() && same < path.size() && common[same] == path[same]) ++same;
    common.resize(same);
  }
  return common.empty() ? body : with_title(common.back(), body, titles);
}

}  // namespace

bool html_is_element(const GumboNode* node) {
  return node && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

bool html_is_chrome_role(const GumboNode* node) {
  const char* role = html_attribute(node, "role");
  if (!role) return false;
  for (const char* chrome : {"navigation", "banner", "contentinfo", "complementary", "search"}) {
    if (std::strcmp(role, chrome) == 0) return true;
  }
  return false;
}

const char* html_attribute(const GumboNode* node, const char* name) {
  if (!html_is_element(node)) return nullptr;
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found ? found->value : nullptr;
}

std::string html_text_of(const GumboNode* node, bool in_heading) {
  std::string text;
  collect_text(node, in_heading, text);
  return collapse_space(text);
}

const GumboNode* html_content_root(const GumboNode* document) {
  const auto marked = [](const GumboNode* n) {
    return html_attribute(n, "data-prepsearch-body") != nullptr;
  };
  const auto role_main = [](const GumboNode* n) {
    const char* role = html_attribute(n, "role");
    return role && std::strcmp(role, "main") == 0;
  };
  if (const GumboNode* found = find_first(document, marked)) return found;
  if (const GumboNode* found = find_tag(document, GUMBO_TAG_MAIN)) return found;
  if (const GumboNode* found = find_first(document, role_main)) return found;
  if (const GumboNode* found = find_tag(document, GUMBO_TAG_ARTICLE)) return found;
  const GumboNode* body = find_tag(document, GUMBO_TAG_BODY);
  return body ? content_by_headings(body) : nullptr;
}

Document html_page_fields(const GumboNode* document, const GumboNode* root, const std::string& file,
                          const DiagnosticSink& report) {
  Document page;
  page.kind = kKindSection;
  const GumboNode* html = find_tag(document, GUMBO_TAG_HTML);
  page.language = page_language(html, file, report);
  set_from_meta(find_tag(document, GUMBO_TAG_HEAD), page, file, report);
  set_from_data(html, kPageFields, page, file, report);
  const GumboNode* body = find_tag(document, GUMBO_TAG_BODY);
  set_from_data(body, kPageFields, page, file, report);
  if (root != body) set_from_data(root, kPageFields, page, file, report);
  // The <title> of a built site's page adds the site's name ("Sessions — Django docs").
  if (const GumboNode* h1 = root ? find_tag(root, GUMBO_TAG_H1) : nullptr)
    page.section = html_heading_text(h1);
  if (page.section.empty()) {
    if (const GumboNode* title = find_tag(document, GUMBO_TAG_TITLE))
      page.section = html_text_of(title);
  }
  if (page.section.empty()) page.section = std::filesystem::path(file).stem().string();
  return page;
}

void html_heading_fields(const GumboNode* heading, Document& doc, const std::string& file,
                         const DiagnosticSink& report) {
  const GumboNode* parent = heading->parent;
  if (html_is_element(parent) && parent->v.element.tag == GUMBO_TAG_SECTION)
    set_from_data(parent, kHeadingFields, doc, file, report);
  set_from_data(heading, kHeadingFields, doc, file, report);
}

std::string html_anchor(const GumboNode* heading) {
  if (const char* id = html_attribute(heading, "id"); id && *id) return id;
  const GumboNode* parent = heading->parent;
  if (!html_is_element(parent)) return {};
  std::string target;  // the last empty element with an id right before the heading
  bool first = true;   // no element before the heading
  for (unsigned i = 0; i < children_of(parent).length; ++i) {
    const GumboNode* sibling = child(parent, i);
    if (sibling == heading) break;
    if (sibling->type == GUMBO_NODE_WHITESPACE || sibling->type == GUMBO_NODE_COMMENT) continue;
    const char* id = html_attribute(sibling, "id");
    const bool empty = html_is_element(sibling) && children_of(sibling).length == 0;
    target = empty && id ? id : "";
    first = false;
  }
  if (!target.empty()) return target;
  const char* id = html_attribute(parent, "id");
  return first && id ? id : "";
}

}  // namespace prepsearch
