// tlcpp/net/rsa_private_key.hpp: the test server's key, PEM, and
// rsa_pad_decrypt's checks.
#include "tlcpp/net/rsa_private_key.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tlcpp/net/rsa_key_set.hpp"

namespace {

using tlcpp::net::rsa_pad_errc;

TEST(RsaPrivateKey, RsaPadDecryptChecks) {
  auto server = tlcpp::net::rsa_private_key::generate().value();
  tlcpp::net::openssl_random rng;
  const std::vector<std::byte> data(100, std::byte{0x42});
  const auto enc = tlcpp::net::rsa_pad_encrypt(data, server.public_key(), rng).value();

  auto code = [&](std::span<const std::byte> c) {
    auto r = server.rsa_pad_decrypt(c);
    EXPECT_FALSE(r);
    return r ? rsa_pad_errc{} : r.error().code;
  };
  EXPECT_EQ(code(std::span(enc).first(255)), rsa_pad_errc::bad_length);
  EXPECT_EQ(code({}), rsa_pad_errc::bad_length);
  std::vector<std::byte> longer(enc.begin(), enc.end());
  longer.push_back(std::byte{0});
  EXPECT_EQ(code(longer), rsa_pad_errc::bad_length);
  // encrypted_data >= n.
  std::vector<std::byte> big(server.public_key().n().begin(), server.public_key().n().end());
  EXPECT_EQ(code(big), rsa_pad_errc::ciphertext_not_below_modulus);  // = n
  EXPECT_EQ(code(std::vector<std::byte>(256, std::byte{0xff})), rsa_pad_errc::ciphertext_not_below_modulus);
  // A tampered ciphertext decrypts to something whose hash does not match.
  for (std::size_t i : {255u, 128u, 1u}) {
    auto bad = enc;
    bad[i] ^= std::byte{0x01};
    if (std::memcmp(bad.data(), big.data(), 256) >= 0) continue;
    EXPECT_EQ(code(bad), rsa_pad_errc::hash_mismatch) << i;
  }
  // The same data encrypted to another key.
  auto other = tlcpp::net::rsa_private_key::generate().value();
  const auto enc_other = tlcpp::net::rsa_pad_encrypt(data, other.public_key(), rng).value();
  if (std::memcmp(enc_other.data(), big.data(), 256) < 0) {
    EXPECT_EQ(code(enc_other), rsa_pad_errc::hash_mismatch);
  }
  auto s = server.rsa_pad_decrypt(std::span(enc).first(10));
  EXPECT_EQ(s.error().message, "RSA_PAD decrypt: encrypted_data of 10 bytes, not 256");
}

TEST(RsaPrivateKey, PemRoundTrip) {
  auto key = tlcpp::net::rsa_private_key::generate().value();
  EXPECT_EQ(key.public_key().bits(), 2048u);
  auto pem = key.to_pem();
  ASSERT_TRUE(pem);
  EXPECT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  auto back = tlcpp::net::rsa_private_key::from_pem(*pem);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->public_key(), key.public_key());
  // Its public key as Telegram publishes keys: PKCS#1, and back.
  auto pub_pem = key.public_key().to_pem().value();
  EXPECT_EQ(pub_pem.rfind("-----BEGIN RSA PUBLIC KEY-----\n", 0), 0u);
  EXPECT_EQ(tlcpp::net::rsa_public_key::from_pem(pub_pem).value(), key.public_key());
  // What one key encrypts, the reloaded key decrypts.
  tlcpp::net::openssl_random rng;
  const std::vector<std::byte> data(144, std::byte{7});
  auto enc = tlcpp::net::rsa_pad_encrypt(data, key.public_key(), rng).value();
  auto dec = back->rsa_pad_decrypt(enc);
  ASSERT_TRUE(dec);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), dec->begin()));
}

TEST(RsaPrivateKey, RefusesGarbagePem) {
  using tlcpp::net::rsa_key_errc;
  EXPECT_EQ(tlcpp::net::rsa_private_key::from_pem("nothing").error().code, rsa_key_errc::not_pem);
  EXPECT_EQ(tlcpp::net::rsa_private_key::from_pem(tlcpp::net::telegram_test_key_pem).error().code,
            rsa_key_errc::unsupported_pem_label);
  EXPECT_EQ(tlcpp::net::rsa_private_key::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .error()
                .code,
            rsa_key_errc::bad_encoding);
}

}  // namespace
