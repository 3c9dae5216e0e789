// Big numbers for the handshake and RSA: RAII over OpenSSL's BIGNUM and
// BN_CTX, big-endian bytes in and out, comparison, modular exponentiation.
//
// Secret exponents (the DH secrets a and b) go through mod_exp_secret:
// BN_mod_exp_mont_consttime with BN_FLG_CONSTTIME set on the exponent, so
// the time taken does not depend on the exponent's bits. Public exponents
// (RSA's e, the check g^b) may use the faster mod_exp_public. Every bignum
// is cleared before it is freed.
#pragma once

#include <openssl/bn.h>

#include <climits>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

enum class bignum_errc : std::uint8_t {
  openssl_failure = 1,  ///< OpenSSL failed (out of memory; the message says where)
  too_wide,             ///< the number does not fit the number of bytes asked for
  bad_argument,         ///< e.g. an even modulus for Montgomery exponentiation, a zero modulus
};
using bignum_error = error<bignum_errc>;

/// A BN_CTX: scratch space for OpenSSL's arithmetic. Reuse one per thread
/// of work; not thread-safe.
class bn_context {
 public:
  bn_context() noexcept : ctx_(BN_CTX_secure_new()) {}
  bn_context(const bn_context&) = delete;
  bn_context& operator=(const bn_context&) = delete;
  /// @{
  /// Takes over `o`'s context.
  bn_context(bn_context&& o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}
  bn_context& operator=(bn_context&& o) noexcept {
    std::swap(ctx_, o.ctx_);
    return *this;
  }
  /// @}
  ~bn_context() { BN_CTX_free(ctx_); }
  /// Null only when OpenSSL could not allocate it; the functions given a
  /// null context fail with bignum_errc::openssl_failure.
  [[nodiscard]] BN_CTX* get() const noexcept { return ctx_; }

 private:
  BN_CTX* ctx_;
};

/// A non-negative big integer.
class bignum {
 public:
  /// A bignum, or why there is none.
  using result_type = result<bignum, bignum_error>;

  /// Zero. (Holds no BIGNUM if OpenSSL is out of memory; see valid().)
  bignum() noexcept : bn_(BN_new()) {}
  bignum(const bignum&) = delete;
  bignum& operator=(const bignum&) = delete;
  /// @{
  /// Takes over `o`'s number (`o` is left without one: not valid()).
  bignum(bignum&& o) noexcept : bn_(std::exchange(o.bn_, nullptr)) {}
  bignum& operator=(bignum&& o) noexcept {
    std::swap(bn_, o.bn_);
    return *this;
  }
  /// @}
  ~bignum() { BN_clear_free(bn_); }

