// tlcpp/net/rsa_pad.hpp: RSA_PAD encryption (decrypted by rsa_private_key.hpp).
// (mtcute's RSA_PAD of fixed data and randomness: independent_vectors_test.cpp.)
#include "tlcpp/net/rsa_pad.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_private_key.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::net::rsa_pad_errc;
using tlcpp::test::unhex;

std::vector<std::byte> cat(std::vector<std::byte> a, const std::vector<std::byte>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// grammers lib/grammers-crypto/src/rsa.rs, test_rsa_encryption: 96 bytes of
// p_q_inner_data under Telegram's test key. grammers takes the padding from
// the start of a 256-byte random buffer and temp_keys from its offset 192 on;
// replayed here in tlcpp's order (padding, then temp_keys). The buffer holds
// two temp_keys, and both are needed.
TEST(RsaPad, GrammersVector) {
  const auto data = unhex(
      "955ff5a9081a8e635f5743de9b00000004453dc27100000004622f1fcb000000f7a81627bbf511fa4afef71e94a0937474586c1add9198"
      "dda81a5df8393871c8293623c5fb968894af1be7dfe9c7be813f9307789242fd0cb0c16a5cb39a8d3e");
  const auto padding = unhex(
      "12270000635593b03fee033d0672f9afddf9124de9e77df6251806cba93482e4c9e6e06e7d44e4c4baae821aff91af44789689faaee9bd"
      "fc7b2df8c08709afe57396c4638ceaa0dc30114f82447e81d3b53edc423b32660c43a5b8ad057b6450");
  const auto temp_keys = unhex(
      "7dada0920c4973913229e0f881aec7b9db0c392d34f52fb0995ea493ecb4c09daaf68fe9554ec7a59c03e4035952b220b47a8d06aad7"
      "1134110d8c44948901f8");
  tlcpp::net::replay_random rng(cat(padding, temp_keys));
  const auto key = tlcpp::net::telegram_test_keys().keys()[0].key;
  auto out = tlcpp::net::rsa_pad_encrypt(data, key, rng);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(
      to_hex(*out),
      "c6d211349fc10cda6983276250b09f4be9b39f533b5d314b732b51a6dd72234dab4224209992c894e0e4c9f30249f1dbbd1630a27b98"
      "f2f92a53c00baabbd46f380bd35f417e5ec2edb43f7644b5c81af011d736eb369265e848b553ae5e6350dd5695efc72bde0e35f3c3fc"
      "827b91eb97cf1efdbff12269b9c33f81645adebc89ed167edc19d285237a754bf629aa358ed08498863b2aec8b7139001627bbe8bdef"
      "239474a5a43e664d278f39e72d694a206d7b838fd40868a71c4bfbffa38b7679faa502b7795cbe5ae1bd05ca7eb01ff5b05107265fd3"
      "9bd5b4e19d392b735a3b0b5b21473062981bff86ff9084a7b594775e3127c05fd454e19f794a4ab4");
  // Both temp_keys were drawn: the first one's key_aes_encrypted is not
  // below n, so grammers' vector exercises the retry. With the first alone:
  EXPECT_EQ(rng.remaining(), 0u);
  tlcpp::net::replay_random first_only(cat(padding, std::vector<std::byte>(temp_keys.begin(), temp_keys.begin() + 32)));
  auto r = tlcpp::net::rsa_pad_encrypt(data, key, first_only);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::random_failure);
}

TEST(RsaPad, RoundTripThroughTheServerSide) {
  auto server = tlcpp::net::rsa_private_key::generate();
  ASSERT_TRUE(server) << server.error().message;
  tlcpp::net::openssl_random rng;
  for (std::size_t n : {0u, 1u, 100u, 144u}) {
    std::vector<std::byte> data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = std::byte(i + 1);
    auto enc = tlcpp::net::rsa_pad_encrypt(data, server->public_key(), rng);
    ASSERT_TRUE(enc) << enc.error().message;
    auto dec = server->rsa_pad_decrypt(*enc);
    ASSERT_TRUE(dec) << dec.error().message;
    EXPECT_TRUE(std::equal(data.begin(), data.end(), dec->begin())) << n;
  }
}

