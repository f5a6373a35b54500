// prepsearch-serve: argv → ServerOptions → HttpServer → exit code.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <malloc.h>

#include "core/command_line.h"

#include "server/http_server.h"

namespace {

prepsearch::HttpServer* running = nullptr;

void stop_on_signal(int) {
  if (running) running->stop();
}

}  // namespace

int main(int argc, char** argv) {
  // glibc gives each of up to 8 x cores threads its own heap arena; with a thread per
  // connection that multiplied resident memory for no speed.
  mallopt(M_ARENA_MAX, 2);
  int exit_code = prepsearch::kExitOk;
  const auto options =
      prepsearch::parse_server_options(argc, argv, std::cout, std::cerr, exit_code);
  if (!options) return exit_code;
  return prepsearch::run_reporting_errors("prepsearch-serve", std::cerr, [&] {
    prepsearch::HttpServer server(*options);
    const int port = server.bind();
    if (port < 0) {
      std::cerr << "prepsearch-serve: cannot listen on " << options->host << ":" << options->port
                << ": " << server.bind_error() << "\n";
      return prepsearch::kExitFailure;
    }
    running = &server;
    std::signal(SIGINT, stop_on_signal);
    std::signal(SIGTERM, stop_on_signal);
    std::cerr << "prepsearch-serve: serving " << options->db << " on http://" << options->host
              << ":" << port << "/\n";
    const bool ok = server.listen();
    running = nullptr;
    return ok ? prepsearch::kExitOk : prepsearch::kExitFailure;
  });
}
