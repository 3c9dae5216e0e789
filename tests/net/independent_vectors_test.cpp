// Vectors from implementations independent of tlcpp (GramJS, mtcute), made
// by tools/vectors/net/crypto.mjs into vectors/independent.json: tlcpp
// must produce their bytes from the same inputs and read what they wrote.
#include <gtest/gtest.h>

#include <vector>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_pad.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::test::hex_field;

const nlohmann::json& vectors() {
  static const nlohmann::json v = tlcpp::test::load_net_vectors("independent.json");
  return v;
}

// GramJS's RSA_PAD (network/Authenticator.js) with its randomness replayed:
// padding then temp_keys, the order tlcpp draws them in too.
TEST(IndependentVectors, GramjsRsaPad) {
  const auto keys = tlcpp::net::telegram_test_keys();
  int with_retry = 0;
  for (const auto& v : vectors().at("rsa_pad")) {
    const auto* key = keys.find(std::stoll(v.at("key_fingerprint").get<std::string>()));
    ASSERT_NE(key, nullptr);
    tlcpp::net::replay_random rng(hex_field(v, "random"));
    auto out = tlcpp::net::rsa_pad_encrypt(hex_field(v, "data"), *key, rng);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(to_hex(*out), to_hex(hex_field(v, "encrypted_data")));
    EXPECT_EQ(rng.remaining(), 0u);  // drew exactly what GramJS drew
    EXPECT_EQ((rng.consumed() - (192 - hex_field(v, "data").size())) / 32, v.at("temp_keys_drawn").get<std::size_t>());
    with_retry += v.at("temp_keys_drawn").get<int>() > 1;
  }
  EXPECT_EQ(with_retry, 1);
}

// MTProto 2.0 packets: client to server by mtcute and GramJS, server to
// client built from mtcute's KDF and accepted by both. tlcpp encrypts each
// plaintext to the same packet and decrypts each packet to its plaintext.
TEST(IndependentVectors, Mtproto2Packets) {
  const auto& m = vectors().at("mtproto2");
  const auto key = hex_field(m, "auth_key");
  ASSERT_EQ(key.size(), 256u);
  tlcpp::net::message_cipher cipher(std::span<const std::byte, 256>(key.data(), 256));
  EXPECT_EQ(to_hex(cipher.auth_key_id()), to_hex(hex_field(m, "auth_key_id")));
  int by_direction[2] = {0, 0};
  for (const auto& p : m.at("packets")) {
    SCOPED_TRACE(p.at("by").get<std::string>());
    const auto d = p.at("direction") == "client_to_server" ? tlcpp::net::direction::client_to_server
                                                           : tlcpp::net::direction::server_to_client;
    const auto plaintext = hex_field(p, "plaintext");
    const auto packet = hex_field(p, "packet");
    // The plaintext starts with the salt and the session id, little-endian.
    std::int64_t salt, session;
    std::memcpy(&salt, plaintext.data(), 8);
    std::memcpy(&session, plaintext.data() + 8, 8);
    EXPECT_EQ(salt, std::stoll(m.at("salt").get<std::string>()));
    EXPECT_EQ(session, std::stoll(m.at("session_id").get<std::string>()));

    std::vector<std::byte> out(packet.size());
    auto enc = cipher.encrypt(d, plaintext, out);
    ASSERT_TRUE(enc) << enc.error().message;
    EXPECT_EQ(to_hex(*enc), to_hex(packet));
    std::vector<std::byte> back(plaintext.size());
    auto dec = cipher.decrypt(d, packet, back);
    ASSERT_TRUE(dec) << dec.error().message;
    EXPECT_EQ(to_hex(*dec), to_hex(plaintext));
    ++by_direction[static_cast<int>(d)];
  }
  EXPECT_EQ(by_direction[0], 5);
  EXPECT_EQ(by_direction[1], 3);
}

}  // namespace
