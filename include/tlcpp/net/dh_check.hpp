// The Diffie-Hellman checks of core.telegram.org/mtproto/security_guidelines
// and core.telegram.org/mtproto/auth_key (step 6), each failure its own
// reason:
//   - dh_prime is a 2048-bit safe prime: 2^2047 <= p < 2^2048, p and
//     (p - 1) / 2 prime (BN_check_prime);
//   - g is 2..7 and generates the subgroup of order (p - 1) / 2, which by
//     quadratic reciprocity is a condition on p mod 4g: g = 2: p mod 8 = 7;
//     g = 3: p mod 3 = 2; g = 4: none; g = 5: p mod 5 in {1, 4};
//     g = 6: p mod 24 in {19, 23}; g = 7: p mod 7 in {3, 5, 6};
//   - g_a and g_b: 1 < g_a < p - 1, and (the guidelines' recommendation,
//     which TDLib enforces) 2^(2048-64) <= g_a <= p - 2^(2048-64).
// The guidelines put no range condition on the shared key g^(ab) itself.
//
// Primality testing a 2048-bit safe prime takes a noticeable fraction of a
// second, and servers send the same prime every time, so results are kept
// in a dh_prime_cache the caller owns (no hidden global); Telegram's
// published prime (g = 3) is recognised without any test.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/net/bignum.hpp"
#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

enum class dh_errc : std::uint8_t {
  generator_out_of_range = 1,  ///< g is not one of 2..7
  prime_not_2048_bits,         ///< dh_prime is not a 2048-bit number
  bad_prime_residue,           ///< p mod 4g is not one for which g generates the prime-order subgroup
  prime_not_prime,             ///< dh_prime is not prime
  half_prime_not_prime,        ///< (dh_prime - 1) / 2 is not prime
  value_too_small,             ///< g_a (or g_b) <= 1
  value_too_large,             ///< g_a (or g_b) >= dh_prime - 1
  value_below_safety_margin,   ///< g_a (or g_b) < 2^(2048-64)
  value_above_safety_margin,   ///< g_a (or g_b) > dh_prime - 2^(2048-64)
  openssl_failure,             ///< OpenSSL failed (out of memory)
};
using dh_error = error<dh_errc>;

/// Telegram's 2048-bit DH prime, big-endian, as its servers send it in
/// server_DH_inner_data with g = 3 (core.telegram.org/mtproto/samples-auth_key,
/// and in TDLib, grammers, Telethon, GramJS, mtcute).
inline constexpr std::string_view telegram_dh_prime_hex =
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac92513"
    "9543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc4988"
    "0708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965"
    "b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929"
    "851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";

/// telegram_dh_prime_hex as bytes.
[[nodiscard]] constexpr std::array<std::byte, 256> telegram_dh_prime() noexcept {
  std::array<std::byte, 256> out{};
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < 256; ++i)
    out[i] = std::byte(nibble(telegram_dh_prime_hex[2 * i]) << 4 | nibble(telegram_dh_prime_hex[2 * i + 1]));
  return out;
}

class dh_prime_cache;
[[nodiscard]] inline status<dh_errc> check_dh_params(std::span<const std::byte> dh_prime, std::int32_t g,
                                                     dh_prime_cache& cache, bn_context& ctx);

/// Results of safe-prime tests, so that each prime is tested once. The
/// caller owns it (one per client or per process, as it likes); not
/// thread-safe. Telegram's prime is known good from the start.
class dh_prime_cache {
 public:
  /// How many primes were actually tested (p and (p-1)/2 with BN_check_prime).
  [[nodiscard]] std::size_t primality_tests() const noexcept { return tests_; }
  /// How many checks were answered from earlier results.
  [[nodiscard]] std::size_t cache_hits() const noexcept { return hits_; }
  /// How many checks were of Telegram's prime (answered without a test).
  [[nodiscard]] std::size_t known_prime_hits() const noexcept { return known_hits_; }
  /// Forgets every result (Telegram's prime stays known).
  void clear() noexcept { results_.clear(); }

 private:
  friend status<dh_errc> check_dh_params(std::span<const std::byte>, std::int32_t, dh_prime_cache&, bn_context&);

  // The outcome for the 256-byte prime `p`: success{}, or the primality
  // failure found. Tests it (counted) unless known or remembered.
  status<dh_errc> safe_prime(std::span<const std::byte, 256> p, const bignum& prime, bn_context& ctx) {
    static constexpr auto known = telegram_dh_prime();
    if (std::equal(p.begin(), p.end(), known.begin())) {
      ++known_hits_;
      return success{};
    }
    std::array<std::byte, 256> key;
    std::copy(p.begin(), p.end(), key.begin());
    if (auto it = results_.find(key); it != results_.end()) {
      ++hits_;
      if (it->second == dh_errc{}) return success{};
      return failure(it->second);
    }
    ++tests_;
    auto r = test(prime, ctx);
    if (!r && r.error().code == dh_errc::openssl_failure) return r;  // not a property of p: not kept
    results_.emplace(key, r ? dh_errc{} : r.error().code);
    return r;
  }

