// The query syntax as a table: what each text parses into.
#include "search/query_parser.h"

#include <sstream>

#include <catch2/catch.hpp>

namespace {

// A compact rendering: sign, field, text, quotes, OR and prefix marks.
std::string show(const std::string& text) {
  std::ostringstream out;
  for (const auto& clause : prepsearch::parse_query(text)) {
    if (out.tellp() > 0) out << ' ';
    if (clause.or_previous) out << "OR ";
    if (clause.sign == prepsearch::Clause::Sign::kExcluded) out << '-';
    if (clause.sign == prepsearch::Clause::Sign::kRequired) out << '+';
    if (!clause.field.empty()) out << clause.field << ':';
    out << (clause.phrase ? "\"" + clause.text + "\"" : clause.text);
    if (clause.prefix) out << '*';
  }
  return out.str();
}

}  // namespace

TEST_CASE("query texts parse into clauses", "[query]") {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"celery", "celery*"},
      {"celery ", "celery"},
      {"N+1 queries ", "N+1 queries"},
      {"C++ C# .NET", "C++ C# .NET*"},
      {"cache.get Django-Q", "cache.get Django-Q*"},
      {"std::vector ", "std::vector"},
      {"\"class based views\" cbv ", "\"class based views\" cbv"},
      {"\"unbalanced quote", "unbalanced quote*"},
      {"django -celery", "django -celery"},
      {"+django celery ", "+django celery"},
      {"redis OR memcached cache ", "redis OR memcached cache"},
      {"django NOT flask ", "django -flask"},
      {"AND OR", "AND OR*"},
      {"django OR", "django OR*"},
      {"- django", "- django*"},
      {"topic:django level:advanced cache ", "topic:django level:advanced cache"},
      {"Level:Advanced ", "level:Advanced"},
      {"title:\"select_related\" ", "title:\"select_related\""},
      {"title:middleware", "title:middleware*"},
      {"unknown:field ", "unknown:field"},
      {"topic: django ", "topic: django"},
      {"-\"n plus one\" ", "-\"n plus one\""},
      {"", ""},
      {"   ", ""},
  };
  for (const auto& [text, expected] : table) {
    INFO("query: " << text);
    CHECK(show(text) == expected);
  }
}
