// Client session and server role joined by an in-memory pipe through each
// transport (framing both ways, bytes delivered in small pieces): the same
// answers arrive whatever carries them, padded intermediate's padding
// included (the session drops it).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "net/support/transport.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/server_session.hpp"
#include "tlcpp/net/session.hpp"
#include "tlcpp/net/transport.hpp"

namespace {

using namespace tlcpp::net;

constexpr unix_time t0 = msg_id_time(0x658cc34f87854004);

// Delivers `bytes` to `to` in pieces of 7 bytes; the frames that complete.
template <class T>
std::vector<std::vector<std::byte>> pipe(T& to, std::span<const std::byte> bytes) {
  std::vector<std::vector<std::byte>> frames;
  for (std::size_t at = 0; at < bytes.size(); at += 7) {
    auto f = decode_all(to, bytes.subspan(at, std::min<std::size_t>(7, bytes.size() - at)), [&](received&& r) {
      EXPECT_EQ(r.kind, received_kind::frame);
      frames.push_back(std::move(r.payload));
    });
    EXPECT_FALSE(f) << f->message();
  }
  return frames;
}

template <class Client, class Server>
void round_trip(Client& client_transport, Server& server_transport) {
  std::array<std::byte, 256> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(i * 7 + 3);
  tlcpp::test::counter_random client_rng(1), server_rng(2);
  auto client = session::create(key, 9, 0, client_rng).value();
  server_session server(key, 9, server_rng);
  const call_id a = client.send(tlcpp::serialize(tlcpp::mtproto::ping{1}));
  const call_id b = client.send(tlcpp::serialize(tlcpp::mtproto::ping{2}));

  std::vector<std::byte> wire;
  ASSERT_FALSE(client_transport.encode(client.take_output(t0).value().value(), wire));
  auto frames = pipe(server_transport, wire);
  ASSERT_EQ(frames.size(), 1u);
  auto got = server.receive(frames[0]);
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->size(), 2u);

  wire.clear();
  for (const client_message& m : *got) {  // one packet per answer
    auto packet = server.send({server_session::rpc_result(m.msg_id, server_session::pong(m.msg_id, 7))}, t0);
    ASSERT_FALSE(server_transport.encode(packet.value(), wire));
  }
  frames = pipe(client_transport, wire);
  ASSERT_EQ(frames.size(), 2u);
  std::vector<call_id> answered;
  for (const auto& f : frames) {
    auto ev = client.receive(f, t0);
    ASSERT_TRUE(ev) << ev.error().message;
    for (const auto& e : *ev) answered.push_back(std::get<answer>(e).call);
  }
  EXPECT_EQ(answered, (std::vector<call_id>{a, b}));
  EXPECT_EQ(client.unanswered(), 0u);
}

TEST(SessionPipe, Intermediate) {
  intermediate c(role::client), s(role::server);
  round_trip(c, s);
}

TEST(SessionPipe, PaddedIntermediate) {
  tlcpp::test::counter_random r1(3), r2(4);
  padded_intermediate c(role::client, r1), s(role::server, r2);
  round_trip(c, s);
}

TEST(SessionPipe, Abridged) {
  abridged c(role::client), s(role::server);
  round_trip(c, s);
}

TEST(SessionPipe, Full) {
  full c(role::client), s(role::server);
  round_trip(c, s);
}

TEST(SessionPipe, Obfuscated2PaddedIntermediate) {
  tlcpp::test::counter_random r1(5), r2(6);
  obfuscated2_options o;
  o.inner = transport_kind::padded_intermediate;
  o.dc_id = 2;
  auto c = obfuscated2::client(o, r1).value();
  obfuscated2_server_options so;
  so.random = &r2;
  obfuscated2 s(so);
  round_trip(c, s);
}

}  // namespace

namespace {

// The server answers -404 and drops the connection; the client, told so by
// its transport, calls on_disconnect and on a new connection sends the
// request again under a new msg_id; it is answered once.
TEST(SessionPipe, TransportErrorThenReconnectAndResend) {
  std::array<std::byte, 256> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(i * 7 + 3);
  tlcpp::test::counter_random client_rng(1), server_rng(2);
  auto client = session::create(key, 9, 0, client_rng).value();
  server_session server(key, 9, server_rng);
  const call_id call = client.send(tlcpp::serialize(tlcpp::mtproto::ping{1}));

  intermediate c1(role::client), s1(role::server);
  std::vector<std::byte> wire;
  ASSERT_FALSE(c1.encode(client.take_output(t0).value().value(), wire));
  const auto first = server.receive(pipe(s1, wire).at(0)).value();
  wire.clear();
  ASSERT_FALSE(s1.encode_transport_error(-404, wire));
  std::vector<received> got;
  ASSERT_FALSE(decode_all(c1, wire, [&](received&& r) { got.push_back(std::move(r)); }));
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].kind, received_kind::transport_error);
  EXPECT_EQ(got[0].error_code, -404);
  client.on_disconnect();

  intermediate c2(role::client), s2(role::server);
  wire.clear();
  ASSERT_FALSE(c2.encode(client.take_output(t0 + std::chrono::seconds(1)).value().value(), wire));
  const auto again = server.receive(pipe(s2, wire).at(0)).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].body, first[0].body);
  EXPECT_GT(again[0].msg_id, first[0].msg_id);
  wire.clear();
  for (const std::int64_t id : {again[0].msg_id, first[0].msg_id}) {  // the server answers both: only one counts
    auto p = server.send({server_session::rpc_result(id, server_session::pong(id, 1))}, t0 + std::chrono::seconds(1));
    ASSERT_FALSE(s2.encode(p.value(), wire));
  }
  std::vector<call_id> answered;
  for (const auto& f : pipe(c2, wire)) {
    auto ev = client.receive(f, t0 + std::chrono::seconds(1));
    ASSERT_TRUE(ev) << ev.error().message;
    for (const auto& e : *ev) answered.push_back(std::get<answer>(e).call);
  }
  EXPECT_EQ(answered, std::vector<call_id>{call});
}

}  // namespace
