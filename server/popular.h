// The public "popular searches" list: what many people searched and found useful, never what
// one client can push there, and never text that could deface the page it is shown on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/query_log.h"

namespace prepsearch {

// A query is listed once this many distinct clients searched it and this many clicked one of
// its results, and it found something more often than not.
inline constexpr std::uint64_t kMinPopularClients = 3;
inline constexpr std::uint64_t kMinPopularClickingClients = 2;

// False for text that must not be published: a URL or a domain name, markup or an entity,
// control or format characters, or text longer than kMaxPopularBytes.
inline constexpr std::size_t kMaxPopularBytes = 60;
bool is_publishable(std::string_view query);

// Up to `limit` queries from `log` that pass the rules above, most searched first.
std::vector<std::string> popular_queries(const QueryLog& log, std::size_t limit);

}  // namespace prepsearch
