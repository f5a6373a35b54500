// The hostile catalogue: hundreds of malformed, oversized, ambiguous and malicious requests,
// each with the status it must get, run against the server directly (hostile_http_test) and
// through the nginx deployment (nginx_test).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/options.h"

#include "raw_http.h"
#include "test_support.h"

namespace prepsearch::test {

struct HostileCase {
  std::string name;
  std::string request;
  std::vector<int> statuses;  // any of these
  std::function<void(const RawResponse&)> check = nullptr;
  bool head_only = false;
  std::vector<int> proxied = {};  // through nginx, if not `statuses`
};

// Every case. The server under test must index kHostilePayloads beside corpus/, serve a web
// folder made by HostileWeb and allow the CORS origin https://good.example.
std::vector<HostileCase> hostile_catalogue();

// Documents whose fields carry script payloads: they must come back escaped in snippets.
extern const char* const kHostilePayloads;

// A web folder with a dot-file, and symlinks that point outside it.
class HostileWeb {
 public:
  HostileWeb();
  const std::string& path() const { return web_.path(); }

 private:
  ScratchDir outside_, web_;
};

// The options of a server the catalogue can run against: `db` indexed with kHostilePayloads,
// `web` as the static folder, https://good.example as the one CORS origin.
ServerOptions hostile_server_options(const std::string& db, const HostileWeb& web);

// Runs every case against 127.0.0.1:`port` (`proxied`: through nginx) and checks each
// answer, and /healthz after each one.
void run_hostile_catalogue(int port, bool proxied);

}  // namespace prepsearch::test
