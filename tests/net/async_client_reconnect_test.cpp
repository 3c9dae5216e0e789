// tlcpp::net::async_client when the line drops (the loopback server's
// faults): no call in flight lost, and reconnects that do not come back
// ending every call with a typed error.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <exception>
#include <string>
#include <vector>

#include "net/support/async_calls.hpp"
#include "net/support/client_fixture.hpp"
#include "tlcpp/net/async_client.hpp"

namespace {

using namespace std::chrono_literals;
using tlcpp::net::async_client;
using tlcpp::net::client_config;
using tlcpp::net::client_error;
using tlcpp::net::transport_kind;
using tlcpp::test::async_config;
using tlcpp::test::echo_script;
using tlcpp::test::run_calls;
using tlcpp::test::server_key;
namespace asio = boost::asio;

TEST(AsyncClient, ADroppedLineLosesNoCallInFlight) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 7;
  tlcpp::test::loopback_server server(server_key(), echo_script, faults);
  tlcpp::test::counter_random random(13);
  asio::io_context io;
  async_client c(io.get_executor(), async_config(server, transport_kind::full), random);
  constexpr int n = 30;
  std::vector<std::int64_t> got(n, -1);
  std::vector<std::string> errors;
  run_calls(io, c, n, [&](int i) -> asio::awaitable<void> {
    try {
      // Three calls after another in each coroutine: the drops hit calls in flight and calls to come.
      for (int k = 0; k < 3; ++k) {
        const tlcpp::mtproto::Pong p = co_await c.async_call(tlcpp::mtproto::ping{100 * i + k});
        if (p.ping_id != 100 * i + k) errors.push_back("wrong answer " + std::to_string(p.ping_id));
      }
      got[static_cast<std::size_t>(i)] = i;
    } catch (const std::exception& e) {
      errors.push_back(e.what());
    }
  });
  EXPECT_TRUE(errors.empty()) << errors.front();
  for (int i = 0; i < n; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i) << i;
  EXPECT_GE(server.drops(), 1);
  EXPECT_EQ(c.reconnects(), static_cast<std::size_t>(server.drops()));
  EXPECT_GE(c.resends(), c.reconnects());  // at least the one message each drop cut off
  EXPECT_EQ(server.handshakes(), 1);
}

TEST(AsyncClient, ReconnectsThatFailEndEveryCallTyped) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 1;
  tlcpp::test::loopback_server server(server_key(), echo_script, faults);
  tlcpp::test::counter_random random(14);
  asio::io_context io;
  client_config cfg = async_config(server, transport_kind::abridged);
  cfg.reconnect.attempts = 2;
  async_client c(io.get_executor(), cfg, random);
  std::vector<std::string> failures;
  run_calls(io, c, 4, [&](int i) -> asio::awaitable<void> {
    try {
      (void)co_await c.async_call(tlcpp::mtproto::ping{i});
      failures.push_back("answered");
    } catch (const client_error& e) {
      failures.push_back(
          std::string(tlcpp::net::to_string(e.stage())) +
          (std::string(e.what()).find("(2 reconnects did not help)") != std::string::npos ? " after 2" : ""));
    }
  });
  EXPECT_EQ(failures, std::vector<std::string>(4, "closed after 2"));
  EXPECT_EQ(server.connections(), 3);
}

}  // namespace
