// tlcpp/net/dh_check.hpp: every check refuses a crafted value; the prime cache.
#include "tlcpp/net/dh_check.hpp"

#include <gtest/gtest.h>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::net::bignum;
using tlcpp::net::check_dh_params;
using tlcpp::net::check_dh_value;
using tlcpp::net::dh_errc;
using tlcpp::test::hex_field;
using tlcpp::test::unhex;

std::vector<std::byte> bytes256(const bignum& n) { return n.to_bytes(256).value(); }

// Made for these tests with `openssl prime -generate -bits 2048 -hex`: a
// 2048-bit prime whose (p - 1) / 2 is divisible by 3 (so not a safe prime),
// p mod 8 = 3, p mod 3 = 1.
const char* const unsafe_prime_2048 =
    "F8226709ECA67A188B673B3FB2A0948670C625A946B67478A085CB656FFF6092E2EC86BAF8538812331A9BAB28AFB0217178C78D010943FE"
    "C9FB8E99E7D176BF914A3F6D4BA0CB5F2DD7672EBDA2546353B1541145439A43F7475B041AC255627F6D1518BCFD165D2DE56FF40F9A0F33"
    "E9FC7846224723D414C4ED7A4DE6B97BD6869CF25397EEF7A37CB31C3A42C61CA6F33E3546FA199F5F10251E60075876F6BDD9E40D462040"
    "5BD4D6E738AD38EDE0785367AC34FF39B49D0D33640E9D92C97BFF63B83DDD4E833933EEC73C7298C07F1A685FA436FBE5AEA755429E92A7"
    "C46D41536B427548D15CC708161DBEBCCBBB93AC016DE7BE20AD75C59FB8F2E3";
// ... and with `-bits 2047`: a prime one bit short.
const char* const prime_2047 =
    "7B315FCE8E541771874C1F90FA57943ED17D54F81B407FC243AE9C7DFA354FDBFBDB3D336DBE4E94DED4ED6B659133F1A77E562920905EB8"
    "225A0C3375693636A38C2FD0B69B69625C58B98FB35D7688B1F30E7CC8904D2650121C006D1A5BD1072021865CEDD4A3D84C1411792C3248"
    "E4B091F745FF4DDD979C663685D80D2EFBE82BE05C230F1CD977120ACD6387BE77F5C18CF2BAC54B6318885CF8EA30A33A99905339F15566"
    "24C291610C9357B24FF3872D2534528E18E55D9DDE5F1005A5AC496AB1796308F606D15909C13C379D530A1DAD5A73F08FE9C7BFF3E7BD0C"
    "53597DAC1145B8203B0EF1FAD83F29B64C051965FD43AB6D482ADC5F2E2E2AE3";

// RFC 3526's 2048-bit MODP prime (group 14), a published safe prime with
// p mod 8 = 7, as OpenSSL ships it.
std::vector<std::byte> rfc3526_prime() {
  bignum p;
  EXPECT_NE(BN_get_rfc3526_prime_2048(p.get()), nullptr);
  return bytes256(p);
}

struct checker {
  tlcpp::net::dh_prime_cache cache;
  tlcpp::net::bn_context ctx;
  dh_errc operator()(const std::vector<std::byte>& p, int g) {
    auto s = check_dh_params(p, g, cache, ctx);
    return s ? dh_errc{} : s.error().code;
  }
};

TEST(DhCheck, TelegramPrimeIsKnownWithoutATest) {
  const auto v = tlcpp::test::load_net_vectors("samples_auth_key.json");
  const auto p = hex_field(v, "dh_prime");
  const auto known = tlcpp::net::telegram_dh_prime();
  EXPECT_TRUE(std::equal(p.begin(), p.end(), known.begin()));  // the constant is the samples page's prime
  checker check;
  EXPECT_EQ(check(p, 3), dh_errc{});
  EXPECT_EQ(check.cache.known_prime_hits(), 1u);
  EXPECT_EQ(check.cache.primality_tests(), 0u);  // no primality test at all
  // The residue is checked all the same: Telegram's p mod 8 is not 7.
  EXPECT_EQ(check(p, 2), dh_errc::bad_prime_residue);
  // With the page's g_a and g_b.
  EXPECT_TRUE(check_dh_value(hex_field(v, "g_a"), p, "g_a"));
  EXPECT_TRUE(check_dh_value(hex_field(v, "g_b"), p, "g_b"));
}

