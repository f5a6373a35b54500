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
  prepsearch::test::RunningServer server(
      prepsearch::test::hostile_server_options(fixture.db(), web));
  prepsearch::test::run_hostile_catalogue(server.port(), false);
}