  static dh_error failure(dh_errc c) {
    return detail::fail(c, c == dh_errc::prime_not_prime ? "dh_prime is not a prime number"
                                                         : "(dh_prime - 1) / 2 is not a prime number");
  }
  static status<dh_errc> test(const bignum& prime, bn_context& ctx) {
    auto p_prime = prime.is_prime(ctx);
    if (!p_prime) return detail::fail(dh_errc::openssl_failure, p_prime.error().message);
    if (!*p_prime) return failure(dh_errc::prime_not_prime);
    auto half = bignum::shift_right(prime, 1);  // (p - 1) / 2 for odd p
    if (!half) return detail::fail(dh_errc::openssl_failure, half.error().message);
    auto half_prime = half->is_prime(ctx);
    if (!half_prime) return detail::fail(dh_errc::openssl_failure, half_prime.error().message);
    if (!*half_prime) return failure(dh_errc::half_prime_not_prime);
    return success{};
  }

  std::map<std::array<std::byte, 256>, dh_errc> results_;  // dh_errc{} = good
  std::size_t tests_ = 0, hits_ = 0, known_hits_ = 0;
};

/// Checks dh_prime (big-endian, as in server_DH_inner_data) and g: g in
/// 2..7, p of 2048 bits, p mod 4g right for g, p a safe prime (through
/// `cache`).
[[nodiscard]] inline status<dh_errc> check_dh_params(std::span<const std::byte> dh_prime, std::int32_t g,
                                                     dh_prime_cache& cache, bn_context& ctx) {
  if (g < 2 || g > 7)
    return detail::fail(dh_errc::generator_out_of_range, "g = " + std::to_string(g) + " is not one of 2..7");
  std::size_t lead = 0;
  while (lead < dh_prime.size() && dh_prime[lead] == std::byte{0}) ++lead;
  const auto p_bytes = dh_prime.subspan(lead);
  if (p_bytes.size() != 256 || (std::to_integer<unsigned>(p_bytes[0]) & 0x80) == 0)
    return detail::fail(dh_errc::prime_not_2048_bits, "dh_prime is not a 2048-bit number (2^2047 <= p < 2^2048)");
  auto p = bignum::from_bytes(p_bytes);
  if (!p) return detail::fail(dh_errc::openssl_failure, p.error().message);

  const std::uint64_t modulus[] = {0, 0, 8, 3, 1, 5, 24, 7};
  auto r = p->mod_word(modulus[g]);
  if (!r) return detail::fail(dh_errc::openssl_failure, r.error().message);
  const std::uint64_t m = *r;
  bool ok = false;
  const char* rule = "";
  switch (g) {
    case 2:
      ok = m == 7, rule = "p mod 8 = 7";
      break;
    case 3:
      ok = m == 2, rule = "p mod 3 = 2";
      break;
    case 4:
      ok = true;
      break;
    case 5:
      ok = m == 1 || m == 4, rule = "p mod 5 in {1, 4}";
      break;
    case 6:
      ok = m == 19 || m == 23, rule = "p mod 24 in {19, 23}";
      break;
    case 7:
      ok = m == 3 || m == 5 || m == 6, rule = "p mod 7 in {3, 5, 6}";
      break;
  }
  if (!ok)
    return detail::fail(dh_errc::bad_prime_residue, "g = " + std::to_string(g) + " needs " + rule +
                                                        " to generate the subgroup of order (p - 1) / 2");
  return cache.safe_prime(std::span<const std::byte, 256>(p_bytes.data(), 256), *p, ctx);
}

/// Checks a DH public value (g_a from the server, g_b of the client, both
/// big-endian) against the 2048-bit `dh_prime` (already checked with
/// check_dh_params): 1 < value < p - 1 and
/// 2^(2048-64) <= value <= p - 2^(2048-64). `name` names the value in the
/// message ("g_a", "g_b").
[[nodiscard]] inline status<dh_errc> check_dh_value(std::span<const std::byte> value,
                                                    std::span<const std::byte> dh_prime,
                                                    std::string_view name = "g_a") {
  auto v = bignum::from_bytes(value);
  auto p = bignum::from_bytes(dh_prime);
  auto one = bignum::from_u64(1);
  auto margin = bignum::power_of_two(2048 - 64);
  if (!v || !p || !one || !margin) return detail::fail(dh_errc::openssl_failure, "check_dh_value: OpenSSL failed");
  if (p->bits() != 2048)
    return detail::fail(dh_errc::prime_not_2048_bits, "dh_prime is not a 2048-bit number (2^2047 <= p < 2^2048)");
  const std::string n(name);
  if (*v <= *one) return detail::fail(dh_errc::value_too_small, n + " is not greater than 1");
  auto p_minus_one = bignum::sub(*p, *one);
  if (!p_minus_one) return detail::fail(dh_errc::openssl_failure, p_minus_one.error().message);
  if (*v >= *p_minus_one) return detail::fail(dh_errc::value_too_large, n + " is not less than dh_prime - 1");
  if (*v < *margin) return detail::fail(dh_errc::value_below_safety_margin, n + " is less than 2^(2048-64)");
  auto upper = bignum::sub(*p, *margin);
  if (!upper) return detail::fail(dh_errc::openssl_failure, upper.error().message);
  if (*v > *upper)
    return detail::fail(dh_errc::value_above_safety_margin, n + " is greater than dh_prime - 2^(2048-64)");
  return success{};
}

}  // namespace tlcpp::net
