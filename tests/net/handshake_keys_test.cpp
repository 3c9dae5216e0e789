// tlcpp/net/handshake_keys.hpp: the handshake's SHA-1 derived values.
#include "tlcpp/net/handshake_keys.hpp"

#include <gtest/gtest.h>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::test::hex_field;

template <std::size_t N>
std::span<const std::byte, N> fixed(const std::vector<std::byte>& v) {
  EXPECT_EQ(v.size(), N);
  return std::span<const std::byte, N>(v.data(), N);
}

// grammers lib/grammers-crypto/src/lib.rs, test key_from_nonce:
// server_nonce = 0..15, new_nonce = 0..31.
TEST(HandshakeKeys, TmpAesKeyGrammersVector) {
  std::array<std::byte, 16> sn;
  std::array<std::byte, 32> nn;
  for (int i = 0; i < 16; ++i) sn[i] = std::byte(i);
  for (int i = 0; i < 32; ++i) nn[i] = std::byte(i);
  const auto k = tlcpp::net::handshake_aes_key_iv(sn, nn);
  EXPECT_EQ(to_hex(k.key), "0758f1533b615d24f6e8a94a6fcbee0a55eaab2217d7295ca9213d1a2d7d16a6");
  EXPECT_EQ(to_hex(k.iv), "5a84108e9805656ce864070e166e6218f6783e8511471a5ab7802cf200010203");
}

// core.telegram.org/mtproto/samples-auth_key (vectors/samples_auth_key.json).
TEST(HandshakeKeys, SamplesAuthKeyExample) {
  const auto v = tlcpp::test::load_net_vectors("samples_auth_key.json");
  const auto sn = hex_field(v, "server_nonce"), nn = hex_field(v, "new_nonce"), ak = hex_field(v, "auth_key");
  const auto k = tlcpp::net::handshake_aes_key_iv(fixed<16>(sn), fixed<32>(nn));
  EXPECT_EQ(to_hex(k.key), to_hex(hex_field(v, "tmp_aes_key")));
  EXPECT_EQ(to_hex(k.iv), to_hex(hex_field(v, "tmp_aes_iv")));
  EXPECT_EQ(to_hex(tlcpp::net::new_nonce_hash(fixed<32>(nn), std::byte{1}, fixed<256>(ak))),
            to_hex(hex_field(v, "new_nonce_hash1")));
  EXPECT_NE(to_hex(tlcpp::net::new_nonce_hash(fixed<32>(nn), std::byte{2}, fixed<256>(ak))),
            to_hex(hex_field(v, "new_nonce_hash1")));
  const auto h = tlcpp::net::sha1(ak);
  EXPECT_EQ(to_hex(tlcpp::net::auth_key_id(fixed<256>(ak))), to_hex(std::span(h).subspan(12, 8)));
  EXPECT_EQ(to_hex(tlcpp::net::auth_key_aux_hash(fixed<256>(ak))), to_hex(std::span(h).first(8)));
}

}  // namespace