TEST(DhCheck, NewSafePrimeIsTestedOnceThenCached) {
  checker check;
  const auto p = rfc3526_prime();
  EXPECT_EQ(check(p, 2), dh_errc{});
  EXPECT_EQ(check.cache.primality_tests(), 1u);
  EXPECT_EQ(check.cache.cache_hits(), 0u);
  EXPECT_EQ(check(p, 2), dh_errc{});
  EXPECT_EQ(check(p, 4), dh_errc{});
  EXPECT_EQ(check.cache.primality_tests(), 1u);
  EXPECT_EQ(check.cache.cache_hits(), 2u);
  check.cache.clear();
  EXPECT_EQ(check(p, 2), dh_errc{});
  EXPECT_EQ(check.cache.primality_tests(), 2u);
}

TEST(DhCheck, RefusesPrimesThatAreNotSafe) {
  checker check;
  const auto unsafe = unhex(unsafe_prime_2048);
  EXPECT_EQ(check(unsafe, 4), dh_errc::half_prime_not_prime);  // g = 4: no residue condition
  EXPECT_EQ(check(unsafe, 4), dh_errc::half_prime_not_prime);  // remembered...
  EXPECT_EQ(check.cache.primality_tests(), 1u);                // ...not tested again
  auto s = check_dh_params(unsafe, 4, check.cache, check.ctx);
  EXPECT_EQ(s.error().message, "(dh_prime - 1) / 2 is not a prime number");

  const auto composite = bytes256(bignum::add(bignum::power_of_two(2047).value(), bignum::from_u64(1).value()).value());
  EXPECT_EQ(check(composite, 4), dh_errc::prime_not_prime);  // 2^2047 + 1 is divisible by 3

  EXPECT_EQ(check(unhex(prime_2047), 4), dh_errc::prime_not_2048_bits);
  auto padded = unhex(prime_2047);
  padded.insert(padded.begin(), 3, std::byte{0});  // leading zeros do not make it 2048 bits
  EXPECT_EQ(check(padded, 4), dh_errc::prime_not_2048_bits);
  EXPECT_EQ(check(std::vector<std::byte>(257, std::byte{0xff}), 4), dh_errc::prime_not_2048_bits);
  EXPECT_EQ(check({}, 4), dh_errc::prime_not_2048_bits);
  auto with_zero = rfc3526_prime();
  with_zero.insert(with_zero.begin(), std::byte{0});  // a leading zero byte on a 2048-bit prime is fine
  EXPECT_EQ(check(with_zero, 2), dh_errc{});
}

TEST(DhCheck, GeneratorRange) {
  checker check;
  const auto p = rfc3526_prime();
  for (int g : {-1, 0, 1, 8, 1000}) EXPECT_EQ(check(p, g), dh_errc::generator_out_of_range) << g;
  EXPECT_EQ(check_dh_params(p, 8, check.cache, check.ctx).error().message, "g = 8 is not one of 2..7");
}

