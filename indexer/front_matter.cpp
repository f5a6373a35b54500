// Front matter: a small, strict key: value block (not YAML; a typo must not pass silently).
#include "indexer/front_matter.h"

#include <algorithm>
#include <vector>

#include "core/input_error.h"
#include "core/text.h"
#include "core/text_fold.h"

#include "indexer/slug.h"

namespace prepsearch {
namespace {

std::string unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

std::vector<std::string> parse_list(std::string_view value) {
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
    value = value.substr(1, value.size() - 2);
  }
  std::vector<std::string> items;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const auto item = trim(value.substr(0, comma));
    if (!item.empty()) items.push_back(unquote(item));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return items;
}

// The keys a front matter may hold: the page's own, then the fields it gives every document.
std::string known_keys() {
  std::string keys = "title, slug, url, translates";
  for (const auto& field : schema::kFields) {
    if (schema::has_role(field, schema::kFromFrontMatter)) keys += std::string(", ") + field.name;
  }
  return keys;
}

// Stores one `key: value`; throws InputError for an unknown key.
void assign(FrontMatter& fm, std::string_view key, std::string_view value) {
  if (key == "title")
    fm.title = unquote(value);
  else if (key == "slug")
    fm.slug = unquote(value);
  else if (key == "url") {
    fm.url = unquote(value);
    if (!is_safe_url(fm.url)) {
      throw InputError("url \"" + fm.url +
                       "\" must be a path on the site (/django) or an http(s) URL");
    }
  } else if (key == "translates") {
    fm.translates = unquote(value);
    if (!is_valid_slug(fm.translates))
      throw InputError("translates \"" + fm.translates + "\" must be the slug of another page");
  } else {
    const auto field =
        std::find_if(schema::kFields.begin(), schema::kFields.end(), [&](const auto& row) {
          return schema::has_role(row, schema::kFromFrontMatter) && key == row.name;
        });
    if (field == schema::kFields.end()) {
      throw InputError("unknown front matter key \"" + std::string(key) + "\" (expected " +
                       known_keys() + ")");
    }
    if (const auto list = list_member(field->id)) {
      fm.page.*list = parse_list(value);
    } else {
      std::string text = unquote(value);
      if (schema::has_role(*field, schema::kFolded)) text = fold(text);
      if (!is_allowed(*field, text)) {
        throw InputError(not_allowed_message(*field, text));
      }
      fm.page.*text_member(field->id) = text;
    }
  }
}

// Checks the required keys once the block is read; reports against the opening line.
bool validate(const FrontMatter& fm, const std::string& file, const DiagnosticSink& report) {
  bool ok = true;
  for (const auto& [name, value] :
       {std::pair{"title", &fm.title}, std::pair{"slug", &fm.slug},
        std::pair{schema::field(schema::FieldId::kTopic).name, &fm.page.topic}}) {
    if (value->empty()) {
      report({file, 1, std::string("front matter has no \"") + name + "\""});
      ok = false;
    }
  }
  if (!fm.slug.empty() && !is_valid_slug(fm.slug)) {
    report({file, 1, "front matter slug \"" + fm.slug + "\" must be lower-case a-z, 0-9 and -"});
    ok = false;
  }
  return ok;
}

}  // namespace

std::optional<FrontMatter> parse_front_matter(std::string_view text, const std::string& file,
                                              const DiagnosticSink& report) {
  FrontMatter fm;
  fm.page.language.clear();  // left empty unless the page says: the run's --language fills it
  std::size_t pos = 0;
  std::size_t line = 0;
  bool opened = false;
  // A line's errors wait for the closing ---: without one, the page's body was read as front
  // matter, and its lines' errors would only hide the one mistake.
  std::vector<Diagnostic> line_errors;
  while (pos < text.size()) {
    const auto eol = text.find('\n', pos);
    const auto raw =
        text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line;
    const auto content = trim(raw);
    if (!opened) {
      if (content != "---") break;
      opened = true;
      continue;
    }
    if (content == "---") {
      fm.body_offset = pos;
      fm.body_line = line + 1;
      for (auto& error : line_errors) report(std::move(error));
      if (!line_errors.empty() || !validate(fm, file, report)) return std::nullopt;
      return fm;  // one cause, one report: validate() only when every line was good
    }
    if (content.empty() || content.front() == '#') continue;
    const auto colon = content.find(':');
    if (colon == std::string_view::npos) {
      line_errors.push_back({file, line, "malformed front matter line (expected key: value)"});
      continue;
    }
    try {
      assign(fm, trim(content.substr(0, colon)), trim(content.substr(colon + 1)));
    } catch (const InputError& error) {
      line_errors.push_back({file, line, error.what()});
    }
  }
  report({file, 1,
          opened ? "the front matter opened here is not closed by a --- line"
                 : "missing front matter: a Markdown page must start with a --- line"});
  return std::nullopt;
}

}  // namespace prepsearch
