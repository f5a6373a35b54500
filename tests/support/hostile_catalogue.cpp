// The catalogue's cases, and the loop that runs them.
#include "hostile_catalogue.h"

#include <algorithm>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace prepsearch::test {
namespace {

std::string get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + headers + "Connection: close\r\n\r\n";
}

bool is_bad_utf8(const std::string& escaped) {
  return escaped == "%C0%AF" || escaped == "%FF%FE" || escaped == "%ED%A0%80";
}

// Digits only, within [low, high].
bool is_count(const std::string& value, unsigned long low, unsigned long high) {
  if (value.empty() || value.size() > 9 ||
      value.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const unsigned long n = std::stoul(value);
  return n >= low && n <= high;
}

// Parameter values as they appear in a URL, and what they decode to for the rules below.
struct Value {
  std::string escaped, decoded;
};

std::vector<Value> hostile_values() {
  return {{"", ""},
          {"%00", std::string(1, '\0')},
          {"%0d%0a", "\r\n"},
          {"%0d%0aSet-Cookie:%20x", "\r\nSet-Cookie: x"},
          {"%C0%AF", "?"},
          {"%FF%FE", "?"},
          {"%ED%A0%80", "?"},
          {std::string(1001, 'a'), std::string(1001, 'a')},
          {"-1", "-1"},
          {"1.5", "1.5"},
          {"0x10", "0x10"},
          {"1e3", "1e3"},
          {"99999999999999999999", "99999999999999999999"},
          {"%2B5", "+5"},
          {"%205", " 5"},
          {"NaN", "NaN"},
          {"%3Cscript%3Ealert(1)%3C/script%3E", "<script>alert(1)</script>"},
          {"%E2%80%AE", "\xE2\x80\xAE"},
          {"..%5C..%2F..", "..\\../.."},
          {"10", "10"},
          {"0", "0"},
          {"100", "100"},
          {"101", "101"},
          {"10000", "10000"},
          {"10001", "10001"},
          {"%%", "%%"},
          {"%zz", "%zz"},
          {"5%00", std::string("5\0", 2)},
          {"1,2", "1,2"},
          {"%EF%BB%BF1",
           "\xEF\xBB\xBF"
           "1"},
          {"%22%20OR%20%22", "\" OR \""},
          {"title%3A", "title:"}};
}

// What each parameter of each route must answer for a value.
int expected_status(const std::string& route, const std::string& param, const Value& value) {
  const bool bad_text = is_bad_utf8(value.escaped) || value.decoded.size() > 1000;
  if (route == "/api/suggest") return param == "q" && bad_text ? 400 : 200;
  if (param == "limit") return is_count(value.decoded, 1, 100) ? 200 : 400;
  if (param == "offset") return is_count(value.decoded, 0, 10000) ? 200 : 400;
  if (param == "format") return 200;  // not a search parameter: ignored
  return bad_text ? 400 : 200;
}

void add_parameter_cases(std::vector<HostileCase>& cases) {
  for (const std::string route : {"/api/search", "/api/suggest"}) {
    for (const std::string param : {"q", "limit", "offset", "topic", "kind", "level", "section",
                                    "tag", "language", "format"}) {
      for (const auto& value : hostile_values()) {
        std::string name = route;
        name.append(" ").append(param).append("=").append(value.escaped.substr(0, 40));
        std::string target = route;
        target.append("?").append(param).append("=").append(value.escaped);
        if (param != "q") target.append("&q=django");
        cases.push_back({name, get(target), {expected_status(route, param, value)}});
      }
    }
  }
  // Repeated parameters: filters take every value; a repeated limit or q uses the first.
  cases.push_back(
      {"repeated filters", get("/api/search?q=django&level=basic&level=advanced"), {200}});
  cases.push_back({"repeated limit", get("/api/search?q=django&limit=5&limit=500"), {200, 400}});
  cases.push_back({"repeated q", get("/api/search?q=a&q=b&q=c"), {200}});
  cases.push_back({"hundreds of ORs",
                   get("/api/search?q=" +
                       [] {
                         std::string q = "a";
                         for (int i = 0; i < 110; ++i) q += "%20OR%20b" + std::to_string(i);
                         return q;
                       }()),
                   {200}});
  cases.push_back({"hundreds of quotes", get("/api/search?q=" + std::string(999, '"')), {200}});
  cases.push_back({"hundreds of fields",
                   get("/api/search?q=" +
                       [] {
                         std::string q;
                         for (int i = 0; i < 80; ++i) q += "topic:x%20";
                         return q;
                       }()),
                   {200}});
  cases.push_back({"hyphen pairs",
                   get("/api/search?q=" +
                       [] {
                         std::string q;
                         for (int i = 0; i < 200; ++i) q += "a-a%20";
                         return q;
                       }()),
                   {200}});
}

void add_method_cases(std::vector<HostileCase>& cases) {
  struct Route {
    std::string path;
    int get_status;
  };
  const std::vector<Route> routes = {{"/api/search?q=django", 200},
                                     {"/api/suggest?q=dja", 200},
                                     {"/api/docs/django/not-knowing-the-n-1-query-problem", 200},
                                     {"/api/docs/no/such/doc", 404},
                                     {"/healthz", 200},
                                     {"/metrics", 200},
                                     {"/opensearch.xml", 200},
                                     {"/", 200},
                                     {"/app.js", 200},
                                     {"/nothing/here", 404}};
  for (const auto& route : routes) {
    for (const std::string method :
         {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "BREW"}) {
      int status = 405;
      if (method == "GET" || method == "HEAD") status = route.get_status;
      if (method == "OPTIONS") status = route.get_status == 404 ? 404 : 204;
      if (method == "BREW") status = 501;
      if (route.path == "/api/docs/no/such/doc" && method == "OPTIONS") status = 204;
      HostileCase c{
          method + " " + route.path,
          method + " " + route.path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
          {status}};
      c.head_only = method == "HEAD";
      if (method == "HEAD") {
        c.check = [](const RawResponse& r) { CHECK(r.body.empty()); };
      }
      cases.push_back(std::move(c));
    }
  }
}

void add_request_line_cases(std::vector<HostileCase>& cases) {
  const std::vector<std::pair<std::string, std::vector<int>>> lines = {
      {"GET\r\n\r\n", {400}},
      {"GET /\r\n\r\n", {400}},
      {"GET / HTTP/1.1 extra\r\nHost: t\r\n\r\n", {400}},
      {" GET / HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET  / HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"get / HTTP/1.1\r\nHost: t\r\n\r\n", {501}},
      {"GET / http/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET / HTTP/1.2\r\nHost: t\r\n\r\n", {505}},
      {"GET / HTTP/2.0\r\nHost: t\r\n\r\n", {505}},
      {"GET / HTTP/3\r\nHost: t\r\n\r\n", {400}},
      {"GET\t/ HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET /a\x7f HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET a/b HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET ftp://x/ HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET http://test/healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", {200}},
      {"GET https://other.example/api/search?q=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
       {200}},
      {"GET HTTP://test HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", {200}},
      {"GET /healthz HTTP/1.0\r\n\r\n", {200}},
      {"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", {200}},
      {"GET /healthz HTTP/1.1\nHost: t\nConnection: close\n\n", {200}},
      {"\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", {200}},
      {"GET /\xff\xfe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", {404}},
      {std::string("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Nul: a\0b\r\n\r\n", 46), {400}},
      {"GET /healthz HTTP/1.1\r\nHost: t\r\n folded: yes\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost: t\r\n: empty-name\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Ctl: a\x01"
       "b\r\n\r\n",
       {400}},
      {"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Bad Name: b\r\n\r\n", {400}},
      {"OPTIONS * HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", {400, 404}},
  };
  // Where nginx, in front, answers otherwise: it serves HTTP/0.9 (no status line) and
  // HTTP/1.2, takes two spaces and any scheme, and calls a lower-case method malformed.
  const std::vector<std::pair<std::string, std::vector<int>>> proxied = {
      {"GET /\r\n\r\n", {0}},
      {"GET  / HTTP/1.1\r\nHost: t\r\n\r\n", {200}},
      {"get / HTTP/1.1\r\nHost: t\r\n\r\n", {400}},
      {"GET / HTTP/1.2\r\nHost: t\r\n\r\n", {200}},
      {"GET / HTTP/3\r\nHost: t\r\n\r\n", {505}},
      {"GET ftp://x/ HTTP/1.1\r\nHost: t\r\n\r\n", {200}},
  };
  for (const auto& [request, statuses] : lines) {
    HostileCase c{"request line " + request.substr(0, 30), request, statuses};
    for (const auto& [differs, through_nginx] : proxied) {
      if (differs == request) c.proxied = through_nginx;
    }
    // A header line nginx cannot use it drops (ignore_invalid_headers) or refuses; either
    // way the replica gets a clean request.
    if (request.rfind("GET /healthz HTTP/1.1\r\nHost: t\r\n", 0) == 0 &&
        statuses == std::vector<int>{400})
      c.proxied = {200, 400};
    cases.push_back(std::move(c));
  }
}

void add_framing_cases(std::vector<HostileCase>& cases) {
  const std::string head = "Host: t\r\n";
  const std::vector<std::pair<std::string, std::vector<int>>> framing = {
      {"GET /healthz HTTP/1.1\r\n" + head + "Content-Length: 5\r\n\r\nhello", {400}},
      {"GET /healthz HTTP/1.1\r\n" + head + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\n" + head + "Content-Length: 0\r\nConnection: close\r\n\r\n",
       {200}},
      {"POST /api/search HTTP/1.1\r\n" + head +
           "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
       {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
       {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: abc\r\n\r\n", {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: -1\r\n\r\n", {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: 1000000000000\r\n\r\n", {413}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: 3, 3\r\n\r\nabc", {400}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Transfer-Encoding: gzip, chunked\r\n\r\n", {405}},
      {"POST /api/search HTTP/1.1\r\n" + head +
           "Expect: 100-continue\r\nContent-Length: 10\r\n\r\n",
       {405}},
      {"POST /api/search HTTP/1.1\r\n" + head + "\r\n", {405}},
      {"POST /api/search HTTP/1.1\r\n" + head + "Content-Length: 70000\r\n\r\n", {413}},
      {"GET /healthz HTTP/1.1\r\n" + head + "Expect: 100-continue\r\nConnection: close\r\n\r\n",
       {200}},
  };
  for (const auto& [request, statuses] : framing) {
    HostileCase c{"framing " + request.substr(0, 50), request, statuses};
    // nginx refuses an unknown transfer coding (501), and waits for a body it was promised
    // with Expect: 100-continue (it closes at client_body_timeout without an answer).
    if (request.find("gzip, chunked") != std::string::npos) c.proxied = {501};
    // nginx reads and drops a GET's body, then asks the replica without it.
    if (request.rfind("GET /healthz", 0) == 0 && statuses == std::vector<int>{400})
      c.proxied = {200, 400};
    if (request.find("100-continue\r\nContent-Length: 10") != std::string::npos) c.proxied = {0};
    cases.push_back(std::move(c));
  }
  // Three pipelined requests in one write: three answers.
  cases.push_back({"pipelined",
                   "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /api/search?q=celery HTTP/1.1\r\n"
                   "Host: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                   {200}});
}

void add_host_and_size_cases(std::vector<HostileCase>& cases) {
  const std::vector<std::pair<std::string, std::vector<int>>> hosts = {
      {"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost : t\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost:\r\n\r\n", {400}},
      {"GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", {400}},
      {"GET /opensearch.xml HTTP/1.1\r\nHost: x\"><script>alert(1)</script>\r\n\r\n", {400}},
      {"GET /opensearch.xml HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n", {200}},
      {"GET /opensearch.xml HTTP/1.1\r\nHost: search.example:443\r\nConnection: close\r\n\r\n",
       {200}},
      {"GET /opensearch.xml HTTP/1.1\r\nHost: t\r\nX-Forwarded-Proto: javascript\r\nConnection: "
       "close\r\n\r\n",
       {200, 400}},
      {"GET /healthz HTTP/1.1\r\nHost: " + std::string(300, 'h') + "\r\n\r\n", {400}},
  };
  for (const auto& [request, statuses] : hosts) {
    HostileCase c{"host " + request.substr(0, 50), request, statuses};
    c.check = [](const RawResponse& r) {
      CHECK(r.body.find("<script>") == std::string::npos);
      CHECK(r.body.find("javascript:") == std::string::npos);
    };
    cases.push_back(std::move(c));
  }
  cases.push_back({"100 KB request line", get("/" + std::string(100000, 'a')), {414}});
  cases.push_back({"9 KB target", get("/api/search?q=" + std::string(9000, 'a')), {414}});
  // nginx answers a header line over its 8 KB buffers with 400.
  cases.push_back({"17 KB header",
                   get("/healthz", "X-Big: " + std::string(17000, 'b') + "\r\n"),
                   {431},
                   nullptr,
                   false,
                   {400}});
  std::string many, enough;
  for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  for (int i = 0; i < 90; ++i) enough += "X-H" + std::to_string(i) + ": v\r\n";
  cases.push_back({"150 headers", get("/healthz", many), {431}});
  cases.push_back({"90 headers", get("/healthz", enough), {200}});
  cases.push_back({"9 KB header line",
                   get("/healthz", "X-Big: " + std::string(9000, 'b') + "\r\n"),
                   {431},
                   nullptr,
                   false,
                   {400}});
}

void add_static_cases(std::vector<HostileCase>& cases) {
  for (const std::string target : {"/../etc/passwd",
                                   "/..%2fetc%2fpasswd",
                                   "/%2e%2e/etc/passwd",
                                   "/%2e%2e%2fetc%2fpasswd",
                                   "/%252e%252e/etc/passwd",
                                   "/..%5c..%5cetc%5cpasswd",
                                   "/..\\..\\etc\\passwd",
                                   "//etc/passwd",
                                   "/etc/passwd",
                                   "/.secret",
                                   "/%2esecret",
                                   "/.git/config",
                                   "/./.secret",
                                   "/sub/../.secret",
                                   "/escape",
                                   "/outside/passwd",
                                   "/outside",
                                   "/app.js/..",
                                   "/app.js%00.html",
                                   "/%00",
                                   "/index.html/",
                                   "/..",
                                   "/....//....//etc/passwd",
                                   "/%c0%ae%c0%ae/etc/passwd",
                                   "/web/../../../../etc/passwd"}) {
    HostileCase c{"static " + target, get(target), {400, 404}};
    c.check = [](const RawResponse& r) {
      CHECK(r.body.find("root:") == std::string::npos);
      CHECK(r.body.find("TOPSECRET") == std::string::npos);
    };
    cases.push_back(std::move(c));
  }
  // One byte range of a file is served; many are not (the whole file instead).
  cases.push_back({"one range", get("/app.js", "Range: bytes=0-3\r\n"), {206}});
  std::string ranges = "Range: bytes=0-";
  for (int i = 0; i < 1000; ++i) ranges += ",0-";
  HostileCase many{"a thousand ranges", get("/app.js", ranges + "\r\n"), {200}};
  many.check = [](const RawResponse& r) {
    CHECK(header_value(r.head, "Content-Type").find("multipart") == std::string::npos);
  };
  cases.push_back(std::move(many));
  HostileCase api{
      "ranges on the API", get("/api/search?q=django", "Range: bytes=0-,0-,0-\r\n"), {200}};
  api.check = [](const RawResponse& r) {
    CHECK(r.body.size() < 100000);
    CHECK(header_value(r.head, "Content-Type") == "application/json");
  };
  cases.push_back(std::move(api));
  HostileCase encoded{"a range on an encoded API path",
                      get("/api/%73earch?q=django", "Range: bytes=0-9\r\n"),
                      {200}};
  cases.push_back(std::move(encoded));
}

void add_origin_cases(std::vector<HostileCase>& cases) {
  for (const std::string origin :
       {"https://good.example.evil.com", "https://evil.good.example", "https://good.examplex",
        "https://xgood.example", "null", "https://good.example/", "http://good.example",
        "https://GOOD.example", "https://good.example%0d%0aX-Injected: 1"}) {
    HostileCase c{"origin " + origin, get("/api/search?q=x", "Origin: " + origin + "\r\n"), {200}};
    c.check = [](const RawResponse& r) {
      CHECK(header_value(r.head, "Access-Control-Allow-Origin").empty());
      CHECK(header_value(r.head, "X-Injected").empty());
    };
    cases.push_back(std::move(c));
  }
  HostileCase good{
      "origin allowed", get("/api/search?q=x", "Origin: https://good.example\r\n"), {200}};
  good.check = [](const RawResponse& r) {
    CHECK(header_value(r.head, "Access-Control-Allow-Origin") == "https://good.example");
  };
  cases.push_back(std::move(good));
}

void add_payload_cases(std::vector<HostileCase>& cases) {
  for (const std::string query :
       {"payload", "alert", "script", "onerror", "img", "%3Cscript%3E", "title%3Apayload"}) {
    HostileCase c{"payload in snippets: " + query, get("/api/search?q=" + query), {200}};
    c.check = [](const RawResponse& r) {
      const auto body = nlohmann::json::parse(r.body);
      for (const auto& hit : body["results"]) {
        std::string snippet = hit["snippet"];
        for (const std::string mark : {"<mark>", "</mark>"}) {
          for (auto at = snippet.find(mark); at != std::string::npos; at = snippet.find(mark))
            snippet.erase(at, mark.size());
        }
        CHECK(snippet.find('<') == std::string::npos);
      }
    };
    cases.push_back(std::move(c));
  }
  HostileCase doc{"payload in /api/docs", get("/api/docs/xss/title"), {200}};
  doc.check = [](const RawResponse& r) {
    CHECK(header_value(r.head, "Content-Type") == "application/json");
    CHECK(header_value(r.head, "X-Content-Type-Options") == "nosniff");
  };
  cases.push_back(std::move(doc));
  HostileCase page{"the page", get("/"), {200}};
  page.check = [](const RawResponse& r) {
    CHECK(header_value(r.head, "Content-Security-Policy").find("script-src 'self'") !=
          std::string::npos);
  };
  cases.push_back(std::move(page));
}

}  // namespace

const char* const kHostilePayloads =
    R"jsonl({"id": "xss/title", "title": "<script>alert('title')</script> payload", "text": "The payload <img src=x onerror=alert(1)> sits in the body of this payload document."}
)jsonl";

std::vector<HostileCase> hostile_catalogue() {
  std::vector<HostileCase> cases;
  add_parameter_cases(cases);
  add_method_cases(cases);
  add_request_line_cases(cases);
  add_framing_cases(cases);
  add_host_and_size_cases(cases);
  add_static_cases(cases);
  add_origin_cases(cases);
  add_payload_cases(cases);
  return cases;
}

HostileWeb::HostileWeb() {
  write_file(outside_ / "passwd", "root:x:0:0 TOPSECRET");
  write_file(web_ / "index.html", "<!doctype html><title>t</title>");
  write_file(web_ / "app.js", "console.log('prepsearch');\n");
  write_file(web_ / ".secret", "TOPSECRET");
  REQUIRE(::symlink((outside_ / "passwd").c_str(), (web_ / "escape").c_str()) == 0);
  REQUIRE(::symlink(outside_.path().c_str(), (web_ / "outside").c_str()) == 0);
}

ServerOptions hostile_server_options(const std::string& db, const HostileWeb& web) {
  ServerOptions options;
  options.db = db;
  options.web = web.path();
  options.cors_origins = {"https://good.example"};
  return options;
}

void run_hostile_catalogue(int port, bool proxied) {
  const auto cases = hostile_catalogue();
  REQUIRE(cases.size() >= 300);
  std::size_t pipelined = 0;
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    if (c.name == "pipelined") {
      const auto answers = exchange(port, c.request, 3);
      pipelined = answers.size();
      for (const auto& answer : answers) CHECK(answer.status == 200);
      continue;
    }
    const RawResponse r = exchange_one(port, c.request, c.head_only);
    INFO("status " << r.status << "; body " << r.body.substr(0, 200));
    const auto& statuses = proxied && !c.proxied.empty() ? c.proxied : c.statuses;
    CHECK(std::find(statuses.begin(), statuses.end(), r.status) != statuses.end());
    if (r.status >= 400 && !c.head_only) {
      CHECK(header_value(r.head, "Content-Type") == "application/json");
      const auto body = nlohmann::json::parse(r.body, nullptr, false);
      CHECK((!body.is_discarded() && body["error"]["code"].is_string()));
    }
    if (c.check && r.status != 0) c.check(r);
    const RawResponse health = exchange_one(port, get("/healthz"));
    REQUIRE(health.status == 200);
  }
  CHECK(pipelined == 3);
}

}  // namespace prepsearch::test
