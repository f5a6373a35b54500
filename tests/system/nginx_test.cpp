// The nginx deployment (deploy/nginx/prepsearch.conf) in front of two replicas, all on
// 127.0.0.1: the hostile catalogue and the slow clients through it, and a replica stopped in
// the middle of a stream of searches.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "hostile_catalogue.h"
#include "raw_http.h"
#include "running_nginx.h"
#include "running_server.h"
#include "search_fixture.h"

namespace {

using prepsearch::test::exchange_one;

const std::string kSearch =
    "GET /api/search?q=django HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

}  // namespace

TEST_CASE("through nginx: the hostile catalogue, slow clients, and a replica stopped",
          "[nginx][hostile]") {
  if (!prepsearch::test::have_nginx()) return;
  prepsearch::test::SearchFixture fixture(prepsearch::test::kHostilePayloads);
  prepsearch::test::HostileWeb web;
  auto options = prepsearch::test::hostile_server_options(fixture.db(), web);
  options.local_admin = true;  // this machine's own clients read the statistics
  auto first = std::make_unique<prepsearch::test::RunningServer>(options);
  prepsearch::test::RunningServer second(options);
  prepsearch::test::RunningNginx nginx(first->port(), second.port());
  REQUIRE(exchange_one(nginx.port(), kSearch).status == 200);

  SECTION("the hostile catalogue") { prepsearch::test::run_hostile_catalogue(nginx.port(), true); }

  SECTION("query statistics reach this machine's clients, not nginx's") {
    const std::string stats =
        "GET /api/stats/queries HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    CHECK(exchange_one(second.port(), stats).status == 200);
    CHECK(exchange_one(nginx.port(), stats).status == 403);
  }

  SECTION("1,000 idle and 200 slow clients do not stop a search from being answered") {
    prepsearch::test::ClientCrowd crowd(nginx.port(), 1000, 200);
    REQUIRE(crowd.all_connected());
    for (int i = 0; i < 5; ++i) CHECK(exchange_one(nginx.port(), kSearch).status == 200);
  }

  SECTION("a replica stopped during a stream of searches loses no request") {
    int answered = 0;
    for (int i = 0; i < 200; ++i) {
      if (i == 50) first.reset();  // stops it: its port now refuses connections
      if (exchange_one(nginx.port(), kSearch).status == 200) ++answered;
    }
    CHECK(answered == 200);
  }
}
