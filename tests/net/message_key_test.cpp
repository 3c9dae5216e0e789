// tlcpp/net/message_key.hpp: msg_key and the MTProto 2.0 and 1.0 KDFs.
#include "tlcpp/net/message_key.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::net::direction;
using tlcpp::test::unhex;

std::array<std::byte, 256> iota_key() {
  std::array<std::byte, 256> k;
  for (int i = 0; i < 256; ++i) k[i] = std::byte(i);
  return k;
}

tlcpp::net::msg_key iota_msg_key() {
  tlcpp::net::msg_key k;
  for (int i = 0; i < 16; ++i) k[i] = std::byte(i);
  return k;
}

// mtcute packages/core/src/utils/crypto/mtproto.test.ts: the auth key is a
// 32-byte chunk repeated 8 times.
std::array<std::byte, 256> mtcute_auth_key() {
  const auto chunk = unhex("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
  std::array<std::byte, 256> k;
  for (int i = 0; i < 256; ++i) k[i] = chunk[i % 32];
  return k;
}
tlcpp::net::msg_key mtcute_msg_key() {
  const auto b = unhex("25d701f2a29205526757825a99eb2d32");
  tlcpp::net::msg_key k{};
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

TEST(MessageKey, X) {
  EXPECT_EQ(tlcpp::net::kdf_x(direction::client_to_server), 0u);
  EXPECT_EQ(tlcpp::net::kdf_x(direction::server_to_client), 8u);
}

// grammers lib/grammers-crypto/src/lib.rs, tests calc_client_key and
// calc_server_key: auth key 0..255, msg_key 0..15.
TEST(MessageKey, V2KdfGrammersVectors) {
  const auto ak = iota_key();
  const auto c = tlcpp::net::message_aes_key_iv(ak, iota_msg_key(), direction::client_to_server);
  EXPECT_EQ(to_hex(c.key), "704ed09c8b41668ae8f99d244738f71dbddc44469b6bbd4aa8573dd042bd059e");
  EXPECT_EQ(to_hex(c.iv), "4d266000a550edabbf4c7ce40fd0043cc92230184cd317a5cc9c2482fd3b9318");
  const auto s = tlcpp::net::message_aes_key_iv(ak, iota_msg_key(), direction::server_to_client);
  EXPECT_EQ(to_hex(s.key), "217725799b245806458174a1fcfbc883906807b15033fdd0ea2b4d69cf9c364e");
  EXPECT_EQ(to_hex(s.iv), "669a6538917a4fa56ca32360a431c9160be4ad887140980dab91ce7bdc47ffbc");
}

// mtcute mtproto.test.ts, 'mtproto 2.0'.
TEST(MessageKey, V2KdfMtcuteVectors) {
  const auto ak = mtcute_auth_key();
  const auto c = tlcpp::net::message_aes_key_iv(ak, mtcute_msg_key(), direction::client_to_server);
  EXPECT_EQ(to_hex(c.key), "af3f8e1ffa75f4c981eec33a3e5bbaa2ea48f9bb93e91597627eb1f67960a0c9");
  EXPECT_EQ(to_hex(c.iv), "9874d77f95155b35221bff94b7df4594c6996e2a62e44fcb7d93c8c4e41b79ee");
  const auto s = tlcpp::net::message_aes_key_iv(ak, mtcute_msg_key(), direction::server_to_client);
  EXPECT_EQ(to_hex(s.key), "d4b378e1e0525f10ff9d4c42807ccce5b30a033a8088c0b922b5259421751648");
  EXPECT_EQ(to_hex(s.iv), "4d7194f42f0135d2fd83050b403265b4c40ee3e9e9fba56f0f4d8ea6bcb121f5");
}

// mtcute mtproto.test.ts, 'mtproto 1.0'.
TEST(MessageKey, V1KdfMtcuteVectors) {
  const auto ak = mtcute_auth_key();
  const auto c = tlcpp::net::message_aes_key_iv_v1(ak, mtcute_msg_key(), direction::client_to_server);
  EXPECT_EQ(to_hex(c.key), "1fc7b40b1d9ffbdaf4d652525a748864259698f89214abf27c0d36cb9d4cd5db");
  EXPECT_EQ(to_hex(c.iv), "7251fbda39ec5e6e089f15ded5963b03d6d8d0f7078898431fc7b40b1d9ffbda");
  const auto s = tlcpp::net::message_aes_key_iv_v1(ak, mtcute_msg_key(), direction::server_to_client);
  EXPECT_EQ(to_hex(s.key), "af0e4e01318654be40ab42b125909d43b44bdeef571ff1a5dfb81474ae26d467");
  EXPECT_EQ(to_hex(s.iv), "15c9ba6021d2c5cf04f0842540ae216a970b4eac8f46ef01af0e4e01318654be");
}

// grammers lib.rs, encrypt_client_data_v2: "Hello, world! This data should
// remain secure!" with 19 zero bytes of padding under the 0..255 auth key
// has msg_key bytes 8..24 of the published packet.
TEST(MessageKey, V2MsgKeyGrammersVector) {
  const std::string text = "Hello, world! This data should remain secure!";
  std::vector<std::byte> plain(64);
  std::memcpy(plain.data(), text.data(), text.size());
  const auto mk = tlcpp::net::message_key(iota_key(), direction::client_to_server, plain);
  EXPECT_EQ(to_hex(mk), "a81729d46db54019a2bfd7f744f9b96c");
}

TEST(MessageKey, V2MsgKeyDependsOnDirection) {
  const auto ak = iota_key();
  const std::vector<std::byte> plain(32, std::byte{1});
  // x = 8 takes auth_key[96..128) instead of [88..120).
  const auto c = tlcpp::net::message_key(ak, direction::client_to_server, plain);
  const auto s = tlcpp::net::message_key(ak, direction::server_to_client, plain);
  EXPECT_NE(c, s);
  const auto large = tlcpp::net::sha256(std::span(ak).subspan(96, 32), plain);
  EXPECT_EQ(to_hex(s), to_hex(std::span(large).subspan(8, 16)));
}

TEST(MessageKey, V1MsgKeyIsLower128BitsOfSha1) {
  const auto data = unhex("0102030405");
  const auto h = tlcpp::net::sha1(data);
  EXPECT_EQ(to_hex(tlcpp::net::message_key_v1(data)), to_hex(std::span(h).subspan(4, 16)));
}

}  // namespace
