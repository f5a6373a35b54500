// JSONL reading: a chunked line splitter with a length cap, and record validation.
#include "indexer/jsonl_reader.h"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/text_fold.h"

namespace prepsearch {
namespace {

// Reads a string field: absent or null is "", anything but a string is an error.
bool read_string(const nlohmann::json& record, const char* key, std::string& out,
                 std::string& error) {
  const auto found = record.find(key);
  if (found == record.end() || found->is_null()) return true;
  if (!found->is_string()) {
    error = std::string("field \"") + key + "\" must be a string";
    return false;
  }
  out = found->get<std::string>();
  return true;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

std::string parse_jsonl_record(std::string_view line, const std::string& file, Document& doc) {
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (record.is_discarded()) return "invalid JSON";
  if (!record.is_object()) return "a JSONL record must be a JSON object";
  doc = Document{};
  std::string error;
  std::string source;
  for (const auto& [key, field] :
       {std::pair{"id", &doc.id}, std::pair{"title", &doc.title}, std::pair{"text", &doc.text},
        std::pair{"topic", &doc.topic}, std::pair{"section", &doc.section},
        std::pair{"kind", &doc.kind}, std::pair{"level", &doc.level}, std::pair{"url", &doc.url},
        std::pair{"source", &source}}) {
    if (!read_string(record, key, *field, error)) return error;
  }
  if (doc.id.empty()) return "record has no \"id\"";
  if (doc.title.empty() && doc.text.empty()) return "record has neither \"title\" nor \"text\"";
  if (!doc.level.empty() && !is_known_level(doc.level)) {
    return "unknown level \"" + doc.level + "\" (expected basic, technical, advanced or mistake)";
  }
  if (doc.kind.empty()) doc.kind = doc.level.empty() ? kKindSection : kKindQuestion;
  if (doc.kind != kKindSection && doc.kind != kKindQuestion) {
    return "unknown kind \"" + doc.kind + "\" (expected section or question)";
  }
  doc.topic = fold(doc.topic);
  doc.source = source.empty() ? file : source;
  return {};
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
      report({file, line_no, "line is over the 16 MiB limit for a JSONL record"});
    } else if (!is_blank(line)) {
      Document doc;
      std::string error;
      if (const auto bad = find_invalid_utf8(line)) {
        error = "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line";
      } else {
        error = parse_jsonl_record(line, file, doc);
      }
      if (error.empty()) sink(std::move(doc), line_no);
      else report({file, line_no, error});
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
