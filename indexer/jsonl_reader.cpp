// JSONL reading: a chunked line splitter with a length cap, and record validation.
#include "indexer/jsonl_reader.h"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/input_error.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// A string field: absent or null is "", anything but a string is an error (a kInteger
// field may be an integer).
std::string read_string(const nlohmann::json& value, const schema::Field& field) {
  if (value.is_null()) return {};
  if (value.is_number_integer() && schema::has_role(field, schema::kInteger)) return value.dump();
  if (!value.is_string())
    throw InputError(std::string("field \"") + field.name + "\" must be a string");
  return value.get<std::string>();
}

// A list field: absent or null is empty, otherwise an array of strings.
std::vector<std::string> read_list(const nlohmann::json& value, const schema::Field& field) {
  const auto error = [&] {
    return InputError(std::string("field \"") + field.name + "\" must be an array of strings");
  };
  if (value.is_null()) return {};
  if (!value.is_array()) throw error();
  std::vector<std::string> items;
  for (const auto& item : value) {
    if (!item.is_string()) throw error();
    items.push_back(item.get<std::string>());
  }
  return items;
}

void read_field(const nlohmann::json& record, const schema::Field& field, Document& doc) {
  const auto found = record.find(field.name);
  const nlohmann::json& value = found == record.end() ? nlohmann::json() : *found;
  if (const auto list = list_member(field.id)) {
    doc.*list = read_list(value, field);
    return;
  }
  std::string& text = doc.*text_member(field.id);
  text = read_string(value, field);
  if (schema::has_role(field, schema::kFolded)) text = fold(text);
  if (!text.empty() && !is_allowed(field, text)) {
    throw InputError(not_allowed_message(field, text));
  }
}

}  // namespace

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

Document parse_jsonl_record(std::string_view line, const std::string& file) {
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (record.is_discarded()) throw InputError("invalid JSON");
  if (!record.is_object()) throw InputError("a JSONL record must be a JSON object");
  Document doc;
  doc.language.clear();  // left empty unless the record says: the run's --language fills it
  for (const auto& field : schema::kFields) {
    if (schema::has_role(field, schema::kFromJsonl)) read_field(record, field, doc);
  }
  // A kind left out follows the level: a record with a level is a question.
  if (doc.kind.empty()) doc.kind = doc.level.empty() ? kKindSection : kKindQuestion;
  if (doc.id.empty()) throw InputError("record has no \"id\"");
  if (doc.title.empty() && doc.text.empty())
    throw InputError("record has neither \"title\" nor \"text\"");
  if (!is_safe_url(doc.url)) {
    throw InputError("url \"" + doc.url +
                     "\" must be a path on the site (/django#scalability) or an http(s) URL");
  }
  if (doc.source.empty()) doc.source = file;
  return doc;
}

void read_jsonl(std::istream& in, const std::string& file, const DocumentSink& sink,
                const DiagnosticSink& report, const std::function<void(std::size_t)>& progress) {
  constexpr std::size_t kChunk = 1 << 20;
  std::vector<char> chunk(kChunk);
  std::string line;
  bool too_long = false;
  std::size_t line_no = 1;
  std::size_t consumed = 0;
  const auto finish_line = [&] {
    if (too_long) {
      report({file, line_no,
              "line is over the " + std::to_string(kMaxJsonlLineBytes >> 20) +
                  " MiB limit for a JSONL record"});
    } else if (!is_blank_line(line)) {
      try {
        if (const auto bad = find_invalid_utf8(line)) {
          throw InputError("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line");
        }
        sink(parse_jsonl_record(line, file), line_no);
      } catch (const InputError& error) {
        report({file, line_no, error.what()});
      }
    }
    line.clear();
    too_long = false;
    ++line_no;
  };
  while (in.read(chunk.data(), kChunk) || in.gcount() > 0) {
    std::string_view data(chunk.data(), static_cast<std::size_t>(in.gcount()));
    consumed += data.size();
    for (std::size_t nl; (nl = data.find('\n')) != std::string_view::npos;) {
      if (!too_long) line.append(data.substr(0, nl));
      too_long = too_long || line.size() > kMaxJsonlLineBytes;
      finish_line();
      data.remove_prefix(nl + 1);
    }
    if (!too_long) line.append(data);
    if (line.size() > kMaxJsonlLineBytes) {
      too_long = true;
      line.clear();
      line.shrink_to_fit();
    }
    if (progress) progress(consumed);
  }
  if (!line.empty() || too_long) finish_line();
}

}  // namespace prepsearch
