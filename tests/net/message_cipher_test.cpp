// tlcpp/net/message_cipher.hpp: MTProto 2.0 packets, published vectors.
// (Packets made by GramJS and mtcute: independent_vectors_test.cpp.)
#include "tlcpp/net/message_cipher.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::net::direction;
using tlcpp::net::message_errc;
using tlcpp::test::unhex;

std::array<std::byte, 256> iota_key() {
  std::array<std::byte, 256> k;
  for (int i = 0; i < 256; ++i) k[i] = std::byte(i);
  return k;
}

// grammers lib/grammers-crypto/src/lib.rs, encrypt_client_data_v2: the text
// plus 19 zero bytes of padding under the 0..255 auth key.
const char* const grammers_client_packet =
    "32d1586ea457dfc8a81729d46db54019a2bfd7f744f9b96c4f716cfdc4477db2a2c15f6ddb85235fb9552f1d8407c6aaea00cc844c5a1bf6"
    "ac44b79b5edc2a23868b3d6073a590992c0f2975243d563ea180d218ee757c9a";

std::vector<std::byte> grammers_plaintext() {
  const std::string text = "Hello, world! This data should remain secure!";
  std::vector<std::byte> plain(64);
  std::memcpy(plain.data(), text.data(), text.size());
  return plain;
}

TEST(MessageCipher, EncryptsGrammersClientVector) {
  tlcpp::net::message_cipher c(iota_key());
  const auto plain = grammers_plaintext();
  std::vector<std::byte> out(100);
  auto packet = c.encrypt(direction::client_to_server, plain, out);
  ASSERT_TRUE(packet) << packet.error().message;
  EXPECT_EQ(to_hex(*packet), grammers_client_packet);

  // In place: the plaintext at [24..), header filled in.
  std::vector<std::byte> buf(24);
  buf.insert(buf.end(), plain.begin(), plain.end());
  ASSERT_TRUE(c.encrypt_in_place(direction::client_to_server, buf));
  EXPECT_EQ(to_hex(buf), grammers_client_packet);
}

TEST(MessageCipher, ServerDecryptsGrammersClientVector) {
  // The server side reads what the client sent: direction client_to_server.
  tlcpp::net::message_cipher c(iota_key());
  const auto packet = unhex(grammers_client_packet);
  std::vector<std::byte> out(64);
  auto plain = c.decrypt(direction::client_to_server, packet, out);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(to_hex(*plain), to_hex(grammers_plaintext()));
  // The wrong direction derives other keys: msg_key does not match.
  auto wrong = c.decrypt(direction::server_to_client, packet, out);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, message_errc::msg_key_mismatch);
  EXPECT_EQ(out, std::vector<std::byte>(64));  // the garbage plaintext was wiped
}

