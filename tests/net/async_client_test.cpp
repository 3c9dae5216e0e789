// tlcpp::net::async_client against the library's server roles over loopback
// TCP (support/loopback_server.hpp): many calls in flight on one
// connection, each getting its own answer; typed errors; a line that drops
// with calls in flight; a reconnect that does not come back.
#include "tlcpp/net/async_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "net/support/loopback_server.hpp"
#include "net/support/photo_script.hpp"
#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/mtproto/ping.hpp"

namespace {

using namespace std::chrono_literals;
using tlcpp::net::async_client;
using tlcpp::net::client_config;
using tlcpp::net::client_error;
using tlcpp::net::client_stage;
using tlcpp::net::transport_kind;
namespace api = tlcpp::api;
namespace asio = boost::asio;

// The server's key: the handshake tests' (vectors/handshake_server_key.pem).
const tlcpp::net::rsa_private_key& server_key() {
  static const auto key = [] {
    std::ifstream in(TLCPP_NET_VECTORS_DIR "/handshake_server_key.pem", std::ios::binary);
    return tlcpp::net::rsa_private_key::from_pem(std::string(std::istreambuf_iterator<char>(in), {})).value();
  }();
  return key;
}

// The photo script, and pong for ping: its ping_id echoed.
tlcpp::test::rpc_reply echo_script(std::span<const std::byte> request) {
  if (auto p = tlcpp::try_parse<tlcpp::mtproto::ping>(request))
    return {tlcpp::serialize(tlcpp::mtproto::pong{0, p->ping_id}), 0, {}};
  return tlcpp::test::photo_script(request);
}

client_config config_for(const tlcpp::test::loopback_server& server, transport_kind t) {
  client_config c;
  c.host = "127.0.0.1";
  c.port = server.port();
  c.transport = t;
  tlcpp::net::rsa_key_set keys;
  keys.add(server_key().public_key());
  c.keys = std::move(keys);
  c.init.api_id = 12345;
  c.timeout = 10s;
  c.reconnect.first_delay = 1ms;
  return c;
}

// Runs `n` coroutines made by `make(i)` on one client, then closes it;
// bounded by 30 s.
template <class Make>
void run_calls(asio::io_context& io, async_client& c, int n, Make make) {
  auto left = std::make_shared<int>(n);
  for (int i = 0; i < n; ++i)
    asio::co_spawn(
        io,
        [&, i, left]() -> asio::awaitable<void> {
          co_await make(i);
          if (--*left == 0) c.close();
        },
        asio::detached);
  io.run_for(30s);
  EXPECT_EQ(*left, 0) << "calls still waiting after 30 s";
}

class EveryTransport : public ::testing::TestWithParam<transport_kind> {};

TEST_P(EveryTransport, ManyCallsInFlightOnOneConnection) {
  tlcpp::test::loopback_server server(server_key(), echo_script);
  tlcpp::test::counter_random random(11);
  asio::io_context io;
  async_client c(io.get_executor(), config_for(server, GetParam()), random);
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
  async_client c(io.get_executor(), config_for(server, transport_kind::intermediate), random);
  const auto update = [](std::int64_t id) {
    return api::photos::updateProfilePhoto{.id = api::inputPhoto{.id = id, .access_hash = 77, .file_reference = "ref"}};
  };
  const auto expected =
      tlcpp::parse_response<api::photos::updateProfilePhoto>(tlcpp::test::unhex(tlcpp::test::packed_photo_result_hex));
  std::vector<std::string> outcomes(3);
  run_calls(io, c, 3, [&](int i) -> asio::awaitable<void> {
    auto& out = outcomes[static_cast<std::size_t>(i)];
    try {
      const api::photos::Photo p = co_await c.async_call(update(i + 1));
      out = p == expected ? "photo" : "another photo";
    } catch (const tlcpp::errors::photo_id_invalid& e) {
      out = "photo_id_invalid " + std::to_string(e.code());
    } catch (const tlcpp::errors::flood_wait& e) {
      out = "flood_wait " + std::to_string(e.seconds());
    }
  });
  EXPECT_EQ(outcomes, (std::vector<std::string>{"photo", "photo_id_invalid 400", "flood_wait 30"}));
}

TEST(AsyncClient, ADroppedLineLosesNoCallInFlight) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 7;
  tlcpp::test::loopback_server server(server_key(), echo_script, faults);
  tlcpp::test::counter_random random(13);
  asio::io_context io;
  async_client c(io.get_executor(), config_for(server, transport_kind::full), random);
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
  client_config cfg = config_for(server, transport_kind::abridged);
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
