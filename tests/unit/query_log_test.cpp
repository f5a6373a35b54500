// What people search for: counting, bounds, the file that survives restarts and crashes,
// click tokens and the rate limiter. Over HTTP: tests/system/analytics_http_test.cpp.
#include "server/query_log.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/text_fold.h"

#include "server/click_token.h"
#include "server/popular.h"
#include "server/rate_limiter.h"

#include "test_support.h"

namespace fs = std::filesystem;
using prepsearch::QueryLog;
using prepsearch::test::ScratchDir;

using prepsearch::test::read_file;

namespace {}  // namespace

TEST_CASE("queries are counted under one normal form", "[query-log]") {
  using prepsearch::normalise_query;
  CHECK(normalise_query("  Celery   Beat ") == "celery beat");
  CHECK(normalise_query("Canción") == "cancion");
  CHECK(normalise_query("N+1") == "n+1");
  CHECK(normalise_query("   ").empty());
  const std::string long_query(150, 'a');
  CHECK(normalise_query(long_query + " " + long_query).size() <= prepsearch::kMaxLoggedQueryBytes);
  // Cut at a character boundary: the result stays valid UTF-8.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "й";
  const std::string cut = normalise_query(accents);
  CHECK(cut.size() <= prepsearch::kMaxLoggedQueryBytes);
  CHECK(cut.size() % 2 == 0);
}

TEST_CASE("a normal form at the limit and one word more is cut and never read past",
          "[query-log]") {
  using prepsearch::kMaxLoggedQueryBytes;
  using prepsearch::normalise_query;
  for (const std::size_t first : {std::size_t{199}, std::size_t{200}, std::size_t{201}}) {
    for (const std::string letter : {"a", "\xD0\xB9", "\xE2\x82\xAC"}) {  // 1, 2, 3 bytes
      std::string word;
      while (word.size() + letter.size() <= first) word += letter;
      while (word.size() < first) word += "b";
      INFO(first << " bytes of " << letter);
      for (const std::string next : {"x", "\xD0\xB9\xD0\xB9", "more words follow"}) {
        const std::string cut = normalise_query(std::string(word).append(" ").append(next));
        CHECK(cut.size() <= kMaxLoggedQueryBytes);
        CHECK_FALSE(prepsearch::find_invalid_utf8(cut));
        CHECK(cut.substr(0, std::min<std::size_t>(cut.size(), 100)) == word.substr(0, 100));
      }
    }
  }
  // 199 bytes leave no room for a space and a letter: the next word is dropped, not split.
  CHECK(normalise_query(std::string(199, 'a') + " bc") == std::string(199, 'a'));
  CHECK(normalise_query(std::string(197, 'a') + " bc") == std::string(197, 'a') + " bc");
  std::string pluses;
  for (int i = 0; i < 333; ++i) pluses += "+a ";
  CHECK(normalise_query(pluses).size() <= kMaxLoggedQueryBytes);
}

TEST_CASE("searches, empty searches and clicks are counted and ranked", "[query-log]") {
  ScratchDir dir;
  QueryLog log(dir / "q.json", 100, 0);
  for (int i = 0; i < 3; ++i) log.record_search("Celery", false);
  log.record_search("celery ", false);
  log.record_search("select_related", false);
  log.record_search("zzzz", true);
  log.record_search("zzzz", true);
  CHECK(log.record_click("CELERY"));
  CHECK_FALSE(log.record_click("never searched"));  // a click only counts for a real search
  const auto top = log.top(QueryLog::Order::kMostSearched, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].query == "celery");
  CHECK(top[0].counts.searches == 4);
  CHECK(top[0].counts.clicks == 1);
  CHECK(top[1].query == "zzzz");
  const auto zero = log.top(QueryLog::Order::kMostWithoutResults, 10);
  REQUIRE(zero.size() == 1);
  CHECK(zero[0].query == "zzzz");
  CHECK(zero[0].counts.no_results == 2);
}

TEST_CASE("a flood of distinct queries keeps memory bounded and the frequent ones", "[query-log]") {
  ScratchDir dir;
  QueryLog log(dir / "q.json", 100, 0);
  for (int i = 0; i < 50; ++i) log.record_search("celery", false);
  for (int i = 0; i < 100000; ++i) log.record_search("spam " + std::to_string(i), false);
  CHECK(log.size() <= 100);
  CHECK(log.top(QueryLog::Order::kMostSearched, 1).front().query == "celery");
}

