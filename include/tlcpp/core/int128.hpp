// tlcpp::int128 and tlcpp::int256: the C++ types of TL `int128` and `int256`.
//
// On the wire they are 16 and 32 bytes, a signed two's complement integer in
// little-endian order (MTProto nonces are the main users). Boost's fixed
// precision integers are sign-magnitude, so they can hold values outside the
// two's complement range; the writer refuses those instead of truncating.
#pragma once

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstddef>
#include <cstdint>

#include "tlcpp/core/detail/wire_traits.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp {

using int128 = boost::multiprecision::int128_t;
using int256 = boost::multiprecision::int256_t;

namespace detail {

template <class Signed>
struct wide_int_traits;
template <>
struct wide_int_traits<int128> {
  using unsigned_type = boost::multiprecision::uint128_t;
  static constexpr std::size_t size = 16;
};
template <>
struct wide_int_traits<int256> {
  using unsigned_type = boost::multiprecision::uint256_t;
  static constexpr std::size_t size = 32;
};

// True when `x` fits the N-bit two's complement range the wire can carry.
template <class Signed>
bool wide_int_fits(const Signed& x) {
  constexpr unsigned bits = wide_int_traits<Signed>::size * 8;
  static const Signed max = (Signed(1) << (bits - 1)) - 1;
  static const Signed min = -max - 1;
  return x >= min && x <= max;
}

// Writes `x` (which must fit, see wide_int_fits) as little-endian bytes.
template <class Signed>
void wide_int_store(const Signed& x, std::byte* out) {
  using U = typename wide_int_traits<Signed>::unsigned_type;
  constexpr std::size_t n = wide_int_traits<Signed>::size;
  // Two's complement without relying on signed-to-unsigned conversion rules:
  // for x < 0, ~(-(x + 1)) == 2^N + x.
  U u = x < 0 ? U(~U(-(x + 1))) : U(x);
  std::array<unsigned char, n> le{};
  std::size_t i = 0;
  for (; i < n && u != 0; ++i) {
    le[i] = static_cast<unsigned char>(static_cast<unsigned>(u & 0xff));
    u >>= 8;
  }
  for (std::size_t k = 0; k < n; ++k) out[k] = std::byte{le[k]};
}

template <class Signed>
Signed wide_int_load(const std::byte* in) {
  using U = typename wide_int_traits<Signed>::unsigned_type;
  constexpr std::size_t n = wide_int_traits<Signed>::size;
  U u = 0;
  for (std::size_t k = n; k-- > 0;) {
    u <<= 8;
    u |= static_cast<unsigned>(in[k]);
  }
  if (static_cast<unsigned>(in[n - 1]) & 0x80u) return -Signed(U(~u)) - 1;
  return Signed(u);
}

// The encodings: fixed-size, and a write can fail (a value out of range).
template <class Signed>
struct wide_int_wire {
  static constexpr std::size_t fixed = wide_int_traits<Signed>::size;
  static constexpr bool may_fail = true;
  static constexpr std::size_t min() { return fixed; }
  static void read(reader& r, Signed& v) {
    if (const std::byte* p = r.take(fixed)) v = wide_int_load<Signed>(p);
  }
  static std::size_t size(sizer& s, const Signed& v, std::string_view owner) {
    if (!wide_int_fits(v)) s.fail(serialize_errc::int_out_of_range, owner, 0);
    return fixed;
  }
  static std::byte* write(std::byte* p, const std::byte*, const Signed& v) {
    if (!wide_int_fits(v)) return nullptr;
    wide_int_store(v, p);
    return p + fixed;
  }
};

}  // namespace detail

/// @cond TLCPP_SPECIALIZATIONS
template <>
struct wire_traits<wire::int128> : detail::wide_int_wire<int128> {};
template <>
struct wire_traits<wire::int256> : detail::wide_int_wire<int256> {};
/// @endcond

template <class T>
struct default_wire;
/// A top-level int128 is 16 bytes.
template <>
struct default_wire<int128> {
  using type = wire::int128;  ///< the encoding
};
/// A top-level int256 is 32 bytes.
template <>
struct default_wire<int256> {
  using type = wire::int256;  ///< the encoding
};

}  // namespace tlcpp
