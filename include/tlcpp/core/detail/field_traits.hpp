// field_traits<F>: what one field description of meta<T>::fields says.
//
// A field is a `#` word (not stored: derived from the fields that depend on
// it), a `flags.N?true` bool, an optional `flags.N?W` (a std::optional), or
// a required field. The walkers (fields.hpp) branch on `kind` once and reach
// a value through value_of, so that the flags and optional rules are stated
// here and nowhere else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "tlcpp/core/box.hpp"
#include "tlcpp/core/detail/config.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp::detail {

template <class T>
struct is_box : std::false_type {};
template <class T>
struct is_box<box<T>> : std::true_type {};

// A value with any box removed.
template <class V>
constexpr auto& unbox(V& v) noexcept {
  if constexpr (is_box<std::remove_const_t<V>>::value) {
    return *v;
  } else {
    return v;
  }
}

enum class field_kind : std::uint8_t { flags, true_flag, optional, required };

template <class F>
struct field_traits;
template <unsigned K, fixed_string N>
struct field_traits<flags_field<K, N>> {
  static constexpr field_kind kind = field_kind::flags;
  static constexpr unsigned word = K;  ///< which `#` field this is
  static constexpr std::uint32_t bit = 0;
  using wire = wire::int_;  ///< a word on the wire
};
template <auto M, class W, fixed_string N>
struct field_traits<field<M, W, N>> {
  static constexpr field_kind kind = field_kind::required;
  static constexpr unsigned word = 0;
  static constexpr std::uint32_t bit = 0;
  using wire = W;
};
template <auto M, unsigned K, unsigned B, class W, fixed_string N>
struct field_traits<field<M, wire::opt<K, B, W>, N>> {
  static constexpr field_kind kind = std::is_same_v<W, wire::true_> ? field_kind::true_flag : field_kind::optional;
  static constexpr unsigned word = K;  ///< the `#` field it depends on
  static constexpr std::uint32_t bit = std::uint32_t{1} << B;
  using wire = W;  ///< the value's encoding when present
};

// The value of field F of x, its box opened: a pointer, null when an
// optional field is absent (the test folds away for a required one).
template <class F, class T>
TLCPP_ALWAYS_INLINE auto* value_of(T& x) noexcept {
  auto& m = x.*(F::member);
  if constexpr (field_traits<F>::kind == field_kind::optional) {
    return m ? &unbox(*m) : nullptr;
  } else {
    return &unbox(m);
  }
}

// Whether an optional or `true` field of x is present.
template <class F, class T>
TLCPP_ALWAYS_INLINE bool present(const T& x) noexcept {
  if constexpr (field_traits<F>::kind == field_kind::true_flag) {
    return x.*(F::member);
  } else {
    return (x.*(F::member)).has_value();
  }
}

// The bit field F takes in `#` word k, or 0.
template <class F>
constexpr std::uint32_t bit_in(unsigned k) {
  using FT = field_traits<F>;
  const bool depends = FT::kind == field_kind::true_flag || FT::kind == field_kind::optional;
  return depends && FT::word == k ? FT::bit : 0;
}

// Number of `#` fields of T.
template <class T>
inline constexpr std::size_t flags_count = []<class... Fs>(type_list<Fs...>) {
  return (std::size_t{0} + ... + (field_traits<Fs>::kind == field_kind::flags ? 1 : 0));
}(typename meta<T>::fields{});

template <class T>
using flags_words = std::array<std::uint32_t, flags_count<T>>;

// Bits of `#` word K that some field of T uses, and those that two or more
// use (their presence must agree).
template <class T, unsigned K>
inline constexpr std::uint32_t known_bits =
    []<class... Fs>(type_list<Fs...>) { return (std::uint32_t{0} | ... | bit_in<Fs>(K)); }(typename meta<T>::fields{});
template <class T, unsigned K>
inline constexpr std::uint32_t shared_bits = []<class... Fs>(type_list<Fs...>) {
  std::uint32_t seen = 0, shared = 0;
  for (std::uint32_t b : std::array<std::uint32_t, sizeof...(Fs) + 1>{0, bit_in<Fs>(K)...}) {
    shared |= seen & b;
    seen |= b;
  }
  return shared;
}(typename meta<T>::fields{});
template <class T>
inline constexpr bool shares_flag_bits = []<unsigned... K>(std::integer_sequence<unsigned, K...>) {
  return ((shared_bits<T, K> != 0) || ...);
}
(std::make_integer_sequence<unsigned, flags_count<T>>{});

}  // namespace tlcpp::detail
