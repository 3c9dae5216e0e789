// The server role for tests (server_session.hpp): a server packet of
// vectors/independent.json byte for byte, server msg_ids by kind, and the
// checks it makes of client packets.
#include "tlcpp/net/server_session.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "net/support/vectors.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/mtproto/ping.hpp"

namespace {

using namespace tlcpp::net;
using tlcpp::to_hex;
using tlcpp::test::hex_field;

constexpr unix_time t0 = msg_id_time(0x658cc34f87854004);

std::array<std::byte, 256> test_key() {
  std::array<std::byte, 256> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::byte>(i * 7 + 3);
  return k;
}

// The first server packet of the vectors (a pong, seq_no 12, built with
// mtcute's KDF): six content-related messages first bring seq_no to 12, at
// earlier times; the padding of all seven is replayed.
TEST(ServerSession, PacketAsTheVectors) {
  const nlohmann::json all = tlcpp::test::load_net_vectors("independent.json");
  const auto& m = all.at("mtproto2");
  const auto key = hex_field(m, "auth_key");
  std::vector<std::byte> plaintext, packet;
  for (const auto& p : m.at("packets"))
    if (p.at("direction") == "server_to_client") {
      plaintext = hex_field(p, "plaintext");
      packet = hex_field(p, "packet");
      break;
    }
  const std::int64_t msg_id = detail::get_le<std::int64_t>(plaintext.data() + 16);
  ASSERT_EQ(msg_id, 0x658cc3504c374019);
  const std::size_t len = detail::get_le<std::uint32_t>(plaintext.data() + 28);
  std::vector<std::byte> draws(6 * padding_for(4));
  draws.insert(draws.end(), plaintext.begin() + static_cast<std::ptrdiff_t>(32 + len), plaintext.end());
  replay_random rng(draws);
  server_session s(auth_key_view(key.data(), 256), std::stoll(m.at("salt").get<std::string>()), rng);
  s.set_session_id(std::stoll(m.at("session_id").get<std::string>()));
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(s.send({server_message(tlcpp::test::unhex("11223344"), server_msg_kind::other)}, t0));
  const std::vector<std::byte> body(plaintext.begin() + 32, plaintext.begin() + static_cast<std::ptrdiff_t>(32 + len));
  auto out = s.send({server_message(body, server_msg_kind::response, false)}, msg_id_time(msg_id));
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(to_hex(*out), to_hex(packet));
  EXPECT_EQ(rng.remaining(), 0u);
}

TEST(ServerSession, MsgIdsByKindAndContainers) {
  const auto key = test_key();
  replay_random rng(std::vector<std::byte>(1024));
  server_session s(key, 1, rng);
  ASSERT_TRUE(s.send({server_message(tlcpp::test::unhex("11223344"), server_msg_kind::response)}, t0));
  EXPECT_EQ(s.last_msg_id() % 4, 1);
  ASSERT_TRUE(s.send({server_message(tlcpp::test::unhex("11223344"), server_msg_kind::other)}, t0));
  EXPECT_EQ(s.last_msg_id() % 4, 3);
  const std::int64_t before = s.last_msg_id();
  ASSERT_TRUE(
      s.send({server_message(tlcpp::test::unhex("11223344")), server_message(tlcpp::test::unhex("55667788"))}, t0));
  EXPECT_EQ(s.last_msg_id() % 4, 3);        // a container is no response
  EXPECT_EQ(s.last_msg_id(), before + 12);  // after its two messages (1 mod 4, then 1 mod 4 again)
}

// Client packets crafted with the cipher directly.
struct client_packets : ::testing::Test {
  std::array<std::byte, 256> key = test_key();
  message_cipher cipher{key};
  replay_random rng{std::vector<std::byte>(256)};
  server_session server{key, 1, rng};

  std::vector<std::byte> packet(std::int64_t msg_id, std::int32_t seq_no, std::span<const std::byte> body) {
    std::vector<std::byte> p(plaintext_header_size + body.size() + padding_for(body.size()));
    write_plaintext_header(std::span<std::byte, plaintext_header_size>(p.data(), plaintext_header_size), 1, 42, msg_id,
                           seq_no, static_cast<std::uint32_t>(body.size()));
    std::copy(body.begin(), body.end(), p.begin() + plaintext_header_size);
    std::vector<std::byte> out(encrypted_header_size + p.size());
    (void)cipher.encrypt(direction::client_to_server, p, out).value();
    return out;
  }
  static std::vector<std::byte> ping() { return tlcpp::serialize(tlcpp::mtproto::ping{5}); }
};
using ServerSessionChecks = client_packets;

TEST_F(ServerSessionChecks, AcceptsAndLearnsTheSession) {
  auto got = server.receive(packet(0x658cc34f87854004, 1, ping()));
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].msg_id, 0x658cc34f87854004);
  EXPECT_EQ((*got)[0].id(), tlcpp::meta<tlcpp::mtproto::ping>::id);
  EXPECT_EQ(server.session_id(), 42);
  EXPECT_EQ(server.sessions(), 1);
  // Padded intermediate's trailing bytes (0..15) are dropped before decrypting.
  auto padded = packet(0x658cc34f87854008, 3, ping());
  padded.resize(padded.size() + 9, std::byte{0xdd});
  auto more = server.receive(padded);
  ASSERT_TRUE(more) << more.error().message;
  EXPECT_EQ((*more)[0].msg_id, 0x658cc34f87854008);
}

TEST_F(ServerSessionChecks, RefusesClientMsgIdNotDivisibleBy4) {
  auto got = server.receive(packet(0x658cc34f87854006, 1, ping()));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, server_session_errc::msg_id_not_client);
}

TEST_F(ServerSessionChecks, RefusesAReplayedPacket) {
  const auto p = packet(0x658cc34f87854004, 1, ping());
  ASSERT_TRUE(server.receive(p));
  auto again = server.receive(p);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, server_session_errc::msg_id_not_increasing);
}

TEST_F(ServerSessionChecks, RefusesSeqNoParity) {
  auto even = server.receive(packet(0x658cc34f87854004, 2, ping()));
  ASSERT_FALSE(even);
  EXPECT_EQ(even.error().code, server_session_errc::seq_no_parity);
  auto odd_ack = server.receive(packet(0x658cc34f87854008, 1, server_session::msgs_ack({1})));
  ASSERT_FALSE(odd_ack);
  EXPECT_EQ(odd_ack.error().code, server_session_errc::seq_no_parity);
}

TEST_F(ServerSessionChecks, RefusesWrongKeyAndBadFraming) {
  auto p = packet(0x658cc34f87854004, 1, ping());
  p[40] ^= std::byte{1};
  auto bad = server.receive(p);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, server_session_errc::cipher);
  std::vector<std::byte> c;
  detail::append_le(c, container_id);
  detail::append_le(c, std::uint32_t{3});
  auto framing = server.receive(packet(0x658cc34f87854004, 2, c));
  ASSERT_FALSE(framing);
  EXPECT_EQ(framing.error().code, server_session_errc::frame);
}

}  // namespace