// For each g: a 2048-bit number with a residue g refuses, and one with a
// residue g accepts, which then fails only the primality test (it is
// divisible by 11): so the residue check alone decides the first.
TEST(DhCheck, ResidueConditionForEachGenerator) {
  auto accepts = [](int g, std::uint64_t r24, std::uint64_t r8, std::uint64_t r3, std::uint64_t r5, std::uint64_t r7) {
    switch (g) {
      case 2:
        return r8 == 7;
      case 3:
        return r3 == 2;
      case 4:
        return true;
      case 5:
        return r5 == 1 || r5 == 4;
      case 6:
        return r24 == 19 || r24 == 23;
      case 7:
        return r7 == 3 || r7 == 5 || r7 == 6;
    }
    return false;
  };
  const auto base = bignum::power_of_two(2047).value();
  for (int g = 2; g <= 7; ++g) {
    bool saw_refusal = g == 4, saw_acceptance = false;
    for (std::uint64_t k = 1; k < 4000 && !(saw_refusal && saw_acceptance); k += 2) {
      const auto n = bignum::add(base, bignum::from_u64(k).value()).value();
      if (n.mod_word(11).value() != 0) continue;  // composite for sure
      const bool ok = accepts(g, n.mod_word(24).value(), n.mod_word(8).value(), n.mod_word(3).value(),
                              n.mod_word(5).value(), n.mod_word(7).value());
      if (ok ? saw_acceptance : saw_refusal) continue;  // one of each kind is enough
      checker check;
      EXPECT_EQ(check(bytes256(n), g), ok ? dh_errc::prime_not_prime : dh_errc::bad_prime_residue) << g << " " << k;
      (ok ? saw_acceptance : saw_refusal) = true;
    }
    EXPECT_TRUE(saw_refusal && saw_acceptance) << g;
  }
  checker check;
  EXPECT_EQ(check_dh_params(unhex(unsafe_prime_2048), 2, check.cache, check.ctx).error().message,
            "g = 2 needs p mod 8 = 7 to generate the subgroup of order (p - 1) / 2");
  EXPECT_EQ(check.cache.primality_tests(), 0u);  // refused before any primality test
}

TEST(DhCheck, ValueBounds) {
  const auto pb = tlcpp::net::telegram_dh_prime();
  const std::vector<std::byte> p(pb.begin(), pb.end());
  const auto prime = bignum::from_bytes(p).value();
  const auto one = bignum::from_u64(1).value();
  const auto margin = bignum::power_of_two(2048 - 64).value();
  auto code = [&](const bignum& v) {
    auto s = check_dh_value(bytes256(v), p, "g_b");
    return s ? dh_errc{} : s.error().code;
  };
  EXPECT_EQ(code(bignum{}), dh_errc::value_too_small);
  EXPECT_EQ(code(one), dh_errc::value_too_small);
  EXPECT_EQ(code(bignum::from_u64(2).value()), dh_errc::value_below_safety_margin);
  EXPECT_EQ(code(bignum::sub(margin, one).value()), dh_errc::value_below_safety_margin);  // just outside
  EXPECT_EQ(code(margin), dh_errc{});                                                     // just inside
  const auto upper = bignum::sub(prime, margin).value();
  EXPECT_EQ(code(upper), dh_errc{});                                                     // just inside
  EXPECT_EQ(code(bignum::add(upper, one).value()), dh_errc::value_above_safety_margin);  // just outside
  EXPECT_EQ(code(bignum::sub(prime, bignum::from_u64(2).value()).value()), dh_errc::value_above_safety_margin);
  EXPECT_EQ(code(bignum::sub(prime, one).value()), dh_errc::value_too_large);  // p - 1
  EXPECT_EQ(code(prime), dh_errc::value_too_large);
  EXPECT_EQ(code(bignum::add(prime, one).value()), dh_errc::value_too_large);
  auto s = check_dh_value(bytes256(one), p, "g_b");
  EXPECT_EQ(s.error().message, "g_b is not greater than 1");
  s = check_dh_value(bytes256(bignum::sub(margin, one).value()), p);
  EXPECT_EQ(s.error().message, "g_a is less than 2^(2048-64)");
  // A value wider than 2048 bits is simply too large.
  EXPECT_EQ(check_dh_value(std::vector<std::byte>(300, std::byte{0xff}), p).error().code, dh_errc::value_too_large);
}

}  // namespace
