// The rules for publishing a query, in one place.
#include "server/popular.h"

#include <regex>

namespace prepsearch {

bool is_publishable(std::string_view query) {
  if (query.empty() || query.size() > kMaxPopularBytes) return false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const auto byte = static_cast<unsigned char>(query[i]);
    if (byte < 0x20 || byte == 0x7F) return false;
    // Markup, entities and what a template or a shell would read.
    if (std::string_view("<>&\"'`\\{}").find(query[i]) != std::string_view::npos) return false;
    // C1 controls (U+0080..U+009F) and U+2000..U+206F (zero-width and direction marks).
    if (byte == 0xC2 && i + 1 < query.size() && static_cast<unsigned char>(query[i + 1]) < 0xA0) {
      return false;
    }
    if (byte == 0xE2 && i + 1 < query.size() && static_cast<unsigned char>(query[i + 1]) == 0x80)
      return false;
  }
  // A URL, an address or a domain: "://", "www.", "@host", or a name.tld of the web.
  static const std::regex kLink(
      R"((://|^www\.|\swww\.|@[a-z0-9-]+\.|[a-z0-9-]\.(com|net|org|info|biz|ru|cn|xyz|top|online|site|click|shop|link|live)\b))",
      std::regex::icase);
  return !std::regex_search(query.begin(), query.end(), kLink);
}

std::vector<std::string> popular_queries(const QueryLog& log, std::size_t limit) {
  std::vector<std::string> queries;
  // A few times the limit: those held back below still leave enough.
  for (const auto& entry : log.top(QueryLog::Order::kMostSearched, 8 * limit)) {
    if (queries.size() == limit) break;
    const QueryCounts& counts = entry.counts;
    if (counts.clients < kMinPopularClients) continue;
    if (counts.clicking_clients < kMinPopularClickingClients) continue;
    if (counts.no_results >= counts.searches - counts.no_results) continue;
    if (is_publishable(entry.query)) queries.push_back(entry.query);
  }
  return queries;
}

}  // namespace prepsearch
