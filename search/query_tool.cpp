// argv → queries → Searcher (as the server runs it) → text, JSON lines or a TREC run.
#include "search/query_tool.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "core/command_line.h"
#include "core/diagnostic.h"
#include "core/input_error.h"
#include "core/schema.h"
#include "core/version.h"

#include "search/search_json.h"

namespace prepsearch {
namespace {

// A filter field of a queries line: a string or an array of strings.
void read_filter(const nlohmann::json& value, const std::string& field, Filters& filters) {
  const auto add = [&](const nlohmann::json& item) {
    if (!item.is_string()) throw InputError("`" + field + "` must be a string or strings");
    filters[field].push_back(item.get<std::string>());
  };
  if (value.is_array()) {
    for (const auto& item : value) add(item);
  } else {
    add(value);
  }
}

QueryLine parse_query_line(const std::string& text, std::size_t number) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(std::string("invalid JSON: ") + e.what());
  }
  if (!json.is_object()) throw InputError("a line must be a JSON object");
  QueryLine line;
  if (json.contains("id")) {
    const auto& id = json["id"];
    if (!id.is_string() && !id.is_number_integer())
      throw InputError("`id` must be a string or an integer");
    line.id = id.is_string() ? id.get<std::string>() : std::to_string(id.get<long long>());
  } else {
    line.id = std::to_string(number);
  }
  const char* key = json.contains("q") ? "q" : "text";
  if (!json.contains(key) || !json[key].is_string())
    throw InputError("needs a string `q` (or `text`)");
  line.text = json[key].get<std::string>();
  for (const auto& field : schema::filter_params()) {
    if (json.contains(field)) read_filter(json[field], field, line.filters);
  }
  return line;
}

void print_text(std::ostream& out, const QueryLine& query, const SearchResults& results,
                double ms) {
  out << "# " << query.id << ": " << query.text << "  (" << results.total << " matches, " << ms
      << " ms" << (results.corrected ? ", corrected to \"" + *results.suggestion + "\"" : "")
      << ")\n";
  unsigned rank = 0;
  for (const auto& hit : results.hits) {
    out << ++rank << ". " << hit.doc.id << "  " << hit.doc.title << "  [" << hit.score << "]\n";
  }
}

void print_trec(std::ostream& out, const QueryLine& query, const SearchResults& results,
                const std::string& tag) {
  unsigned rank = 0;
  for (const auto& hit : results.hits) {
    out << query.id << " Q0 " << hit.doc.id << " " << ++rank << " " << std::fixed
        << std::setprecision(4) << hit.score << std::defaultfloat << " " << tag << "\n";
  }
}

}  // namespace

std::optional<QueryToolOptions> parse_query_tool_options(int argc, const char* const* argv,
                                                         std::ostream& out, std::ostream& err,
                                                         int& exit_code) {
  QueryToolOptions options;
  CLI::App app{"Search a prepsearch index from the command line, exactly as the server does."};
  app.name("prepsearch-query");
  app.set_version_flag("--version", kVersion);
  app.add_option("--db", options.db, "database stub path written by prepsearch-index")->required();
  app.add_option("--lexicon", options.lexicon, kLexiconHelp);
  app.add_option("--limit", options.limit, with_default("results per query", options.limit))
      ->check(CLI::Range(1u, 10000u));
  std::string format = "text";
  app.add_option("--format", format, "text (default), json (one line per query) or trec")
      ->check(CLI::IsMember({"text", "json", "trec"}));
  app.add_option("--run-tag", options.run_tag, "run tag, the last column of --format trec");
  for (const auto& field : schema::filter_params()) {
    app.add_option("--" + field, options.filters[field],
                   "only results with this " + field + " (repeatable)");
  }
  add_language_option(app, "--lang", options.lang,
                      "the reader's language: its documents first, its words stemmed in it and "
                      "English (default: en)");
  auto* file =
      app.add_option("--queries", options.queries_file,
                     "JSONL file: {\"id\", \"q\" (or \"text\"), topic/section/kind/level}");
  std::vector<std::string> knobs;
  app.add_option("--ranking", knobs,
                 "a ranking knob as name=value (repeatable), for tuning on training data; the "
                 "names are RankingParams' in search/ranking.h")
      ->allow_extra_args(false)
      ->check([&](const std::string& knob) {
        return RankingParams().set(knob) ? std::string() : "unknown knob or bad value: " + knob;
      });
  std::vector<std::string> words;
  auto* query = app.add_option("query", words, "one query (its words may come unquoted)");
  file->excludes(query);
  auto* related = app.add_option("--related", options.related,
                                 "instead of searching, the documents like the one with this id, "
                                 "as GET /api/docs/{id}/related (repeatable)");
  related->excludes(query)->excludes(file);
  const auto check = [&] {
    for (const auto& word : words) options.query += (options.query.empty() ? "" : " ") + word;
    if (options.query.empty() && options.queries_file.empty() && options.related.empty()) {
      throw CLI::RequiredError("a QUERY, --queries FILE or --related ID");
    }
  };
  if (!parse_command_line(app, argc, argv, out, err, exit_code, check)) return std::nullopt;
  for (auto it = options.filters.begin(); it != options.filters.end();) {
    it = it->second.empty() ? options.filters.erase(it) : std::next(it);
  }
  for (const auto& knob : knobs) options.ranking.set(knob);
  options.format = format == "json"   ? OutputFormat::kJson
                   : format == "trec" ? OutputFormat::kTrec
                                      : OutputFormat::kText;
  return options;
}