  /// The unsigned big-endian number in `bytes` (leading zeros allowed).
  [[nodiscard]] static result_type from_bytes(std::span<const std::byte> big_endian) {
    if (big_endian.size() > static_cast<std::size_t>(INT_MAX / 8))
      return detail::fail(bignum_errc::too_wide, "bignum::from_bytes: " + std::to_string(big_endian.size()) +
                                                     " bytes are more than OpenSSL takes");
    bignum r;
    if (!r.valid()) return oom("bignum::from_bytes");
    if (BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()), static_cast<int>(big_endian.size()),
                  r.bn_) == nullptr)
      return oom("bignum::from_bytes");
    return r;
  }
  /// The number `v`.
  [[nodiscard]] static result_type from_u64(std::uint64_t v) {
    std::byte be[8];
    for (int i = 0; i < 8; ++i) be[i] = std::byte(v >> (56 - 8 * i));
    return from_bytes(be);
  }
  /// 2^bits.
  [[nodiscard]] static result_type power_of_two(int bits) {
    bignum r;
    if (!r.valid() || BN_set_bit(r.bn_, bits) != 1) return oom("bignum::power_of_two");
    return r;
  }
  /// A copy.
  [[nodiscard]] result_type clone() const {
    bignum r;
    if (!r.valid() || !valid() || BN_copy(r.bn_, bn_) == nullptr) return oom("bignum::clone");
    return r;
  }

  /// False only when OpenSSL could not allocate the BIGNUM.
  [[nodiscard]] bool valid() const noexcept { return bn_ != nullptr; }
  /// Number of significant bits (0 for zero).
  [[nodiscard]] int bits() const noexcept { return valid() ? BN_num_bits(bn_) : 0; }
  /// True for zero.
  [[nodiscard]] bool is_zero() const noexcept { return !valid() || BN_is_zero(bn_); }
  /// True for an odd number.
  [[nodiscard]] bool is_odd() const noexcept { return valid() && BN_is_odd(bn_); }
  /// Bit `n` (0 is the least significant).
  [[nodiscard]] bool bit(int n) const noexcept { return valid() && BN_is_bit_set(bn_, n); }

  /// @{
  /// Numeric order.
  friend std::strong_ordering operator<=>(const bignum& a, const bignum& b) noexcept {
    const int c = BN_cmp(a.bn_, b.bn_);
    return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }
  friend bool operator==(const bignum& a, const bignum& b) noexcept { return BN_cmp(a.bn_, b.bn_) == 0; }
  /// @}

  /// This number modulo `w` (w > 0).
  [[nodiscard]] result<std::uint64_t, bignum_error> mod_word(std::uint64_t w) const {
    if (w == 0) return detail::fail(bignum_errc::bad_argument, "bignum::mod_word: modulo zero");
    const BN_ULONG r = BN_mod_word(bn_, static_cast<BN_ULONG>(w));
    if (r == static_cast<BN_ULONG>(-1)) return oom("bignum::mod_word");
    return static_cast<std::uint64_t>(r);
  }

  /// Writes the number big-endian into all of `out`, left-padded with zeros;
  /// too_wide if it needs more bytes than out has.
  [[nodiscard]] status<bignum_errc> to_bytes(std::span<std::byte> out) const {
    if (!valid()) return oom("bignum::to_bytes");
    if (BN_bn2binpad(bn_, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) < 0)
      return detail::fail(bignum_errc::too_wide, "bignum::to_bytes: a number of " + std::to_string(bits()) +
                                                     " bits does not fit in " + std::to_string(out.size()) + " bytes");
    return success{};
  }
  /// The number big-endian in exactly `width` bytes (left-padded).
  [[nodiscard]] result<std::vector<std::byte>, bignum_error> to_bytes(std::size_t width) const {
    std::vector<std::byte> out(width);
    if (auto s = to_bytes(std::span(out)); !s) return s.error();
    return out;
  }
  /// The number big-endian without leading zero bytes (empty for zero).
  [[nodiscard]] std::vector<std::byte> to_minimal_bytes() const {
    if (!valid()) return {};
    std::vector<std::byte> out(static_cast<std::size_t>(BN_num_bytes(bn_)));
    if (!out.empty()) BN_bn2bin(bn_, reinterpret_cast<unsigned char*>(out.data()));
    return out;
  }

  /// a - b (b <= a: these are non-negative numbers).
  [[nodiscard]] static result_type sub(const bignum& a, const bignum& b) {
    if (BN_cmp(a.bn_, b.bn_) < 0) return detail::fail(bignum_errc::bad_argument, "bignum::sub: b > a");
    bignum r;
    if (!r.valid() || BN_sub(r.bn_, a.bn_, b.bn_) != 1) return oom("bignum::sub");
    return r;
  }
  /// a + b.
  [[nodiscard]] static result_type add(const bignum& a, const bignum& b) {
    bignum r;
    if (!r.valid() || BN_add(r.bn_, a.bn_, b.bn_) != 1) return oom("bignum::add");
    return r;
  }
  /// a >> n.
  [[nodiscard]] static result_type shift_right(const bignum& a, int n) {
    bignum r;
    if (!r.valid() || BN_rshift(r.bn_, a.bn_, n) != 1) return oom("bignum::shift_right");
    return r;
  }

  /// base^exp mod m for a public exponent (variable time).
  [[nodiscard]] static result_type mod_exp_public(const bignum& base, const bignum& exp, const bignum& m,
                                                  bn_context& ctx) {
    if (m.is_zero()) return detail::fail(bignum_errc::bad_argument, "bignum::mod_exp_public: modulus zero");
    bignum r;
    if (!r.valid() || ctx.get() == nullptr || BN_mod_exp(r.bn_, base.bn_, exp.bn_, m.bn_, ctx.get()) != 1)
      return oom("bignum::mod_exp_public");
    return r;
  }

  /// base^exp mod m for a secret exponent: constant time in the exponent
  /// (BN_mod_exp_mont_consttime, BN_FLG_CONSTTIME). m must be odd (true of
  /// every DH prime and RSA modulus).
  [[nodiscard]] static result_type mod_exp_secret(const bignum& base, const bignum& exp, const bignum& m,
                                                  bn_context& ctx) {
    if (!m.is_odd())
      return detail::fail(bignum_errc::bad_argument, "bignum::mod_exp_secret: the modulus must be odd (Montgomery)");
    auto e = exp.clone();
    if (!e) return e.error();
    BN_set_flags(e->bn_, BN_FLG_CONSTTIME);
    bignum r;
    if (!r.valid() || ctx.get() == nullptr ||
        BN_mod_exp_mont_consttime(r.bn_, base.bn_, e->bn_, m.bn_, ctx.get(), nullptr) != 1)
      return oom("bignum::mod_exp_secret");
    return r;
  }

  /// Whether this is prime, with OpenSSL's BN_check_prime (Miller-Rabin with
  /// enough rounds for an error below 2^-128).
  [[nodiscard]] result<bool, bignum_error> is_prime(bn_context& ctx) const {
    if (ctx.get() == nullptr) return oom("bignum::is_prime");
    const int r = BN_check_prime(bn_, ctx.get(), nullptr);
    if (r < 0) return oom("bignum::is_prime");
    return r == 1;
  }

  /// @{
  /// The BIGNUM, for OpenSSL calls this class does not wrap.
  [[nodiscard]] const BIGNUM* get() const noexcept { return bn_; }
  [[nodiscard]] BIGNUM* get() noexcept { return bn_; }
  /// @}

 private:
  static bignum_error oom(const char* where) {
    return detail::openssl_fail(bignum_errc::openssl_failure, std::string(where) + ": OpenSSL failed");
  }

  BIGNUM* bn_;
};

}  // namespace tlcpp::net
