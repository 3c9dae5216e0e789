// tlcpp/net/rsa_key_set.hpp: the built-in keys and lookups by fingerprint.
#include "tlcpp/net/rsa_key_set.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/rsa_private_key.hpp"

namespace {

using tlcpp::net::rsa_public_key;

TEST(RsaKeySet, BuiltInKeysAreTheirPems) {
  const auto prod = tlcpp::net::telegram_production_keys();
  const auto test = tlcpp::net::telegram_test_keys();
  ASSERT_EQ(prod.size(), 1u);
  ASSERT_EQ(test.size(), 1u);
  EXPECT_EQ(prod.keys()[0].fingerprint, -3414540481677951611);
  EXPECT_EQ(test.keys()[0].fingerprint, -5595554452916591101);
  EXPECT_EQ(tlcpp::net::telegram_production_key_fingerprint, -3414540481677951611);
  EXPECT_EQ(tlcpp::net::telegram_test_key_fingerprint, -5595554452916591101);
  // The moduli built in are those of TDLib's PEM text.
  EXPECT_EQ(prod.keys()[0].key, rsa_public_key::from_pem(tlcpp::net::telegram_production_key_pem).value());
  EXPECT_EQ(test.keys()[0].key, rsa_public_key::from_pem(tlcpp::net::telegram_test_key_pem).value());
  EXPECT_EQ(prod.find(-5595554452916591101), nullptr);
  EXPECT_NE(prod.find(-3414540481677951611), nullptr);
}

// grammers' RSA test and GramJS (telegram/crypto/RSA.js) give the test key's
// modulus in decimal; its last digits and its size agree with the PEM's.
TEST(RsaKeySet, TestKeyIsGrammersAndGramjsKey) {
  const auto test = tlcpp::net::telegram_test_keys();
  tlcpp::net::bn_context ctx;
  auto n = tlcpp::net::bignum::from_bytes(test.keys()[0].key.n()).value();
  // ...5032949 mod 10^7 (the decimal's last seven digits).
  EXPECT_EQ(n.mod_word(10000000).value(), 5032949u);
  char* dec = BN_bn2dec(n.get());
  ASSERT_NE(dec, nullptr);
  const std::string s = dec;
  OPENSSL_free(dec);
  EXPECT_EQ(s.substr(0, 40), "2534288944884041556497168959071347320689");
  EXPECT_EQ(s.size(), 617u);
}

TEST(RsaKeySet, AddReplaceRemoveFind) {
  auto set = tlcpp::net::telegram_production_keys();
  const auto test_key = tlcpp::net::telegram_test_keys().keys()[0].key;
  EXPECT_EQ(set.add(test_key), -5595554452916591101);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.add(test_key), -5595554452916591101);  // same fingerprint: replaced, not added
  EXPECT_EQ(set.size(), 2u);

  const std::vector<std::int64_t> server = {1234, -5595554452916591101, -3414540481677951611};
  const auto* pick = set.find_first(server);
  ASSERT_NE(pick, nullptr);
  EXPECT_EQ(pick->fingerprint, -5595554452916591101);  // the server's order decides
  EXPECT_EQ(pick->key, test_key);
  EXPECT_EQ(set.find_first(std::vector<std::int64_t>{1, 2, 3}), nullptr);
  EXPECT_EQ(set.find_first({}), nullptr);

  EXPECT_TRUE(set.remove(-5595554452916591101));
  EXPECT_FALSE(set.remove(-5595554452916591101));
  EXPECT_EQ(set.find(-5595554452916591101), nullptr);
  EXPECT_EQ(set.find_first(server)->fingerprint, -3414540481677951611);

  // A user's own key (a test server's).
  auto mine = tlcpp::net::rsa_private_key::generate().value();
  const auto fp = set.add(mine.public_key());
  EXPECT_EQ(fp, mine.public_key().fingerprint());
  ASSERT_NE(set.find(fp), nullptr);
  EXPECT_EQ(*set.find(fp), mine.public_key());
}

}  // namespace
