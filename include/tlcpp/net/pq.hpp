// The handshake's proof of work: factorizing the 64-bit pq of resPQ into
// primes p < q (core.telegram.org/mtproto/auth_key, step 3).
//
// Pollard's rho with Brent's cycle detection and batched gcds, on 64-bit
// numbers with 128-bit products. Deterministic: fixed starting values and
// increments, tried in order. Bounded: every attempt stops after a fixed
// number of steps, so hostile input cannot make it spin; a 64-bit semiprime
// needs some 2^16 steps on average, far below the bound. The answer is
// checked (deterministic Miller-Rabin, exact for 64 bits): pq must be the
// product of two distinct primes, or it is refused with the reason.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

enum class pq_errc : std::uint8_t {
  too_wide = 1,   ///< more than 64 significant bits
  too_small,      ///< less than 6 (2 * 3), so no product of two distinct primes
  prime,          ///< pq is prime
  square,         ///< pq = p * p (MTProto's p and q are distinct, p < q)
  not_semiprime,  ///< pq has more than two prime factors
  not_found,      ///< no factor found within the step bound (not seen on any semiprime)
};
using pq_error = error<pq_errc>;

/// pq = p * q with primes p < q.
struct pq_factors {
  std::uint64_t p = 0;  ///< the smaller prime
  std::uint64_t q = 0;  ///< the larger prime
};

namespace detail {

__extension__ typedef unsigned __int128 pq_u128;

inline std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t n) noexcept {
  return static_cast<std::uint64_t>(static_cast<pq_u128>(a) * b % n);
}

inline std::uint64_t pow_mod(std::uint64_t b, std::uint64_t e, std::uint64_t n) noexcept {
  std::uint64_t r = 1 % n;
  b %= n;
  for (; e != 0; e >>= 1) {
    if (e & 1) r = mul_mod(r, b, n);
    b = mul_mod(b, b, n);
  }
  return r;
}

// Miller-Rabin with the first 12 primes as bases: exact below 2^64.
inline bool is_prime_u64(std::uint64_t n) noexcept {
  if (n < 2) return false;
  static constexpr std::uint64_t bases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  for (std::uint64_t b : bases) {
    if (n == b) return true;
    if (n % b == 0) return false;
  }
  std::uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) d >>= 1, ++s;
  for (std::uint64_t a : bases) {
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int i = 1; i < s && composite; ++i) {
      x = mul_mod(x, x, n);
      if (x == n - 1) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

inline std::uint64_t isqrt_u64(std::uint64_t n) noexcept {
  std::uint64_t lo = 0, hi = 0xffffffffULL;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo + 1) / 2;
    if (mid * mid <= n)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

// One Pollard-Brent attempt on odd composite n with f(y) = y^2 + c: a
// factor 1 < d < n, or 0 if this attempt failed (cycle, or the step bound).
inline std::uint64_t pollard_brent(std::uint64_t n, std::uint64_t y0, std::uint64_t c,
                                   std::uint64_t max_steps) noexcept {
  const std::uint64_t cc = c % n;
  auto f = [&](std::uint64_t y) {  // (y^2 + c) mod n without overflowing 64 bits
    const std::uint64_t a = mul_mod(y, y, n);
    return a >= n - cc ? a - (n - cc) : a + cc;
  };
  constexpr std::uint64_t batch = 128;
  std::uint64_t y = y0 % n, x = y, ys = y, q = 1, g = 1, steps = 0;
  for (std::uint64_t r = 1; g == 1; r *= 2) {
    x = y;
    for (std::uint64_t i = 0; i < r; ++i) y = f(y);
    steps += r;
    for (std::uint64_t k = 0; k < r && g == 1; k += batch) {
      ys = y;
      const std::uint64_t m = std::min(batch, r - k);
      for (std::uint64_t i = 0; i < m; ++i) {
        y = f(y);
        q = mul_mod(q, x > y ? x - y : y - x, n);
      }
      steps += m;
      g = std::gcd(q, n);
    }
    if (steps > max_steps) return 0;
  }
  if (g == n) {  // the batch overshot: step again one at a time
    for (std::uint64_t i = 0; i < max_steps; ++i) {
      ys = f(ys);
      g = std::gcd(x > ys ? x - ys : ys - x, n);
      if (g != 1) break;
    }
  }
  return g == 1 || g == n ? 0 : g;
}

}  // namespace detail

/// p < q with pq = p * q, both prime; or why pq is not such a product.
[[nodiscard]] inline result<pq_factors, pq_error> factorize_pq(std::uint64_t pq) {
  const std::string n = std::to_string(pq);
  if (pq < 6)
    return detail::fail(pq_errc::too_small, "pq = " + n + " is less than 6, so not a product of two distinct primes");
  if (detail::is_prime_u64(pq)) return detail::fail(pq_errc::prime, "pq = " + n + " is prime");
  const std::uint64_t root = detail::isqrt_u64(pq);
  if (root * root == pq) {
    if (detail::is_prime_u64(root))
      return detail::fail(pq_errc::square, "pq = " + n + " is the square of a prime, not a product of distinct primes");
    return detail::fail(pq_errc::not_semiprime, "pq = " + n + " has more than two prime factors");
  }
  std::uint64_t d = 0;
  if (pq % 2 == 0) {
    d = 2;
  } else {
    // Fixed (start, increment) pairs, tried in order; each attempt bounded.
    static constexpr std::uint64_t starts[][2] = {{2, 1},   {3, 3},   {5, 7},   {7, 11},
                                                  {11, 13}, {13, 17}, {17, 19}, {19, 23}};
    for (const auto& sc : starts) {
      d = detail::pollard_brent(pq, sc[0], sc[1], std::uint64_t{1} << 22);
      if (d != 0) break;
    }
  }
  if (d == 0) return detail::fail(pq_errc::not_found, "no factor of pq = " + n + " found within the step bound");
  std::uint64_t p = d, q = pq / d;
  if (p > q) std::swap(p, q);
  if (!detail::is_prime_u64(p) || !detail::is_prime_u64(q))
    return detail::fail(pq_errc::not_semiprime, "pq = " + n + " has more than two prime factors");
  return pq_factors{p, q};
}

/// The same for pq as the handshake carries it: TL bytes, a big-endian number.
[[nodiscard]] inline result<pq_factors, pq_error> factorize_pq(std::span<const std::byte> big_endian) {
  std::size_t lead = 0;
  while (lead < big_endian.size() && big_endian[lead] == std::byte{0}) ++lead;
  if (big_endian.size() - lead > 8)
    return detail::fail(pq_errc::too_wide, "pq of " + std::to_string(big_endian.size() - lead) +
                                               " significant bytes does not fit 64 bits");
  std::uint64_t v = 0;
  for (std::size_t i = lead; i < big_endian.size(); ++i) v = v << 8 | std::to_integer<std::uint64_t>(big_endian[i]);
  return factorize_pq(v);
}

/// `v` big-endian without leading zero bytes: how p and q go into
/// p_q_inner_data and req_DH_params (as TL bytes).
[[nodiscard]] inline std::vector<std::byte> big_endian_bytes(std::uint64_t v) {
  std::vector<std::byte> out;
  for (int shift = 56; shift >= 0; shift -= 8)
    if (!out.empty() || (v >> shift) != 0) out.push_back(std::byte(v >> shift));
  return out;
}

}  // namespace tlcpp::net
