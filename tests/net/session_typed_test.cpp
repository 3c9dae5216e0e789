// A typed call through the session: send_method, the answer event's bytes
// read by tlcpp::parse_response as the method's result or its typed error.
// (Its own program: response.hpp brings the typed errors, which the byte
// level tests in session_test.cpp do not need.)
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/server_session.hpp"
#include "tlcpp/net/session.hpp"
#include "tlcpp/protocol/response.hpp"

namespace {

using namespace tlcpp::net;

constexpr unix_time t0 = msg_id_time(0x658cc34f87854004);

TEST(SessionTyped, AnswerAndErrorThroughParseResponse) {
  std::array<std::byte, 256> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(i * 7 + 3);
  replay_random client_rng(std::vector<std::byte>(256)), server_rng(std::vector<std::byte>(256));
  auto client = session::create(key, 9, 0, client_rng).value();
  server_session server(key, 9, server_rng);
  const call_id ok = client.send_method(tlcpp::mtproto::ping{5});
  const call_id flood = client.send_method(tlcpp::mtproto::ping{6});
  auto got = server.receive(client.take_output(t0).value().value()).value();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(tlcpp::parse<tlcpp::mtproto::ping>(got[0].body).ping_id, 5);
  auto packet = server.send({server_session::rpc_result(got[0].msg_id, server_session::pong(got[0].msg_id, 5)),
                             server_session::rpc_error(got[1].msg_id, 420, "FLOOD_WAIT_30")},
                            t0);
  auto events = client.receive(packet.value(), t0);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 2u);
  const auto& a = std::get<answer>((*events)[0]);
  EXPECT_EQ(a.call, ok);
  const tlcpp::mtproto::pong pong = tlcpp::parse_response<tlcpp::mtproto::ping>(a.result);
  EXPECT_EQ(pong.ping_id, 5);
  EXPECT_EQ(pong.msg_id, got[0].msg_id);
  const auto& e = std::get<answer>((*events)[1]);
  EXPECT_EQ(e.call, flood);
  EXPECT_TRUE(e.is_rpc_error());
  auto typed = tlcpp::try_parse_response<tlcpp::mtproto::ping>(e.result);
  ASSERT_FALSE(typed);
  ASSERT_NE(typed.error().rpc(), nullptr);
  EXPECT_EQ(typed.error().rpc()->code, 420);
  EXPECT_TRUE(typed.error().is<tlcpp::errors::flood_wait>());
}

}  // namespace
