// tlcpp::net::async_client against the library's server roles over loopback
// TCP (support/loopback_server.hpp): many calls in flight on one
// connection, each getting its own answer; typed errors; and when the line
// drops (the server's faults): no call in flight lost, and reconnects that
// do not come back ending every call with a typed error.
#include "tlcpp/net/async_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <string>
#include <vector>

#include "net/support/async_calls.hpp"
#include "net/support/client_fixture.hpp"
#include "tlcpp/api/errors.hpp"

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
using tlcpp::test::update_photo;
namespace api = tlcpp::api;
namespace asio = boost::asio;

class EveryTransport : public ::testing::TestWithParam<transport_kind> {};

TEST_P(EveryTransport, ManyCallsInFlightOnOneConnection) {
  tlcpp::test::loopback_server server(server_key(), echo_script);
  tlcpp::test::counter_random random(11);
  asio::io_context io;
  async_client c(io.get_executor(), async_config(server, GetParam()), random);
  constexpr int n = 40;
  std::vector<std::int64_t> got(n, -1);
  std::size_t most_in_flight = 0;
  run_calls(io, c, n, [&](int i) -> asio::awaitable<void> {
    const tlcpp::mtproto::Pong p = co_await c.async_call(tlcpp::mtproto::ping{1000 + i});
    most_in_flight = std::max(most_in_flight, c.in_flight() + 1);
    got[static_cast<std::size_t>(i)] = p.ping_id;
  });
  for (int i = 0; i < n; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], 1000 + i) << i;
  EXPECT_GT(most_in_flight, 1u);  // calls overlapped
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.handshakes(), 1);
  EXPECT_EQ(c.reconnects(), 0u);
  EXPECT_TRUE(server.problems().empty()) << server.problems().front();
  EXPECT_EQ(c.refused_packets(), 0u) << c.last_refusal();
}

INSTANTIATE_TEST_SUITE_P(AsyncClient, EveryTransport,
                         ::testing::Values(transport_kind::abridged, transport_kind::intermediate,
                                           transport_kind::padded_intermediate, transport_kind::full,
                                           transport_kind::obfuscated2),
                         [](const auto& info) {
                           std::string name(tlcpp::net::to_string(info.param));
                           for (char& ch : name)
                             if (ch == ' ') ch = '_';
                           return name;
                         });

TEST(AsyncClient, TheThreeOutcomesTyped) {
  tlcpp::test::loopback_server server(server_key(), echo_script);
  tlcpp::test::counter_random random(12);
  asio::io_context io;
  async_client c(io.get_executor(), async_config(server, transport_kind::intermediate), random);
  const auto expected = tlcpp::test::expected_photo();
  std::vector<std::string> outcomes(3);
  run_calls(io, c, 3, [&](int i) -> asio::awaitable<void> {
    auto& out = outcomes[static_cast<std::size_t>(i)];
    try {
      const api::photos::Photo p = co_await c.async_call(update_photo(i + 1));
      out = p == expected ? "photo" : "another photo";
    } catch (const tlcpp::errors::photo_id_invalid& e) {
      out = "photo_id_invalid " + std::to_string(e.code());
    } catch (const tlcpp::errors::flood_wait& e) {
      out = "flood_wait " + std::to_string(e.seconds());
    }
  });
  EXPECT_EQ(outcomes, (std::vector<std::string>{"photo", "photo_id_invalid 400", "flood_wait 30"}));
}

// --- when the line drops (the loopback server's faults) ---

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
