// tlcpp/net/rsa_public_key.hpp: PEM in both forms, refusals, fingerprints.
#include "tlcpp/net/rsa_public_key.hpp"

#include <gtest/gtest.h>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/rsa_key_set.hpp"

namespace {

using tlcpp::net::rsa_key_errc;
using tlcpp::net::rsa_public_key;

// Telegram's production key (TDLib td/telegram/net/PublicRsaKeySharedMain.cpp)
// in SPKI form, converted with `openssl rsa -RSAPublicKey_in -pubout`.
const char* const production_spki =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6LszBcC1LGzyr992NzE0\n"
    "ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9k\n"
    "rM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO62cECs5HKhT5DZ98K33vmWiLowc621dQ\n"
    "uwKWSQKjWf50XYFw42h21P2KXUGyp2y/+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5\n"
    "gpYc397aYp438fsJoHIgJ2lgMv5h7WY9t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRU\n"
    "hebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP\n"
    "8wIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

// An EC (P-256) public key, made with `openssl ecparam -genkey` / `openssl ec -pubout`.
const char* const ec_spki =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpLAe5ld5tIWm/CrrZ3ofZ75a7i8r\n"
    "mcWOefMJTw19wnZh4syjeh7Q/JodpT7seyDfFADg+7znrw7oWpmNf0dzhw==\n"
    "-----END PUBLIC KEY-----\n";

rsa_key_errc refusal(std::string_view pem) {
  auto r = rsa_public_key::from_pem(pem);
  EXPECT_FALSE(r) << pem;
  return r ? rsa_key_errc{} : r.error().code;
}

TEST(RsaPublicKey, Pkcs1AndSpkiGiveTheSameKey) {
  auto a = rsa_public_key::from_pem(tlcpp::net::telegram_production_key_pem);
  ASSERT_TRUE(a) << a.error().message;
  auto b = rsa_public_key::from_pem(production_spki);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->bits(), 2048u);
  EXPECT_EQ(tlcpp::to_hex(a->e()), "010001");
  EXPECT_EQ(tlcpp::to_hex(a->n()).substr(0, 16), "e8bb3305c0b52c6c");
  // Text around the block is ignored.
  auto c = rsa_public_key::from_pem("key:\n" + std::string(tlcpp::net::telegram_production_key_pem) + "trailer");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, *a);
}

// The fingerprints Telegram's servers list (TDLib, GramJS telegram/crypto/RSA.js);
// the samples-auth_key page shows the production one on the wire as 85FD64DE851D9DD0.
TEST(RsaPublicKey, FingerprintsOfTelegramKeys) {
  auto prod = rsa_public_key::from_pem(tlcpp::net::telegram_production_key_pem).value();
  auto test = rsa_public_key::from_pem(tlcpp::net::telegram_test_key_pem).value();
  EXPECT_EQ(prod.fingerprint(), -3414540481677951611);
  EXPECT_EQ(test.fingerprint(), -5595554452916591101);
  std::int64_t wire;
  std::memcpy(&wire, tlcpp::test::unhex("85FD64DE851D9DD0").data(), 8);
  EXPECT_EQ(prod.fingerprint(), wire);
}

TEST(RsaPublicKey, WritesPkcs1Pem) {
  auto prod = rsa_public_key::from_pem(production_spki).value();
  auto pem = prod.to_pem();
  ASSERT_TRUE(pem) << pem.error().message;
  EXPECT_EQ(*pem, tlcpp::net::telegram_production_key_pem);  // byte for byte Telegram's own text
}

TEST(RsaPublicKey, RefusesGarbage) {
  EXPECT_EQ(refusal(""), rsa_key_errc::not_pem);
  EXPECT_EQ(refusal("hello"), rsa_key_errc::not_pem);
  EXPECT_EQ(refusal("-----BEGIN RSA PUBLIC KEY"), rsa_key_errc::not_pem);
  EXPECT_EQ(refusal("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            rsa_key_errc::unsupported_pem_label);
  EXPECT_EQ(refusal("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"),
            rsa_key_errc::unsupported_pem_label);
  EXPECT_EQ(refusal("-----BEGIN RSA PUBLIC KEY-----\n!!!!\n-----END RSA PUBLIC KEY-----\n"),
            rsa_key_errc::bad_encoding);
  EXPECT_EQ(refusal("-----BEGIN RSA PUBLIC KEY-----\n\n-----END RSA PUBLIC KEY-----\n"), rsa_key_errc::bad_encoding);
  // Truncated DER: the first line of the real key only.
  std::string pem(tlcpp::net::telegram_production_key_pem);
  const auto first = pem.find('\n') + 1;
  const auto second = pem.find('\n', first) + 1;
  EXPECT_EQ(refusal(pem.substr(0, second) + "-----END RSA PUBLIC KEY-----\n"), rsa_key_errc::bad_encoding);
  // No END line.
  EXPECT_EQ(refusal(pem.substr(0, pem.find("-----END"))), rsa_key_errc::bad_encoding);
  // PKCS#1 text under the SPKI label and the other way round.
  std::string swapped = production_spki;
  swapped.replace(swapped.find("BEGIN PUBLIC KEY"), 16, "BEGIN RSA PUBLIC KEY");
  swapped.replace(swapped.find("END PUBLIC KEY"), 14, "END RSA PUBLIC KEY");
  EXPECT_EQ(refusal(swapped), rsa_key_errc::bad_encoding);
  EXPECT_EQ(refusal(ec_spki), rsa_key_errc::not_rsa);
  auto r = rsa_public_key::from_pem("-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(r.error().message,
            "RSA key: a PEM block labelled \"CERTIFICATE\", not \"RSA PUBLIC KEY\" or \"PUBLIC KEY\"");
}

TEST(RsaPublicKey, FromNE) {
  const auto n = tlcpp::test::unhex(tlcpp::net::detail::telegram_test_n_hex);
  const auto e = tlcpp::test::unhex("010001");
  auto k = rsa_public_key::from_n_e(n, e);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->fingerprint(), -5595554452916591101);
  auto padded = n;
  padded.insert(padded.begin(), std::byte{0});
  EXPECT_EQ(rsa_public_key::from_n_e(padded, tlcpp::test::unhex("00010001")).value(), *k);  // leading zeros dropped
  auto even = n;
  even.back() &= std::byte{0xfe};
  EXPECT_EQ(rsa_public_key::from_n_e(even, e).error().code, rsa_key_errc::bad_key);
  EXPECT_EQ(rsa_public_key::from_n_e(std::span(n).first(63), e).error().code, rsa_key_errc::bad_key);
  EXPECT_EQ(rsa_public_key::from_n_e(n, tlcpp::test::unhex("01")).error().code, rsa_key_errc::bad_key);
  EXPECT_EQ(rsa_public_key::from_n_e(n, tlcpp::test::unhex("010000")).error().code, rsa_key_errc::bad_key);
  EXPECT_EQ(rsa_public_key::from_n_e(n, {}).error().code, rsa_key_errc::bad_key);
}

}  // namespace
