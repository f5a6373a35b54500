// JsonWriter: what it writes always parses, and parses back to what it was given.
#include "search/json_writer.h"

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using prepsearch::JsonWriter;

TEST_CASE("nested objects and arrays get their commas and colons", "[json]") {
  JsonWriter out;
  out.begin_object();
  out.key("a");
  out.value(std::uint64_t{1});
  out.key("list");
  out.begin_array();
  out.value("x");
  out.begin_object();
  out.end_object();
  out.begin_array();
  out.end_array();
  out.null();
  out.value(true);
  out.end_array();
  out.key("empty");
  out.begin_object();
  out.end_object();
  out.end_object();
  CHECK(out.str() == R"({"a":1,"list":["x",{},[],null,true],"empty":{}})");
}

TEST_CASE("strings are escaped and read back as written", "[json]") {
  for (const std::string& text :
       {std::string("plain"), std::string("quote \" and backslash \\ and slash /"),
        std::string("line\nbreak\ttab\rreturn\bback\fform"), std::string("nul \0 and \x1f", 11),
        std::string("<mark>N+1</mark> &amp;"), std::string("Що таке Docker? café — ✓ 𝄞"),
        std::string("")}) {
    INFO(text);
    JsonWriter out;
    out.value(text);
    CHECK(nlohmann::json::parse(out.str()) == text);
  }
}

TEST_CASE("invalid UTF-8 is replaced so the output is always valid JSON", "[json]") {
  for (const auto& [bad, good] : std::vector<std::pair<std::string, std::string>>{
           {"a\xFF"
            "b",
            "a\xEF\xBF\xBD"
            "b"},
           {"\xC3", "\xEF\xBF\xBD"},
           {"\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
           {"\xED\xA0\x80x", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx"},
           // Inside a run of valid characters.
           {"Що\xFFта", "Що\xEF\xBF\xBDта"},
           {"Що\xD0", "Що\xEF\xBF\xBD"}}) {
    JsonWriter out;
    out.value(bad);
    CHECK(nlohmann::json::parse(out.str()) == good);
  }
}

TEST_CASE("numbers are written in their shortest exact form", "[json]") {
  for (const double number : {0.0, 1004.629, 0.001, 1e21, -2.5, 1007.0}) {
    JsonWriter out;
    out.value(number);
    CHECK(nlohmann::json::parse(out.str()).get<double>() == number);
  }
  JsonWriter rounded;
  rounded.value(1004.629);
  CHECK(rounded.str() == "1004.629");
  JsonWriter big;
  big.value(std::numeric_limits<std::uint64_t>::max());
  CHECK(big.str() == "18446744073709551615");
  JsonWriter infinite;
  infinite.value(std::numeric_limits<double>::infinity());
  CHECK(infinite.str() == "null");
}

TEST_CASE("a long answer grows the buffer and reads back whole", "[json]") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += i % 7 == 0 ? "\"\n\x01 Що " : "plain words ";
  JsonWriter out;
  out.begin_array();
  for (int i = 0; i < 3; ++i) out.value(text);
  out.end_array();
  const auto parsed = nlohmann::json::parse(out.str());
  REQUIRE(parsed.size() == 3);
  CHECK(parsed[2] == text);
  const std::string taken = out.take();
  CHECK(nlohmann::json::parse(taken) == parsed);
}
