// tlcpp/net/pq.hpp: factorizing the handshake's pq.
#include "tlcpp/net/pq.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::net::factorize_pq;
using tlcpp::net::pq_errc;

void expect_factors(std::uint64_t pq, std::uint64_t p, std::uint64_t q) {
  auto r = factorize_pq(pq);
  ASSERT_TRUE(r) << pq << ": " << r.error().message;
  EXPECT_EQ(r->p, p) << pq;
  EXPECT_EQ(r->q, q) << pq;
}

pq_errc refusal(std::uint64_t pq) {
  auto r = factorize_pq(pq);
  EXPECT_FALSE(r) << pq << " = " << (r ? r->p : 0) << " * " << (r ? r->q : 0);
  return r ? pq_errc{} : r.error().code;
}

// Published pq values.
TEST(Pq, PublishedValues) {
  // core.telegram.org/mtproto/samples-auth_key (vectors/samples_auth_key.json).
  expect_factors(1468428376148703121u, 1008949199u, 1455403679u);
  // grammers lib/grammers-crypto/src/factorize.rs, its two tests.
  expect_factors(1470626929934143021u, 1206429347u, 1218991343u);
  expect_factors(2363612107535801713u, 1518968219u, 1556064227u);
  // TDLib tdutils/test/pq.cpp, TEST(CryptoPQ, hands).
  expect_factors(7 * 3, 3, 7);
  expect_factors(179424611ull * 179424673ull, 179424611u, 179424673u);
  expect_factors(4294467311ull * 4294467449ull, 4294467311u, 4294467449u);
}

TEST(Pq, FromTlBytes) {
  // The samples page's pq as resPQ carries it.
  auto r = factorize_pq(tlcpp::test::unhex("1460E7D3FA727791"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->p, 1008949199u);
  EXPECT_EQ(tlcpp::to_hex(tlcpp::net::big_endian_bytes(r->p)), "3c2357cf");
  EXPECT_EQ(tlcpp::to_hex(tlcpp::net::big_endian_bytes(r->q)), "56bfb29f");
  EXPECT_TRUE(factorize_pq(tlcpp::test::unhex("00001460E7D3FA727791")));  // leading zeros are fine
  auto wide = factorize_pq(tlcpp::test::unhex("011460E7D3FA727791"));
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().code, pq_errc::too_wide);
  EXPECT_EQ(factorize_pq(std::span<const std::byte>{}).error().code, pq_errc::too_small);
  EXPECT_TRUE(tlcpp::net::big_endian_bytes(0).empty());
}

// TDLib tdutils/test/pq.cpp, TEST(CryptoPQ, generated_slow): every product
// p * q (p <= q) of the primes below 100, the first 5 from 2^31 - 500000,
// the first 5 from 2^32 - 500000 and the first from 2^39 - 500000 (here
// those that fit 64 bits; p = q must be refused as a square).
TEST(Pq, TdlibGeneratedPairs) {
  auto is_prime = [](std::uint64_t x) {  // trial division: independent of the code under test
    if (x < 2) return false;
    for (std::uint64_t d = 2; d * d <= x; ++d)
      if (x % d == 0) return false;
    return true;
  };
  std::vector<std::uint64_t> primes;
  for (std::uint64_t x = 1; x <= 100; ++x)
    if (is_prime(x)) primes.push_back(x);
  auto from = [&](std::uint64_t start, int n) {
    for (std::uint64_t x = start; n > 0; ++x)
      if (is_prime(x)) primes.push_back(x), --n;
  };
  from((1ull << 31) - 500000, 5);
  from((1ull << 32) - 500000, 5);
  from((1ull << 39) - 500000, 1);
  int checked = 0;
  for (std::uint64_t q : primes) {
    for (std::uint64_t p : primes) {
      if (p > q) break;
      if (q > std::numeric_limits<std::uint64_t>::max() / p) continue;
      const std::uint64_t pq = p * q;
      if (p == q) {
        EXPECT_EQ(refusal(pq), pq < 6 ? pq_errc::too_small : pq_errc::square) << p;
      } else if (pq < 6) {
        EXPECT_EQ(refusal(pq), pq_errc::too_small);  // never: 2 * 3 = 6
      } else {
        expect_factors(pq, p, q);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 600);
}

TEST(Pq, Adversarial) {
  EXPECT_EQ(refusal(0), pq_errc::too_small);
  EXPECT_EQ(refusal(1), pq_errc::too_small);
  EXPECT_EQ(refusal(4), pq_errc::too_small);
  EXPECT_EQ(refusal(7), pq_errc::prime);
  EXPECT_EQ(refusal(2305843009213693951u), pq_errc::prime);   // 2^61 - 1
  EXPECT_EQ(refusal(18446744073709551557u), pq_errc::prime);  // the largest 64-bit prime
  EXPECT_EQ(refusal(49), pq_errc::square);
  EXPECT_EQ(refusal(4294967291ull * 4294967291ull), pq_errc::square);  // largest 32-bit prime, squared
  EXPECT_EQ(refusal(1ull << 63), pq_errc::not_semiprime);              // powers of two
  EXPECT_EQ(refusal(8), pq_errc::not_semiprime);
  EXPECT_EQ(refusal(1ull << 32), pq_errc::not_semiprime);  // a square, of 2^16
  EXPECT_EQ(refusal(105), pq_errc::not_semiprime);         // 3 * 5 * 7
  EXPECT_EQ(refusal(561), pq_errc::not_semiprime);         // Carmichael: 3 * 11 * 17
  EXPECT_EQ(refusal(1000003ull * 1000033ull * 1000037ull), pq_errc::not_semiprime);
  EXPECT_EQ(refusal(std::numeric_limits<std::uint64_t>::max()),
            pq_errc::not_semiprime);  // 3*5*17*257*641*65537*6700417
  // Products with a factor of 2.
  expect_factors(6, 2, 3);
  expect_factors(2 * 4294967291ull, 2, 4294967291u);
  expect_factors(2 * 9223372036854775783ull, 2, 9223372036854775783u);  // 2 * the largest prime below 2^63
  EXPECT_EQ(refusal(4 * 4294967291ull), pq_errc::not_semiprime);
  EXPECT_EQ(refusal(2 * 4294967291ull * 3), pq_errc::not_semiprime);
}

TEST(Pq, MessagesNameTheCheck) {
  EXPECT_EQ(factorize_pq(7).error().message, "pq = 7 is prime");
  EXPECT_EQ(factorize_pq(105).error().message, "pq = 105 has more than two prime factors");
  EXPECT_EQ(factorize_pq(49).error().message, "pq = 49 is the square of a prime, not a product of distinct primes");
}

}  // namespace