// grammers lib.rs, decrypt_server_data_v2: a packet from a real server
// (msg_container with new_session_created and msgs_ack) and its auth key.
TEST(MessageCipher, DecryptsGrammersServerVector) {
  const auto ak = unhex(
      "5d2e7d65f49ec28bd029a88761ea27b8a4c79f12226525443e7d7c596ef3303530db2107e89aa997c7a0164ab694187adeff156bd6ef71"
      "18a1962347753c0e7e89a0354b8ec364f9997e71bc6923fb86e8e43491e010606a6ce845e2fa01940977ef0aa32adf5a97dbf6d428ec04"
      "34d717a2d3ad19622cc05887642113c7965ffb862a3e3ccb0ab95addda57f89245dbd76b492348f8e94bd5a7c0e0b84808523cfd1ea80b"
      "32fe9ad198bc2e103fceb7d52492ecc0273a28674bc923eee59265ab17a002df1f4aa2c59b819a5e5e1d105ec117336f5c76c6b187037d"
      "4b4270cee9cc21071d97e9bca220c6d7b01b998cf2e5cdb9a50ecda1852a36e635690c8e");
  auto packet = unhex(
      "7a7183c2c10e4f4df945fa9a9abd35e7c3840b61f045304f39674c19c0e209784f50f6226a073529d675c92cbf0bfa8c99a79b3f39c72a"
      "5d9a026d431ab7407ca04ecc55187d6c45f17871524edd90cea02ed728e14d7cb18aea2a636158f09459a9437710d894c79f368c4e8164"
      "b7647ea98612aefe942c5d92121acb8db02dccceb66d0f8720ac12a06db0582bfd955be34f365118e3bab8cd080ce6b45b28eac56dcd2a"
      "29374e");
  const char* const expected =
      "fc826a02248b28fd60f2c4822443ad6801f0c1c2918b305e0200000058000000dcf8f1730200000001a8c1c2918b305e010000001c0000"
      "000809c29ec4fd33ad918b305e18a88ea607ee5816fc826a02248b28fd01ccc1c2918b305e0200000014000000c5737734c4fd33ad918b"
      "305e6408300000000000fce66704a3cd8ee9d0ae6fab672c60c04a3f1fd4490e51f6";
  tlcpp::net::message_cipher c(std::span<const std::byte, 256>(ak.data(), 256));
  EXPECT_EQ(to_hex(c.auth_key_id()), "7a7183c2c10e4f4d");
  auto plain = c.decrypt_in_place(direction::server_to_client, packet);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(to_hex(*plain), expected);
}

TEST(MessageCipher, RefusesMalformedPackets) {
  tlcpp::net::message_cipher c(iota_key());
  const auto good = unhex(grammers_client_packet);
  std::vector<std::byte> out(200);
  auto code = [&](std::vector<std::byte> p) {
    auto r = c.decrypt(direction::client_to_server, p, out);
    EXPECT_FALSE(r);
    return r ? message_errc{} : r.error().code;
  };
  EXPECT_EQ(code({}), message_errc::too_short);
  EXPECT_EQ(code(std::vector<std::byte>(good.begin(), good.begin() + 39)), message_errc::too_short);
  EXPECT_EQ(code(std::vector<std::byte>(good.begin(), good.end() - 1)), message_errc::bad_length);
  auto other_id = good;
  other_id[0] ^= std::byte{1};
  EXPECT_EQ(code(other_id), message_errc::auth_key_id_mismatch);
  for (std::size_t i : {8u, 23u, 24u, 40u, 87u}) {  // msg_key, first block, later blocks
    auto flipped = good;
    flipped[i] ^= std::byte{0x80};
    EXPECT_EQ(code(flipped), message_errc::msg_key_mismatch) << i;
  }
  // A one-block prefix is well formed but fails the msg_key check.
  EXPECT_EQ(code(std::vector<std::byte>(good.begin(), good.begin() + 40)), message_errc::msg_key_mismatch);

  std::vector<std::byte> small(63);
  auto r = c.decrypt(direction::client_to_server, good, small);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, message_errc::buffer_too_small);

  const auto plain = grammers_plaintext();
  auto e = c.encrypt(direction::client_to_server, std::span(plain).first(60), out);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, message_errc::bad_plaintext_length);
  e = c.encrypt(direction::client_to_server, {}, out);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, message_errc::bad_plaintext_length);
  e = c.encrypt(direction::client_to_server, plain, std::span(out).first(87));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, message_errc::buffer_too_small);
}

TEST(MessageCipher, RoundTripsBothDirections) {
  auto key = iota_key();
  key[0] = std::byte{0xaa};
  tlcpp::net::message_cipher client(key), server(key);
  for (std::size_t n = 16; n <= 1024; n += 48) {
    std::vector<std::byte> plain(n);
    for (std::size_t i = 0; i < n; ++i) plain[i] = std::byte(i * 31 + n);
    for (auto d : {direction::client_to_server, direction::server_to_client}) {
      std::vector<std::byte> packet(24 + n), back(n);
      ASSERT_TRUE(client.encrypt(d, plain, packet));
      auto r = server.decrypt(d, packet, back);
      ASSERT_TRUE(r) << r.error().message;
      ASSERT_EQ(back, plain);
    }
  }
}

}  // namespace