std::vector<QueryLine> read_query_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": error: cannot read the queries file");
  std::vector<QueryLine> lines;
  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      lines.push_back(parse_query_line(text, number));
      if (lines.back().text.size() > kMaxQueryBytes) {
        throw InputError("the query is over " + std::to_string(kMaxQueryBytes) +
                         " bytes, the server's limit");
      }
    } catch (const InputError& e) {
      throw InputError(to_string(Diagnostic{path, number, e.what()}));
    }
  }
  return lines;
}

namespace {

// --related: each id's related documents, a line each (text) or one JSON line per id.
int print_related(const QueryToolOptions& options, Searcher& searcher, std::ostream& out,
                  std::ostream& err) {
  int status = 0;
  for (const auto& id : options.related) {
    const auto start = std::chrono::steady_clock::now();
    const auto hits = searcher.related(id, options.limit);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    if (!hits) {
      err << "prepsearch-query: no document with id \"" << id << "\"\n";
      status = kExitFailure;
      continue;
    }
    if (options.format == OutputFormat::kJson) {
      out << related_json(id, *hits, took.count()) << "\n";
      continue;
    }
    out << "related to " << id << "\n";
    for (std::size_t i = 0; i < hits->size(); ++i) {
      const SearchHit& hit = (*hits)[i];
      out << "  " << i + 1 << ". " << std::fixed << std::setprecision(3) << hit.score << "  "
          << hit.doc.id << "  " << (hit.doc.title.empty() ? hit.doc.section : hit.doc.title)
          << "\n";
    }
  }
  return status;
}

}  // namespace

int run_query_tool(const QueryToolOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.related.empty()) {
    SearchService service(options.db, options.ranking, options.lexicon);
    return print_related(options, service.searcher(), out, err);
  }
  std::vector<QueryLine> queries;
  try {
    queries = options.queries_file.empty() ? std::vector<QueryLine>{{"1", options.query, {}}}
                                           : read_query_lines(options.queries_file);
  } catch (const InputError& e) {
    err << e.what() << "\n";
    return kExitFailure;
  }
  SearchService service(options.db, options.ranking, options.lexicon);
  Searcher& searcher = service.searcher();
  for (const auto& query : queries) {
    SearchRequest request;
    request.query = query.text;
    request.limit = options.limit;
    request.filters = options.filters;
    request.lang = options.lang;
    for (const auto& [field, values] : query.filters) {
      request.filters[field].insert(request.filters[field].end(), values.begin(), values.end());
    }
    request.snippets = options.format != OutputFormat::kTrec;
    const auto start = std::chrono::steady_clock::now();
    const SearchResults results = searcher.search(request);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    switch (options.format) {
      case OutputFormat::kText: print_text(out, query, results, took.count()); break;
      case OutputFormat::kTrec: print_trec(out, query, results, options.run_tag); break;
      case OutputFormat::kJson: {
        JsonWriter json;
        json.begin_object();
        json.key("id");
        json.value(query.id);
        write_search(json, request, results, took.count());
        json.end_object();
        out << json.str() << "\n";
        break;
      }
    }
  }
  return kExitOk;
}

}  // namespace prepsearch
