// Command-line parsing with CLI11.
#include "server/options.h"

#include <CLI/CLI.hpp>

#include "core/document.h"
#include "core/version.h"

#include "search/live_index.h"

#include "server/client_address.h"
#include "server/origin.h"

namespace prepsearch {

namespace {

// The query log: where it is kept, how much of it, how often it is written.
void add_query_log_options(CLI::App& app, ServerOptions& options) {
  app.add_option("--query-log", options.query_log,
                 "file the query counts are kept in (default: the --db path + .queries.json; "
                 "off: none)");
  app.add_option(
         "--query-log-max", options.query_log_max,
         with_default("distinct queries kept; the least searched go first", options.query_log_max))
      ->check(CLI::Range(std::size_t{10}, std::size_t{10000000}));
  app.add_option("--query-log-seconds", options.query_log_seconds,
                 with_default("how often the query log is written, and at shutdown",
                              options.query_log_seconds))
      ->check(CLI::Range(1.0, 86400.0));
}

// Who may read the statistics, who is a client, how much a client may ask, and the click
// tokens' key.
void add_access_options(CLI::App& app, ServerOptions& options) {
  app.add_option("--admin-token-file", options.admin_token_file,
                 "file with the token (Authorization: Bearer) that opens /api/stats/ and the "
                 "writes: POST /api/docs, DELETE /api/docs/{id}");
  app.add_flag("--local-admin", options.local_admin,
               "serve /api/stats/ to loopback peers without the token (never to a "
               "--trusted-proxy's requests)");
  app.add_option("--trusted-proxy", options.trusted_proxies,
                 "address of a proxy whose X-Forwarded-For names the client (repeatable)")
      ->check([](const std::string& value) {
        return is_ip_address(value) ? std::string() : "not an IP address: " + value;
      });
  app.add_option(
         "--search-rate", options.search_rate,
         with_default(
             "searches a second per client (an IPv4 /24, an IPv6 /64) after the burst; 0: no limit",
             options.search_rate))
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--search-burst", options.search_burst,
                 with_default("searches a client may make at once", options.search_burst))
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--event-key-file", options.event_key_file,
                 "file with the key click tokens are signed with; replicas share it (default: "
                 "a random key per process)");
}

// What the page and other sites' pages get: the files, who may call, the reader's language.
void add_page_options(CLI::App& app, ServerOptions& options) {
  add_language_option(
      app, "--default-lang", options.default_lang,
      with_default("the reader's language of a search that sends no lang", options.default_lang));
  app.add_option("--web", options.web, "folder of static files to serve at /");
  app.add_option("--cors-origin", options.cors_origins,
                 "origin allowed to call the API from a browser, scheme://host[:port] with no "
                 "path, such as https://www.example.com (repeatable; * for any)")
      ->transform(CLI::Validator(
          [](std::string& value) {
            try {
              value = normal_origin(value);
              return std::string();
            } catch (const std::invalid_argument& e) {
              return std::string(e.what());
            }
          },
          "ORIGIN"));
  app.add_option("--site-url", options.site_url,
                 "where the documents' site is, http(s)://host[/path]: a document whose url is a "
                 "path (/guide/cache.html#setup) links there in its \"link\"")
      ->transform(CLI::Validator(
          [](std::string& value) {
            if (!is_site_url(value)) return std::string("not an http(s) URL without spaces");
            while (!value.empty() && value.back() == '/') value.pop_back();
            return std::string();
          },
          "URL"));
}

}  // namespace

std::optional<ServerOptions> parse_server_options(int argc, const char* const* argv,
                                                  std::ostream& out, std::ostream& err,
                                                  int& exit_code) {
  ServerOptions options;
  CLI::App app{
      "Serve ranked search over a prepsearch index as a JSON HTTP API.\n"
      "Searches follow the live index: a reindex is picked up without a restart."};
  app.name("prepsearch-serve");
  app.set_version_flag("--version", kVersion);
  app.add_option("--db", options.db, "database stub path written by prepsearch-index")->required();
  app.add_option("--lexicon", options.lexicon, kLexiconHelp);
  app.add_option("--host", options.host, with_default("address to bind", options.host));
  app.add_option("--port", options.port,
                 with_default("port to listen on; 0 picks a free one", options.port))
      ->check(CLI::Range(0, 65535));
  app.add_flag("--reuse-port", options.reuse_port,
               "share the port with a server already on it (SO_REUSEPORT), for a restart "
               "without a gap: start the new one, then stop the old; without it a port in use "
               "is refused");
  app.add_option("--threads", options.threads,
                 with_default("worker threads: requests answered at once", options.threads))
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--head-timeout", options.head_timeout_seconds,
                 with_default("seconds a client may take to send a request's head, else 408",
                              options.head_timeout_seconds))
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--idle-timeout", options.idle_timeout_seconds,
                 with_default("seconds an idle keep-alive connection is kept open",
                              options.idle_timeout_seconds))
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--max-connections-per-client", options.max_connections_per_client,
                 with_default("open connections per client address, else 503",
                              options.max_connections_per_client))
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--max-connections", options.max_connections,
                 with_default("open connections in all, else 503", options.max_connections))
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  add_page_options(app, options);
  app.add_flag("--quiet", options.quiet, "no access log on stderr");
  add_query_log_options(app, options);
  add_access_options(app, options);
  if (!parse_command_line(app, argc, argv, out, err, exit_code)) return std::nullopt;
  return options;
}

}  // namespace prepsearch
