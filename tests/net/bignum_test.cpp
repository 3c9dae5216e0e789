// tlcpp/net/bignum.hpp: bytes in and out, comparison, exponentiation.
#include "tlcpp/net/bignum.hpp"

#include <gtest/gtest.h>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::net::bignum;
using tlcpp::test::hex_field;
using tlcpp::test::unhex;

bignum num(const char* hex) { return std::move(bignum::from_bytes(unhex(hex)).value()); }

TEST(Bignum, BytesRoundTripFixedWidth) {
  const bignum a = num("000102");  // leading zeros allowed in
  EXPECT_EQ(a.bits(), 9);
  EXPECT_EQ(to_hex(a.to_bytes(4).value()), "00000102");  // left-padded out
  EXPECT_EQ(to_hex(a.to_bytes(2).value()), "0102");
  EXPECT_EQ(to_hex(a.to_minimal_bytes()), "0102");
  auto narrow = a.to_bytes(1);
  ASSERT_FALSE(narrow);
  EXPECT_EQ(narrow.error().code, tlcpp::net::bignum_errc::too_wide);
  EXPECT_EQ(narrow.error().message, "bignum::to_bytes: a number of 9 bits does not fit in 1 bytes");
  const bignum zero;
  EXPECT_TRUE(zero.is_zero());
  EXPECT_EQ(to_hex(zero.to_bytes(3).value()), "000000");
  EXPECT_TRUE(zero.to_minimal_bytes().empty());
  EXPECT_EQ(to_hex(bignum::from_u64(0x0102030405060708).value().to_minimal_bytes()), "0102030405060708");
  EXPECT_EQ(to_hex(bignum::power_of_two(9).value().to_minimal_bytes()), "0200");
}

TEST(Bignum, Compare) {
  EXPECT_LT(num("01ff"), num("0200"));
  EXPECT_GT(num("0200"), num("01ff"));
  EXPECT_EQ(num("00000200"), num("0200"));
  EXPECT_LE(bignum{}, num("00"));
  EXPECT_EQ(bignum::sub(num("0200"), num("01")).value(), num("01ff"));
  EXPECT_EQ(bignum::add(num("01ff"), num("01")).value(), num("0200"));
  EXPECT_EQ(bignum::shift_right(num("0201"), 1).value(), num("0100"));
  auto neg = bignum::sub(num("01"), num("02"));
  ASSERT_FALSE(neg);
  EXPECT_EQ(neg.error().code, tlcpp::net::bignum_errc::bad_argument);
  EXPECT_EQ(num("0203").mod_word(7).value(), 0x203u % 7);
  EXPECT_FALSE(num("0203").mod_word(0));
}

// core.telegram.org/mtproto/samples-auth_key (vectors/samples_auth_key.json):
// g_b = 3^b mod dh_prime and auth_key = g_a^b mod dh_prime, b secret.
TEST(Bignum, ModExpSamplesAuthKeyExample) {
  const auto v = tlcpp::test::load_net_vectors("samples_auth_key.json");
  tlcpp::net::bn_context ctx;
  const auto p = bignum::from_bytes(hex_field(v, "dh_prime")).value();
  const auto b = bignum::from_bytes(hex_field(v, "b")).value();
  const auto g_a = bignum::from_bytes(hex_field(v, "g_a")).value();
  const auto g = bignum::from_u64(3).value();
  const auto g_b = bignum::mod_exp_secret(g, b, p, ctx).value();
  EXPECT_EQ(to_hex(g_b.to_bytes(256).value()), to_hex(hex_field(v, "g_b")));
  EXPECT_EQ(to_hex(bignum::mod_exp_public(g, b, p, ctx).value().to_bytes(256).value()), to_hex(hex_field(v, "g_b")));
  const auto key = bignum::mod_exp_secret(g_a, b, p, ctx).value();
  EXPECT_EQ(to_hex(key.to_bytes(256).value()), to_hex(hex_field(v, "auth_key")));
}

TEST(Bignum, ModExpRefusals) {
  tlcpp::net::bn_context ctx;
  auto r = bignum::mod_exp_secret(num("03"), num("05"), num("10"), ctx);  // even modulus
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, tlcpp::net::bignum_errc::bad_argument);
  r = bignum::mod_exp_public(num("03"), num("05"), bignum{}, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, tlcpp::net::bignum_errc::bad_argument);
  EXPECT_EQ(bignum::mod_exp_public(num("03"), num("05"), num("10"), ctx).value(), num("03"));  // 243 mod 16
  EXPECT_EQ(bignum::mod_exp_secret(num("13"), num("05"), num("11"), ctx).value(), num("0f"));  // base >= m
}

TEST(Bignum, IsPrime) {
  tlcpp::net::bn_context ctx;
  EXPECT_TRUE(num("61").is_prime(ctx).value());                                     // 97
  EXPECT_FALSE(num("63").is_prime(ctx).value());                                    // 99
  EXPECT_TRUE(bignum::from_u64(0xffffffffffffffc5).value().is_prime(ctx).value());  // 2^64 - 59
}

}  // namespace
