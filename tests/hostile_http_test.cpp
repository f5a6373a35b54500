// The hostile catalogue (hostile_catalogue.h) against the server itself: every request gets
// its status, every error is JSON, and the server answers /healthz after each one.
#include <catch2/catch.hpp>

#include "hostile_catalogue.h"
#include "running_server.h"
#include "search_fixture.h"

TEST_CASE("the hostile catalogue: every request gets its status and the server stays up",
          "[http][hostile]") {
  prepsearch::test::SearchFixture fixture(prepsearch::test::kHostilePayloads);
  prepsearch::test::HostileWeb web;
  prepsearch::ServerOptions options;
  options.db = fixture.db();
  options.web = web.path();
  options.cors_origins = {"https://good.example"};
  prepsearch::test::RunningServer server(options);
  prepsearch::test::run_hostile_catalogue(server.port(), false);
}