TEST_CASE("the counts survive a restart, and a crash between writes loses no file", "[query-log]") {
  ScratchDir dir;
  const std::string path = dir / "q.json";
  {
    QueryLog log(path, 100, 0);
    log.record_search("celery", false);
    log.record_search("celery", false);
    REQUIRE(log.save());
  }  // and once more at the end
  const std::string saved = read_file(path);
  // A crash in the middle of the next write leaves its temporary file, never half a file.
  std::ofstream(path + ".tmp") << R"({"version": 1, "queries": [{"q": "cel)";
  {
    QueryLog log(path, 100, 0);
    REQUIRE(log.size() == 1);
    CHECK(log.top(QueryLog::Order::kMostSearched, 1).front().counts.searches == 2);
    log.record_search("django", true);
  }
  CHECK(read_file(path) != saved);
  CHECK(nlohmann::json::parse(read_file(path))["queries"].size() == 2);
  CHECK_FALSE(fs::exists(path + ".tmp"));

  // A file that is not the log is set aside, never overwritten, and the log starts empty.
  std::ofstream(path, std::ios::trunc) << "not json";
  {
    QueryLog log(path, 100, 0);
    CHECK(log.size() == 0);
  }
  CHECK(read_file(path + ".bad") == "not json");
  // A second bad file keeps the first: each gets its own number.
  std::ofstream(path, std::ios::trunc)
      << "{\"version\": 1, \"queries\": [{\"q\": \"\x1b[2J\", \"searches\": -3}]}";
  { QueryLog log(path, 100, 0); }
  CHECK(read_file(path + ".bad") == "not json");
  CHECK(read_file(path + ".bad.1").find("-3") != std::string::npos);
  // A version too large for any integer (found by fuzz_query_log: UB in the conversion) is
  // an unknown version.
  int set_aside = 2;  // .bad and .bad.1 are taken
  for (const char* version : {"184467440737095516151", "1.5", "1e30", "\"1\""}) {
    INFO(version);
    std::ofstream(path, std::ios::trunc) << "{\"version\": " << version << ", \"queries\": []}";
    { QueryLog log(path, 100, 0); }
    CHECK(read_file(path + ".bad." + std::to_string(set_aside++)).find(version) !=
          std::string::npos);
  }
  // Huge and duplicate counts saturate instead of wrapping.
  std::ofstream(path, std::ios::trunc)
      << R"({"version": 1, "queries": [{"q": "a", "searches": 18446744073709551615, )"
      << R"("no_results": 0, "clicks": 1e30}, {"q": "A", "searches": 5, "no_results": 0, )"
      << R"("clicks": 0}]})";
  QueryLog log(path, 100, 0);
  log.record_search("a", false);
  REQUIRE(log.size() == 1);
  const auto counts = log.top(QueryLog::Order::kMostSearched, 1).front().counts;
  CHECK(counts.searches == 18446744073709551615ULL);
  CHECK(counts.clicks == 18446744073709551615ULL);
}

TEST_CASE("rate limits refuse a flood in bounded memory and still let newcomers in",
          "[query-log][events]") {
  using Clock = prepsearch::RateLimiter::Clock;
  prepsearch::RateLimiter limiter(2, 20, 128);
  const auto start = Clock::now();
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) allowed += limiter.allow("198.51.100.0/24", start);
  CHECK(allowed == 20);  // the burst, then nothing within the same instant
  CHECK(limiter.allow("198.51.100.0/24", start + std::chrono::seconds(1)));  // 2 a second again
  // 100,000 addresses, each at its limit: at most the table's slots are remembered, and each
  // newcomer still gets its burst at once: no flood locks others out.
  int newcomers = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string address = "a" + std::to_string(i);
    newcomers += limiter.allow(address, start);
    for (int j = 0; j < 25; ++j) limiter.allow(address, start);
  }
  CHECK(limiter.clients() <= 128);
  CHECK(newcomers == 100000);
  CHECK(limiter.allow("late", start));
  prepsearch::RateLimiter off(0, 1, 16);
  for (int i = 0; i < 100; ++i) REQUIRE(off.allow("x", start));
}

TEST_CASE("a click token is the first half of HMAC-SHA256 and verifies only its own hit",
          "[query-log]") {
  // Keys shorter than, as long as, and longer than SHA-256's block (hashed first).
  for (const std::string& key : {std::string(16, 'k'), std::string(64, '\x5c'),
                                 std::string("a key longer than one block of SHA-256, which is "
                                             "sixty-four bytes, so that it is hashed first")}) {
    INFO(key.size());
    const prepsearch::ClickSigner signer(key);
    for (const std::string& id :
         {std::string("django/n-plus-one"), std::string(), std::string("ünïcode/ид")}) {
      const std::string message = "select related\n" + id;
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned int length = 0;
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
      std::string expected;
      for (unsigned i = 0; i < 16; ++i) prepsearch::append_hex_byte(expected, digest[i]);
      CHECK(signer.sign("select related", id) == expected);
      CHECK(signer.verify("Select  Related", id, expected));
      CHECK_FALSE(signer.verify("select related", id + "x", expected));
    }
  }
  // A random key signs differently from another.
  CHECK(prepsearch::ClickSigner().sign("q", "id") != prepsearch::ClickSigner().sign("q", "id"));
}
