// Starting, stopping and querying the in-process server.
#include "running_server.h"

#include <chrono>

#include <catch2/catch.hpp>

#include "child_process.h"

namespace prepsearch::test {

RunningServer::RunningServer(ServerOptions options, bool limit_searches) {
  options.port = 0;
  options.quiet = true;
  if (!limit_searches) options.search_rate = 0;
  server_ = std::make_unique<HttpServer>(options);
  port_ = server_->bind();
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->listen(); });
  wait_until([this] { return server_->is_running(); }, std::chrono::seconds(10),
             std::chrono::milliseconds(1));
  REQUIRE(server_->is_running());
}

RunningServer::~RunningServer() {
  server_->stop();
  thread_.join();
}

httplib::Client RunningServer::client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(10, 0);
  return client;
}

nlohmann::json get_json(httplib::Client& client, const std::string& path, int expected_status) {
  const auto res = client.Get(path.c_str());
  REQUIRE(res);
  INFO(path << " → " << res->status << " " << res->body);
  CHECK(res->status == expected_status);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(res->has_header("Referrer-Policy"));
  return nlohmann::json::parse(res->body);
}

}  // namespace prepsearch::test
