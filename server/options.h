// ServerOptions: what prepsearch-serve is told on its command line, and the defaults.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/command_line.h"
#include "core/schema.h"

namespace CLI {
class App;
}

namespace prepsearch {

struct ServerOptions {
  std::string db;  // the stub path prepsearch-index wrote (required)
  // A local database with the spelling and synonym tables, for a --db stub that lists remote
  // shards (any one shard's copy: each holds them all); "" = --db itself.
  std::string lexicon;
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (tests)
  // Share the port with another server (SO_REUSEPORT): for a restart without a gap, the new
  // server starts before the old one stops. Otherwise a port in use is refused.
  bool reuse_port = false;
  // Worker threads: requests answered at once. Connections wait in the gate (see
  // connection_gate.h) until they have sent a whole request, so idle ones hold no worker.
  unsigned threads = 16;
  // The gate's bounds (flags --head-timeout, --idle-timeout, --max-connections-per-client,
  // --max-connections).
  double head_timeout_seconds = 10;
  double idle_timeout_seconds = 5;
  std::size_t max_connections_per_client = 256;
  std::size_t max_connections = 4096;
  // The reader's language when a search does not send `lang` (an ISO 639-1 code).
  std::string default_lang = schema::kDefaultLanguage;
  std::string web;                        // folder of static files served at /; "" = none
  std::vector<std::string> cors_origins;  // origins allowed to call the API; "*" for any
  // Where the documents' site is ("https://docs.example.com", no trailing '/'): a document
  // whose url is a path links there (search/search_json.h, link_of). "" = no links.
  std::string site_url;
  bool quiet = false;  // no access log
  // The query log (server/query_log.h): its file ("" = the index path + ".queries.json",
  // "off" = none), how many distinct queries it keeps, how often it is written (seconds).
  std::string query_log;
  std::size_t query_log_max = 10000;
  double query_log_seconds = 60;
  // A file holding the token that opens /api/stats/ (Authorization: Bearer).
  std::string admin_token_file;
  // Loopback peers get /api/stats/ without the token (never a --trusted-proxy's requests).
  bool local_admin = false;
  // Proxies whose X-Forwarded-For names the client (nginx in front: 127.0.0.1). Anyone
  // else's relay headers are ignored.
  std::vector<std::string> trusted_proxies;
  // Searches per client (an IPv4 /24, an IPv6 /64): a burst, then a rate per second; 0 = no
  // limit. Benchmarks from one address run with --search-rate 0.
  double search_rate = 20;
  double search_burst = 100;
  // A file with the key click tokens are signed with; replicas behind one balancer share it.
  // "" = a random key per process.
  std::string event_key_file;
};

// Parses argv. Returns the options, or nullopt after printing help (exit 0) or a usage
// error (exit 2) to `out`/`err`; `exit_code` says which.
std::optional<ServerOptions> parse_server_options(int argc, const char* const* argv,
                                                  std::ostream& out, std::ostream& err,
                                                  int& exit_code);

}  // namespace prepsearch