TEST(RsaPad, EncryptRefusals) {
  const auto key = tlcpp::net::telegram_production_keys().keys()[0].key;
  tlcpp::net::openssl_random rng;
  auto r = tlcpp::net::rsa_pad_encrypt(std::vector<std::byte>(145), key, rng);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::data_too_long);
  EXPECT_EQ(r.error().message, "RSA_PAD: 145 bytes of data, more than 144");

  // Too little randomness: the padding, then the temp_key.
  tlcpp::net::replay_random short_pad(std::vector<std::byte>(91));
  r = tlcpp::net::rsa_pad_encrypt(std::vector<std::byte>(100), key, short_pad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::random_failure);
  EXPECT_EQ(r.error().message, "RSA_PAD: padding: replay_random: asked for 92 bytes, 91 left of the 91 given");
  tlcpp::net::replay_random short_key(std::vector<std::byte>(92 + 31));
  r = tlcpp::net::rsa_pad_encrypt(std::vector<std::byte>(100), key, short_key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::random_failure);

  // A 1024-bit key is no MTProto key.
  auto small = tlcpp::net::rsa_private_key::generate(1024).value();
  r = tlcpp::net::rsa_pad_encrypt({}, small.public_key(), rng);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::key_not_2048_bits);
  EXPECT_EQ(small.rsa_pad_decrypt(std::vector<std::byte>(256)).error().code, rsa_pad_errc::key_not_2048_bits);
}

// A key whose modulus is 2^2047 + 1: key_aes_encrypted >= n about every
// other temp_key (whenever the top bit of temp_key XOR SHA256(...) is set).
TEST(RsaPad, RetriesDrawNewTempKeysUntilBelowModulus) {
  std::vector<std::byte> n(256, std::byte{0});
  n[0] = std::byte{0x80};
  n[255] = std::byte{0x01};
  const auto key = tlcpp::net::rsa_public_key::from_n_e(n, unhex("010001")).value();
  const std::vector<std::byte> padding(192, std::byte{0});  // no data: 192 bytes of padding
  auto temp_key = [](int i) {
    std::vector<std::byte> k(32);
    for (int j = 0; j < 32; ++j) k[j] = std::byte(i * 7 + j);
    return k;
  };
  // Sort candidate temp_keys by whether their first attempt succeeds: given
  // one temp_key only, a failing one asks for a second and runs out.
  std::vector<int> failing, passing;
  for (int i = 0; i < 400 && (failing.size() < 64 || passing.empty()); ++i) {
    tlcpp::net::replay_random rng(cat(padding, temp_key(i)));
    auto r = tlcpp::net::rsa_pad_encrypt({}, key, rng);
    if (r) {
      passing.push_back(i);
    } else {
      ASSERT_EQ(r.error().code, rsa_pad_errc::random_failure) << r.error().message;
      EXPECT_EQ(r.error().message, "RSA_PAD: temp_key: replay_random: asked for 32 bytes, 0 left of the 224 given");
      failing.push_back(i);
    }
  }
  ASSERT_EQ(failing.size(), 64u);
  ASSERT_FALSE(passing.empty());

  // A failing temp_key, then a passing one: two drawn, and the result is
  // that of the passing one alone.
  tlcpp::net::replay_random two(cat(cat(padding, temp_key(failing[0])), temp_key(passing[0])));
  auto r = tlcpp::net::rsa_pad_encrypt({}, key, two);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(two.consumed(), 192u + 64u);
  tlcpp::net::replay_random one(cat(padding, temp_key(passing[0])));
  EXPECT_EQ(to_hex(*r), to_hex(tlcpp::net::rsa_pad_encrypt({}, key, one).value()));

  // 64 failing temp_keys: the attempts run out.
  auto all = padding;
  for (int i : failing) all = cat(all, temp_key(i));
  tlcpp::net::replay_random many(all);
  r = tlcpp::net::rsa_pad_encrypt({}, key, many);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, rsa_pad_errc::retries_exhausted);
  EXPECT_EQ(many.remaining(), 0u);
}

}  // namespace
