#include "relevance_metrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace prepsearch::eval {
namespace {

constexpr std::size_t kNdcgDepth = 10;

int grade_of(const Judgments& judged, const std::string& id) {
  const auto found = judged.find(id);
  return found == judged.end() ? 0 : found->second;
}

double discounted(double gain, std::size_t rank) {
  return gain / std::log2(static_cast<double>(rank) + 1.0);
}

// Calls `line_fn(words, number)` for each non-blank line of `path`; errors name FILE:LINE.
template <typename LineFn>
void for_each_line(const std::string& path, LineFn line_fn) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": error: cannot read");
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::istringstream split(line);
    std::vector<std::string> words;
    for (std::string word; split >> word;) words.push_back(word);
    if (words.empty()) continue;
    try {
      line_fn(words, number);
    } catch (const std::exception& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": error: " + e.what());
    }
  }
}

int whole_number(const std::string& text, const char* what) {
  std::size_t used = 0;
  const int value = std::stoi(text, &used);  // throws on no digits
  if (used != text.size())
    throw std::invalid_argument(std::string(what) + " is not a whole number: " + text);
  return value;
}

}  // namespace

Scores score_query(const std::vector<std::string>& ranked, const Judgments& judged) {
  Scores scores;
  std::vector<int> ideal;
  for (const auto& [id, grade] : judged) {
    if (grade > 0) ideal.push_back(grade);
  }
  if (ideal.empty()) return scores;
  std::sort(ideal.rbegin(), ideal.rend());
  double ideal_dcg = 0;
  for (std::size_t i = 0; i < std::min(kNdcgDepth, ideal.size()); ++i)
    ideal_dcg += discounted(ideal[i], i + 1);

  double dcg = 0;
  std::size_t found = 0;
  double precision_sum = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const int grade = grade_of(judged, ranked[i]);
    if (grade <= 0) continue;
    const std::size_t rank = i + 1;
    if (rank <= kNdcgDepth) dcg += discounted(grade, rank);
    if (found == 0) scores.reciprocal_rank = 1.0 / static_cast<double>(rank);
    if (rank == 1) scores.precision1 = 1;
    precision_sum += static_cast<double>(++found) / static_cast<double>(rank);
  }
  scores.ndcg10 = dcg / ideal_dcg;
  scores.average_precision = precision_sum / static_cast<double>(ideal.size());
  return scores;
}

Summary score_run(const Qrels& qrels, const Run& run) {
  Summary summary;
  static const std::vector<std::string> kNothing;
  for (const auto& [query, judged] : qrels) {
    if (std::none_of(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; }))
      continue;
    const auto ranked = run.find(query);
    const Scores scores = score_query(ranked == run.end() ? kNothing : ranked->second, judged);
    summary.mean.ndcg10 += scores.ndcg10;
    summary.mean.average_precision += scores.average_precision;
    summary.mean.reciprocal_rank += scores.reciprocal_rank;
    summary.mean.precision1 += scores.precision1;
    ++summary.queries;
  }
  if (summary.queries == 0) return summary;
  const double n = static_cast<double>(summary.queries);
  summary.mean.ndcg10 /= n;
  summary.mean.average_precision /= n;
  summary.mean.reciprocal_rank /= n;
  summary.mean.precision1 /= n;
  return summary;
}

Qrels read_qrels(const std::string& path) {
  Qrels qrels;
  for_each_line(path, [&](const std::vector<std::string>& words, std::size_t number) {
    if (number == 1 && words[0].rfind("query", 0) == 0) return;  // BEIR's header
    if (words.size() != 3 && words.size() != 4)
      throw std::invalid_argument("expected 3 or 4 columns");
    const std::string& doc = words[words.size() - 2];
    qrels[words[0]][doc] = whole_number(words.back(), "the grade");
  });
  return qrels;
}

Run read_run(const std::string& path) {
  std::map<std::string, std::vector<std::pair<int, std::string>>> ranked;
  for_each_line(path, [&](const std::vector<std::string>& words, std::size_t) {
    if (words.size() != 6)
      throw std::invalid_argument("expected 6 columns: qid Q0 docid rank score tag");
    ranked[words[0]].emplace_back(whole_number(words[3], "the rank"), words[2]);
  });
  Run run;
  for (auto& [query, docs] : ranked) {
    std::stable_sort(docs.begin(), docs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [rank, doc] : docs) run[query].push_back(std::move(doc));
  }
  return run;
}

}  // namespace prepsearch::eval
