// The one serializer and the one parser, for every generated type.
//
// Generated code only describes fields (meta.hpp); the functions here walk
// those descriptions. Public entry points:
//   tlcpp::serialize(x)                 -> std::vector<std::byte> (boxed)
//   tlcpp::serialize(x, out)            appends to a caller's std::vector
//   tlcpp::serialize_into(x, buffer)    writes into a caller's memory, one pass
//   tlcpp::serialized_size(x)           exact size, validating x
//   tlcpp::parse<T>(bytes)              -> T, or throws tlcpp::parse_error
//   tlcpp::try_parse<T>, try_serialize  the same without exceptions
// Top-level values are always boxed (they start with their constructor id).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/core/box.hpp"
#include "tlcpp/core/bytes.hpp"
#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/one_of.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/wire.hpp"
#include "tlcpp/core/writer.hpp"

namespace tlcpp {

/// The TL encoding of a top-level value of C++ type T, as a `wire::` tag in
/// `type`: what tlcpp::serialize and tlcpp::parse use when no field
/// description names the encoding (fields name their own, in meta.hpp).
/// int32 is `int`, int64 `long`, std::string `string`, tlcpp::bytes
/// `bytes`, bool `Bool`, std::vector a boxed `Vector`, a generated type its
/// boxed form.
template <class T>
struct default_wire;
/// @cond TLCPP_SPECIALIZATIONS
template <>
struct default_wire<std::int32_t> {
  using type = wire::int_;
};
template <>
struct default_wire<std::int64_t> {
  using type = wire::long_;
};
template <>
struct default_wire<double> {
  using type = wire::double_;
};
template <>
struct default_wire<std::string> {
  using type = wire::string;
};
template <>
struct default_wire<bytes> {
  using type = wire::bytes;
};
template <>
struct default_wire<bool> {
  using type = wire::Bool;
};
template <>
struct default_wire<object> {
  using type = wire::object;
};
template <class E>
struct default_wire<std::vector<E>> {
  using type = wire::Vector<typename default_wire<E>::type>;
};
template <class T>
requires tl_boxed<T> || tl_object<T>
struct default_wire<T> {
  using type = wire::boxed<T>;
};
/// @endcond

namespace detail {

// int128/int256 support lives in int128.hpp (it needs Boost); these are
// declared here so that code without wide integers never includes Boost.
template <class Signed>
struct wide_int_traits;
template <class Signed>
bool wide_int_fits(const Signed& x);
template <class Signed>
void wide_int_store(const Signed& x, std::byte* out);
template <class Signed>
Signed wide_int_load(const std::byte* in);

template <class T>
struct is_box : std::false_type {};
template <class T>
struct is_box<box<T>> : std::true_type {};

// A field's value with any box removed.
template <class V>
constexpr auto& unbox(V& v) noexcept {
  if constexpr (is_box<std::remove_const_t<V>>::value) {
    return *v;
  } else {
    return v;
  }
}

template <class W>
struct opt_traits {
  static constexpr bool is_opt = false;
  using inner = W;  // a required field is encoded as itself
};
template <unsigned K, unsigned B, class W>
struct opt_traits<wire::opt<K, B, W>> {
  static constexpr bool is_opt = true;
  static constexpr unsigned ordinal = K;
  static constexpr std::uint32_t bit = std::uint32_t{1} << B;
  using inner = W;
};

template <class F>
struct is_flags : std::false_type {};
template <unsigned K, fixed_string N>
struct is_flags<flags_field<K, N>> : std::true_type {};

template <class T, class Fn>
constexpr void for_each_field(Fn&& fn) {
  [&]<class... Fs>(type_list<Fs...>) { (fn(Fs{}), ...); }(typename meta<T>::fields{});
}

// f(c) for the constructor c the one_of v holds (one_of::visit, which
// inlines f for up to 16 constructors).
template <class O, class F>
TLCPP_ALWAYS_INLINE auto visit_held(O& v, const F& f) {
  return v.visit(f);
}

// Number of `#` fields of T.
template <class T>
inline constexpr std::size_t flags_count = []<class... Fs>(type_list<Fs...>) {
  return (std::size_t{0} + ... + (is_flags<Fs>::value ? 1 : 0));
}(typename meta<T>::fields{});

template <class F>
constexpr std::uint32_t field_bit(unsigned k) {
  if constexpr (is_flags<F>::value) {
    return 0;
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    return opt_traits<typename F::wire>::ordinal == k ? opt_traits<typename F::wire>::bit : 0;
  } else {
    return 0;
  }
}

// Bits of the K-th `#` field that some field of T uses.
template <class T, unsigned K>
inline constexpr std::uint32_t known_bits = []<class... Fs>(type_list<Fs...>) {
  return (std::uint32_t{0} | ... | field_bit<Fs>(K));
}(typename meta<T>::fields{});

// Bits of the K-th `#` field that two or more fields of T use (their
// presence must agree).
template <class T, unsigned K>
inline constexpr std::uint32_t shared_bits = []<class... Fs>(type_list<Fs...>) {
  std::uint32_t seen = 0, shared = 0;
  for (std::uint32_t b : std::array<std::uint32_t, sizeof...(Fs) + 1>{0, field_bit<Fs>(K)...}) {
    shared |= seen & b;
    seen |= b;
  }
  return shared;
}(typename meta<T>::fields{});

// True when two fields of T share a flag bit.
template <class T, unsigned... K>
constexpr bool any_shared_bits(std::integer_sequence<unsigned, K...>) {
  return ((shared_bits<T, K> != 0) || ...);
}
template <class T>
inline constexpr bool shares_flag_bits = any_shared_bits<T>(std::make_integer_sequence<unsigned, flags_count<T>>{});

template <class T, class F>
bool present(const T& x, const F&) noexcept {
  const auto& v = x.*(F::member);
  if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, bool>) {
    return v;
  } else {
    return v.has_value();
  }
}

// The flags words of x, derived from its fields. The writer reserves each
// word, sets the bit of every field with a value as it writes that field,
// and stores the word when the fields are done. The bits of `flags.N?true`
// fields come first: they are bools, and the generator declares them first,
// in schema order, so they are adjacent bytes: eight are read at once and
// their bits gathered with one multiply (user has 27 of them); the bools of
// a struct laid out otherwise are read one at a time.

template <class F>
constexpr bool is_true_flag() {
  if constexpr (is_flags<F>::value) {
    return false;
  } else {
    return std::is_same_v<typename opt_traits<typename F::wire>::inner, wire::true_>;
  }
}

template <class T>
using flags_words = std::array<std::uint32_t, flags_count<T>>;

// The bit field F contributes to the K-th `#` field of x: a shift, not a
// branch.
template <class T, unsigned K, class F>
TLCPP_ALWAYS_INLINE std::uint32_t flag_of(const T& x) noexcept {
  if constexpr (field_bit<F>(K) != 0) {
    return static_cast<std::uint32_t>(present(x, F{})) << std::countr_zero(field_bit<F>(K));
  } else {
    return 0;
  }
}

// The K-th word's bits of the bools of x, one at a time.
template <class T, unsigned K, class... Fs>
TLCPP_ALWAYS_INLINE std::uint32_t bool_bits_of([[maybe_unused]] const T& x, type_list<Fs...>) noexcept {
  return (std::uint32_t{0} | ... | (is_true_flag<Fs>() ? flag_of<T, K, Fs>(x) : std::uint32_t{0}));
}

// A `flags.N?true` field: its member, and where its bit goes.
template <class T>
struct true_flag {
  bool T::*member;
  unsigned word;
  unsigned bit;
};

// The `flags.N?true` fields of T, in schema order.
template <class T>
inline constexpr auto true_flags = []<class... Fs>(type_list<Fs...>) {
  std::array<true_flag<T>, (std::size_t{0} + ... + (is_true_flag<Fs>() ? 1 : 0))> out{};
  [[maybe_unused]] std::size_t i = 0;
  (
      [&] {
        if constexpr (is_true_flag<Fs>()) {
          using O = opt_traits<typename Fs::wire>;
          out[i++] = {Fs::member, O::ordinal, static_cast<unsigned>(std::countr_zero(O::bit))};
        }
      }(),
      ...);
  return out;
}(typename meta<T>::fields{});

template <class T>
TLCPP_ALWAYS_INLINE std::ptrdiff_t offset_of(const T& x, bool T::*m) noexcept {
  return reinterpret_cast<const std::byte*>(&(x.*m)) - reinterpret_cast<const std::byte*>(&x);
}

// Whether the bools follow each other in memory. Every term is a constant
// once inlined: an optimizing compiler folds the check away.
template <class T, std::size_t... I>
TLCPP_ALWAYS_INLINE bool true_flags_adjacent(const T& x, std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  return ((offset_of(x, tf[I + 1].member) == offset_of(x, tf[I].member) + 1) && ...);
}

// Where flag i's run ends: runs are flags that go to consecutive bits of
// one word, within one group of eight.
template <class T>
constexpr std::size_t true_run_end(std::size_t i) {
  constexpr auto& tf = true_flags<T>;
  std::size_t j = i + 1;
  while (j < tf.size() && j % 8 != 0 && tf[j].word == tf[i].word && tf[j].bit == tf[j - 1].bit + 1) ++j;
  return j;
}
template <class T>
constexpr bool true_run_starts(std::size_t i) {
  return i % 8 == 0 || true_run_end<T>(i - 1) == i;
}

// Bools G*8 .. G*8+7 of x into their words.
template <class T, std::size_t G, std::size_t... I>
TLCPP_ALWAYS_INLINE void add_true_group(const T& x, flags_words<T>& w, std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  constexpr std::size_t first = G * 8;
  std::uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const std::byte*>(&x) + offset_of(x, tf[first].member), 8);
  // Byte i holds 0 or 1; the multiply moves bit 8i to bit 56 + i, with no
  // carries between the terms.
  const std::uint64_t bits = ((v & 0x0101010101010101u) * 0x0102040810204080u) >> 56;
  (
      [&] {
        if constexpr (true_run_starts<T>(first + I)) {
          constexpr std::size_t len = true_run_end<T>(first + I) - (first + I);
          constexpr std::uint64_t mask = ((std::uint64_t{1} << len) - 1) << I;
          constexpr unsigned to = tf[first + I].bit;
          const std::uint64_t run = bits & mask;
          w[tf[first + I].word] |= static_cast<std::uint32_t>(to >= I ? run << (to - I) : run >> (I - to));
        }
      }(),
      ...);
}

// The bools after the last full group of eight, one at a time (reading a
// shorter group as a whole would mean a load of fewer than eight bytes, which
// costs more than it saves).
template <class T, std::size_t... I>
TLCPP_ALWAYS_INLINE void add_true_tail(const T& x, flags_words<T>& w, std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  constexpr std::size_t first = tf.size() / 8 * 8;
  ((w[tf[first + I].word] |= static_cast<std::uint32_t>(x.*(tf[first + I].member)) << tf[first + I].bit), ...);
}

template <class T, std::size_t... G>
TLCPP_ALWAYS_INLINE void add_true_groups(const T& x, flags_words<T>& w, std::index_sequence<G...>) noexcept {
  (add_true_group<T, G>(x, w, std::make_index_sequence<8>{}), ...);
  add_true_tail(x, w, std::make_index_sequence<true_flags<T>.size() % 8>{});
}

template <class T, unsigned... K>
TLCPP_ALWAYS_INLINE flags_words<T> bool_flags(const T& x, std::integer_sequence<unsigned, K...>) noexcept {
  constexpr std::size_t n = true_flags<T>.size();
  if constexpr (n >= 8) {
    if (true_flags_adjacent(x, std::make_index_sequence<n - 1>{})) {
      flags_words<T> w{};
      add_true_groups(x, w, std::make_index_sequence<n / 8>{});
      return w;
    }
  }
  return {bool_bits_of<T, K>(x, typename meta<T>::fields{})...};
}

// The bits of every `#` word of x that its `flags.N?true` fields set.
template <class T>
TLCPP_ALWAYS_INLINE flags_words<T> bool_flags(const T& x) noexcept {
  return bool_flags(x, std::make_integer_sequence<unsigned, flags_count<T>>{});
}

// ---------------------------------------------------------------------------
// Least number of wire bytes a value can take: a vector count is refused
// before anything is reserved when the remaining bytes cannot hold it.

template <class W>
struct min_size;
template <class T>
constexpr std::size_t min_fields_size();

template <class W>
struct min_size {
  static constexpr std::size_t value = 4;  // int, string, Bool, Object, ids
};
template <>
struct min_size<wire::long_> {
  static constexpr std::size_t value = 8;
};
template <>
struct min_size<wire::double_> {
  static constexpr std::size_t value = 8;
};
template <>
struct min_size<wire::int128> {
  static constexpr std::size_t value = 16;
};
template <>
struct min_size<wire::int256> {
  static constexpr std::size_t value = 32;
};
template <class E>
struct min_size<wire::Vector<E>> {
  static constexpr std::size_t value = 8;
};
template <class T>
struct min_size<wire::bare<T>> {
  static constexpr std::size_t value = min_fields_size<T>();
};
template <class T>
struct min_size<wire::boxed<T>> {
  static constexpr std::size_t value = [] {
    if constexpr (tl_boxed<T>) {
      return []<class... Cs>(type_list<Cs...>) {
        return 4 + std::min({min_fields_size<Cs>()...});
      }(typename T::alternatives{});
    } else if constexpr (tl_object<T>) {
      return 4 + min_fields_size<T>();
    } else {
      return std::size_t{4};
    }
  }();
};

template <class T>
constexpr std::size_t min_fields_size() {
  std::size_t n = 0;
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (is_flags<F>::value) {
      n += 4;
    } else if constexpr (!opt_traits<typename F::wire>::is_opt) {
      using M = std::remove_cvref_t<decltype(std::declval<T&>().*(F::member))>;
      // A boxed (recursive) field: count its id only, so this stays finite
      // (and never names min_size of a type still being measured).
      if constexpr (is_box<M>::value) {
        n += 4;
      } else {
        n += min_size<typename F::wire>::value;
      }
    }
  });
  return n;
}

// Vectors of int, long and double are copied as one run (the host is
// little-endian, so memory and wire agree); std::vector<bool> is not.
template <class E, class V>
constexpr bool memcpy_run_check() {
  if constexpr ((std::is_same_v<E, wire::int_> || std::is_same_v<E, wire::long_> ||
                 std::is_same_v<E, wire::double_>)&&!std::is_same_v<V, std::vector<bool>>) {
    static_assert(sizeof(typename V::value_type) == min_size<E>::value, "element type does not match its encoding");
    return true;
  } else {
    return false;
  }
}
template <class E, class V>
inline constexpr bool memcpy_run = memcpy_run_check<E, V>();

// ---------------------------------------------------------------------------
// Size pass: exact byte count, and every check that could make bytes wrong.
// serialized_size() is this pass alone; the write pass below makes the same
// checks and asks this pass to word a refusal.

struct sizer {
  std::size_t size = 0;
  serialize_failure failure{};
  [[nodiscard]] bool ok() const noexcept { return failure.code == serialize_errc{}; }
  TLCPP_COLD void fail(serialize_errc c, std::string_view what, std::uint64_t value) noexcept {
    if (ok()) failure = {c, what, value};
  }
};

// Sizes are returned by value and summed in locals (a running total kept in
// the sizer would go through memory at every field). composite_sizer<W> is
// the customization point: a specialization either has size(), which adds
// to s.size, or, like the built-in ones below, bytes(), which returns them.

template <class T>
std::size_t fields_size(sizer& s, const T& x);

template <class W>
struct composite_sizer;  // boxed, bare, Vector and vector: specialized below

template <class W, class V>
TLCPP_ALWAYS_INLINE std::size_t value_size(sizer& s, const V& v, std::string_view owner) {
  if constexpr (std::is_same_v<W, wire::int_> || std::is_same_v<W, wire::Bool>) {
    return 4;
  } else if constexpr (std::is_same_v<W, wire::long_> || std::is_same_v<W, wire::double_>) {
    return 8;
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    if (!wide_int_fits(v)) s.fail(serialize_errc::int_out_of_range, owner, 0);
    return wide_int_traits<V>::size;
  } else if constexpr (std::is_same_v<W, wire::string> || std::is_same_v<W, wire::bytes>) {
    if (v.size() > max_string_size) [[unlikely]] {
      s.fail(serialize_errc::string_too_long, owner, v.size());
    }
    return string_wire_size(v.size());
  } else if constexpr (std::is_same_v<W, wire::object>) {
    if (v.size() < 4 || v.size() % 4 != 0) s.fail(serialize_errc::bad_object, owner, v.size());
    return v.size();
  } else if constexpr (requires { composite_sizer<W>::bytes(s, v, owner); }) {
    return composite_sizer<W>::bytes(s, v, owner);
  } else {
    const std::size_t before = s.size;
    composite_sizer<W>::size(s, v, owner);
    const std::size_t n = s.size - before;
    s.size = before;
    return n;
  }
}

template <class E, class V>
std::size_t elements_size(sizer& s, const V& v, std::string_view owner) {
  std::size_t n = 4;
  if constexpr (std::is_same_v<E, wire::int_> || std::is_same_v<E, wire::long_> || std::is_same_v<E, wire::double_> ||
                std::is_same_v<E, wire::Bool>) {
    n += v.size() * min_size<E>::value;
  } else {
    for (const auto& e : v) n += value_size<E>(s, unbox(e), owner);
  }
  return n;
}

// The size of the fields of a one_of's constructor.
struct constructor_size {
  sizer& s;
  template <class C>
  TLCPP_ALWAYS_INLINE std::size_t operator()(const C& c) const {
    return fields_size(s, c);
  }
};

template <class T>
struct composite_sizer<wire::boxed<T>> {
  template <class V>
  static std::size_t bytes(sizer& s, const V& v, std::string_view) {
    if constexpr (tl_boxed<T>) {
      return 4 + visit_held(v, constructor_size{s});
    } else {
      return 4 + fields_size(s, v);
    }
  }
};
template <class T>
struct composite_sizer<wire::bare<T>> {
  template <class V>
  static std::size_t bytes(sizer& s, const V& v, std::string_view) {
    return fields_size(s, v);
  }
};
template <class E>
struct composite_sizer<wire::Vector<E>> {
  template <class V>
  static std::size_t bytes(sizer& s, const V& v, std::string_view owner) {
    return 4 + elements_size<E>(s, v, owner);
  }
};
template <class E>
struct composite_sizer<wire::vector<E>> {
  template <class V>
  static std::size_t bytes(sizer& s, const V& v, std::string_view owner) {
    return elements_size<E>(s, v, owner);
  }
};

// One field of T: its wire size.
template <class T, class F>
TLCPP_ALWAYS_INLINE std::size_t field_size(sizer& s, const T& x) {
  if constexpr (is_flags<F>::value) {
    return 4;
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    using Inner = typename opt_traits<typename F::wire>::inner;
    if constexpr (!std::is_same_v<Inner, wire::true_>) {
      const auto& o = x.*(F::member);
      return o ? value_size<Inner>(s, unbox(*o), meta<T>::name) : 0;
    } else {
      return 0;
    }
  } else {
    return value_size<typename F::wire>(s, unbox(x.*(F::member)), meta<T>::name);
  }
}

template <class T, class... Fs>
std::size_t fields_size_of([[maybe_unused]] sizer& s, [[maybe_unused]] const T& x, type_list<Fs...>) {
  return (std::size_t{0} + ... + field_size<T, Fs>(s, x));
}

// Fields that share a flag bit must agree, or no flags word can be right:
// the lowest bit on which they disagree, or -1. Only those fields are looked
// at (user has 2 pairs among 45 fields).
template <class T>
TLCPP_ALWAYS_INLINE int flag_conflict([[maybe_unused]] const T& x) noexcept {
  if constexpr (shares_flag_bits<T>) {
    std::array<std::uint32_t, flags_count<T>> set{}, clear{};
    for_each_field<T>([&](const auto& f) {
      using F = std::remove_cvref_t<decltype(f)>;
      if constexpr (!is_flags<F>::value) {
        if constexpr (opt_traits<typename F::wire>::is_opt) {
          using O = opt_traits<typename F::wire>;
          if constexpr ((shared_bits<T, O::ordinal> & O::bit) != 0) {
            const bool is_present = present(x, f);
            set[O::ordinal] |= is_present ? O::bit : 0;
            clear[O::ordinal] |= is_present ? 0 : O::bit;
          }
        }
      }
    });
    for (std::size_t k = 0; k < flags_count<T>; ++k) {
      if (const std::uint32_t both = set[k] & clear[k]) return std::countr_zero(both);
    }
  }
  return -1;
}

template <class T>
std::size_t fields_size(sizer& s, const T& x) {
  if constexpr (shares_flag_bits<T>) {
    if (const int bit = flag_conflict(x); bit >= 0) {
      s.fail(serialize_errc::flag_conflict, meta<T>::name, static_cast<std::uint64_t>(bit));
    }
  }
  return fields_size_of(s, x, typename meta<T>::fields{});
}

// ---------------------------------------------------------------------------
// Write pass: one pass into [p, end), checking room as it goes: once per
// constructor for all its fixed-size fields, once per string and per vector.
// It refuses everything the size pass refuses, and running out of room is
// not an error it can explain: either way it returns nullptr, and the caller
// asks the size pass what went wrong (the one place that words a failure).
// So a serialize into memory with room needs no size pass (serialize.hpp's
// public functions below).
//
// The position is passed by value and returned, never by reference: a
// pointer whose address escapes must be reloaded after every byte written
// (a std::byte store may alias it), which costs more than the writes.

// Wire bytes of an encoding whose size does not depend on the value; 0 for
// the others (strings, objects, vectors, constructors check their own).
template <class W>
inline constexpr std::size_t fixed_wire_size = 0;
template <>
inline constexpr std::size_t fixed_wire_size<wire::int_> = 4;
template <>
inline constexpr std::size_t fixed_wire_size<wire::Bool> = 4;
template <>
inline constexpr std::size_t fixed_wire_size<wire::long_> = 8;
template <>
inline constexpr std::size_t fixed_wire_size<wire::double_> = 8;
template <>
inline constexpr std::size_t fixed_wire_size<wire::int128> = 16;
template <>
inline constexpr std::size_t fixed_wire_size<wire::int256> = 32;

// Fields are written in runs: a run is the fixed-size fields (flags words,
// ints, longs, `true` flags...) between two fields of variable size
// (strings, vectors, constructors), and its room is checked once, at its
// first field. A variable-size field checks its own.

// Whether field F's size depends on its value.
template <class F>
constexpr bool variable_size() {
  if constexpr (is_flags<F>::value) {
    return false;
  } else {
    using W = typename opt_traits<typename F::wire>::inner;
    return fixed_wire_size<W> == 0 && !std::is_same_v<W, wire::true_>;
  }
}

// Whether writing field F can fail: a variable-size one may not fit, a wide
// integer may be out of range.
template <class F>
constexpr bool field_may_fail() {
  if constexpr (is_flags<F>::value) {
    return false;
  } else {
    using W = typename opt_traits<typename F::wire>::inner;
    return variable_size<F>() || std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>;
  }
}

// For each field of T: the index of the first variable-size field at or
// after it (the end of its run), or the field count.
template <class T>
inline constexpr auto run_ends = []<class... Fs>(type_list<Fs...>) {
  constexpr std::array<bool, sizeof...(Fs) + 1> variable{variable_size<Fs>()..., true};
  std::array<std::size_t, sizeof...(Fs) + 1> ends{};
  for (std::size_t i = sizeof...(Fs) + 1; i-- > 0;) ends[i] = variable[i] ? i : ends[i + 1];
  return ends;
}(typename meta<T>::fields{});

// Bytes field F of x takes if it has a fixed size (an optional one only when
// present), else 0.
template <class T, class F>
TLCPP_ALWAYS_INLINE std::size_t fixed_field_size([[maybe_unused]] const T& x) noexcept {
  if constexpr (is_flags<F>::value) {
    return 4;
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    constexpr std::size_t n = fixed_wire_size<typename opt_traits<typename F::wire>::inner>;
    if constexpr (n != 0) {
      return (x.*(F::member)).has_value() ? n : 0;
    } else {
      return 0;
    }
  } else {
    return fixed_wire_size<typename F::wire>;
  }
}

// Bytes of the run of fixed-size fields of x that starts at field I.
template <class T, std::size_t I, class... Fs, std::size_t... J>
TLCPP_ALWAYS_INLINE std::size_t run_size([[maybe_unused]] const T& x, type_list<Fs...>, std::index_sequence<J...>) {
  return (std::size_t{0} + ... + [&] {
    if constexpr (J >= I && J < run_ends<T>[I]) {
      return fixed_field_size<T, Fs>(x);
    } else {
      return std::size_t{0};
    }
  }());
}
template <class T, std::size_t I>
TLCPP_ALWAYS_INLINE std::size_t run_size(const T& x) {
  using fields = typename meta<T>::fields;
  return run_size<T, I>(x, fields{}, std::make_index_sequence<run_ends<T>.size() - 1>{});
}

TLCPP_ALWAYS_INLINE bool has_room(const std::byte* p, const std::byte* end, std::size_t n) noexcept {
  return static_cast<std::size_t>(end - p) >= n;
}

// composite_writer<W> is the customization point: a specialization has
// put(p, end, v), which writes v at p (checking room itself) and returns the
// position after it, or nullptr.
template <class W>
struct composite_writer;  // boxed, bare, Vector and vector: specialized below

// Writes v at p. Fixed-size values trust their room was checked (with their
// constructor, or their vector); everything else checks its own.
template <class W, class V>
TLCPP_ALWAYS_INLINE std::byte* write_value(std::byte* p, const std::byte* end, const V& v) {
  if constexpr (std::is_same_v<W, wire::int_>) {
    put<std::int32_t>(p, v);
  } else if constexpr (std::is_same_v<W, wire::long_>) {
    put<std::int64_t>(p, v);
  } else if constexpr (std::is_same_v<W, wire::double_>) {
    put<double>(p, v);
  } else if constexpr (std::is_same_v<W, wire::Bool>) {
    put<std::uint32_t>(p, v ? wire::bool_true_id : wire::bool_false_id);
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    if (!wide_int_fits(v)) return nullptr;
    wide_int_store(v, p);
    p += wide_int_traits<V>::size;
  } else if constexpr (std::is_same_v<W, wire::string> || std::is_same_v<W, wire::bytes>) {
    const std::size_t n = v.size();
    if (n > max_string_size || !has_room(p, end, string_wire_size(n))) [[unlikely]] {
      return nullptr;
    }
    p = put_string(p, std::string_view(v.data(), n));
  } else if constexpr (std::is_same_v<W, wire::object>) {
    if (v.size() < 4 || v.size() % 4 != 0 || !has_room(p, end, v.size())) return nullptr;
    std::memcpy(p, v.span().data(), v.size());
    p += v.size();
  } else {
    p = composite_writer<W>::put(p, end, v);
  }
  return p;
}

template <class E, class V>
std::byte* write_elements(std::byte* p, const std::byte* end, const V& v) {
  // Elements of a fixed size are checked as one run.
  if (!has_room(p, end, 4 + v.size() * fixed_wire_size<E>)) return nullptr;
  put<std::uint32_t>(p, static_cast<std::uint32_t>(v.size()));
  if constexpr (memcpy_run<E, V>) {
    if (!v.empty()) std::memcpy(p, v.data(), v.size() * sizeof(v[0]));
    p += v.size() * sizeof(typename V::value_type);
  } else {
    for (const auto& e : v) {
      p = write_value<E>(p, end, unbox(e));
      if constexpr (fixed_wire_size<E> == 0 || std::is_same_v<E, wire::int128> || std::is_same_v<E, wire::int256>) {
        if (p == nullptr) return nullptr;
      }
    }
  }
  return p;
}

template <bool Boxed, class C>
TLCPP_ALWAYS_INLINE std::byte* write_constructor(std::byte* p, const std::byte* end, const C& c);

// Writes a one_of's constructor: its id and its fields.
struct put_constructor {
  std::byte* p;
  const std::byte* end;
  template <class C>
  TLCPP_ALWAYS_INLINE std::byte* operator()(const C& c) const {
    return write_constructor<true>(p, end, c);
  }
};

template <class T>
struct composite_writer<wire::boxed<T>> {
  template <class V>
  static std::byte* put(std::byte* p, const std::byte* end, const V& v) {
    if constexpr (tl_boxed<T>) {
      return visit_held(v, put_constructor{p, end});
    } else {
      return write_constructor<true>(p, end, v);
    }
  }
};
template <class T>
struct composite_writer<wire::bare<T>> {
  template <class V>
  static std::byte* put(std::byte* p, const std::byte* end, const V& v) {
    return write_constructor<false>(p, end, v);
  }
};
template <class E>
struct composite_writer<wire::Vector<E>> {
  template <class V>
  static std::byte* put(std::byte* p, const std::byte* end, const V& v) {
    if (!has_room(p, end, 4)) return nullptr;
    detail::put<std::uint32_t>(p, wire::vector_id);
    return write_elements<E>(p, end, v);
  }
};
template <class E>
struct composite_writer<wire::vector<E>> {
  template <class V>
  static std::byte* put(std::byte* p, const std::byte* end, const V& v) {
    return write_elements<E>(p, end, v);
  }
};

// The flags words of the constructor being written: their bits so far, and
// where each goes.
template <class T>
struct flags_state {
  flags_words<T> words;
  std::array<std::byte*, flags_count<T>> at{};
};

// One field of T, written at p; returns the position after it, or nullptr.
template <class T, class F>
TLCPP_ALWAYS_INLINE std::byte* write_field(std::byte* p, const std::byte* end, const T& x,
                                           [[maybe_unused]] flags_state<T>& flags) {
  if constexpr (is_flags<F>::value) {
    flags.at[F::ordinal] = p;  // stored when all fields are written
    p += 4;
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    using O = opt_traits<typename F::wire>;
    if constexpr (!std::is_same_v<typename O::inner, wire::true_>) {
      const auto& o = x.*(F::member);
      if (o) {
        flags.words[O::ordinal] |= O::bit;
        p = write_value<typename O::inner>(p, end, unbox(*o));
      }
    }
  } else {
    p = write_value<typename F::wire>(p, end, unbox(x.*(F::member)));
  }
  return p;
}

// Writes field F, the I-th of T, first checking room for the run it starts;
// false when it did not fit or failed (only fields that can fail are
// tested).
template <class T, std::size_t I, class F>
TLCPP_ALWAYS_INLINE bool write_step(std::byte*& p, const std::byte* end, const T& x, flags_state<T>& flags) {
  if constexpr (I != 0 && run_ends<T>[I - 1] == I - 1 && run_ends<T>[I] != I) {
    if (!has_room(p, end, run_size<T, I>(x))) return false;
  }
  p = write_field<T, F>(p, end, x, flags);
  if constexpr (field_may_fail<F>()) {
    return p != nullptr;
  } else {
    return true;
  }
}

template <bool Boxed, class C, class... Fs, std::size_t... I, unsigned... K>
TLCPP_ALWAYS_INLINE std::byte* write_id_and_fields(std::byte* p, const std::byte* end, const C& c, type_list<Fs...>,
                                                   std::index_sequence<I...>, std::integer_sequence<unsigned, K...>) {
  // The bools before any byte is written: a byte store may alias them.
  [[maybe_unused]] flags_state<C> flags{bool_flags(c)};
  if (!has_room(p, end, (Boxed ? 4 : 0) + run_size<C, 0>(c))) return nullptr;
  if constexpr (Boxed) put<std::uint32_t>(p, meta<C>::id);
  if (!(write_step<C, I, Fs>(p, end, c, flags) && ...)) return nullptr;
  (std::memcpy(flags.at[K], &flags.words[K], 4), ...);
  return p;
}

// Writes constructor C: its id when Boxed, then its fields; the id's room is
// checked with the run of fields that follows it.
template <bool Boxed, class C>
TLCPP_ALWAYS_INLINE std::byte* write_constructor_inline(std::byte* p, const std::byte* end, const C& c) {
  if constexpr (shares_flag_bits<C>) {
    if (flag_conflict(c) >= 0) return nullptr;
  }
  return write_id_and_fields<Boxed>(p, end, c, typename meta<C>::fields{},
                                    std::make_index_sequence<run_ends<C>.size() - 1>{},
                                    std::make_integer_sequence<unsigned, flags_count<C>>{});
}

// The same, in a function of its own when C has more than a few fields
// (userStatusOffline is written in line, user is not).
template <bool Boxed, class C>
std::byte* write_constructor_outlined(std::byte* p, const std::byte* end, const C& c) {
  return write_constructor_inline<Boxed>(p, end, c);
}
template <bool Boxed, class C>
TLCPP_ALWAYS_INLINE std::byte* write_constructor(std::byte* p, const std::byte* end, const C& c) {
  if constexpr (run_ends<C>.size() <= 8) {
    return write_constructor_inline<Boxed>(p, end, c);
  } else {
    return write_constructor_outlined<Boxed>(p, end, c);
  }
}

// Writes x, encoded as W, into [p, end): the position after it, or nullptr
// when it does not fit or cannot be encoded faithfully.
template <class W, class T>
std::byte* write_checked(std::byte* p, const std::byte* end, const T& x) {
  if (!has_room(p, end, fixed_wire_size<W>)) return nullptr;
  return write_value<W>(p, end, x);
}

// ---------------------------------------------------------------------------
// Read: bounds-checked through the reader; the first failure is sticky.

template <class T>
void read_fields(reader& r, T& x);

template <class W>
struct composite_reader;

template <class W, class V>
TLCPP_ALWAYS_INLINE void read_value(reader& r, V& v) {
  if constexpr (std::is_same_v<W, wire::int_>) {
    v = r.i32();
  } else if constexpr (std::is_same_v<W, wire::long_>) {
    v = r.i64();
  } else if constexpr (std::is_same_v<W, wire::double_>) {
    v = r.f64();
  } else if constexpr (std::is_same_v<W, wire::Bool>) {
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    v = id == wire::bool_true_id;
    if (id != wire::bool_true_id && id != wire::bool_false_id && r.ok()) {
      r.fail({parse_errc::bad_bool, at, id, 0, "Bool"});
    }
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    if (const std::byte* p = r.take(wide_int_traits<V>::size)) v = wide_int_load<V>(p);
  } else if constexpr (std::is_same_v<W, wire::string>) {
    const std::string_view s = r.string();
    v.assign(s.data(), s.size());
  } else if constexpr (std::is_same_v<W, wire::bytes>) {
    v = bytes(r.string());
  } else if constexpr (std::is_same_v<W, wire::object>) {
    // An Object extends to the end of the enclosing frame (see object.hpp).
    const std::size_t n = r.remaining();
    if (n < 4) {
      r.fail({parse_errc::truncated, r.offset(), 4, n, "Object"});
      return;
    }
    v = object(std::span<const std::byte>(r.take(n), n));
  } else {
    composite_reader<W>::read(r, v);
  }
}

// The first constructor of a one_of, and whether the one_of holds it in place.
template <class C, class... Cs>
C first_alternative(type_list<C, Cs...>);
template <class C, class... Cs>
constexpr bool first_in_place(type_list<C, Cs...>) {
  return std::is_same_v<one_of_slot<C, C, Cs...>, in_place<C>>;
}

// A new default element at the end of v. A boxed type starts as its first
// constructor, built from a value: value-initializing the one_of would first
// zero all of its storage (880 bytes for User), only to hold an empty one.
template <class V>
TLCPP_ALWAYS_INLINE auto& append_default(V& v) {
  using E = typename V::value_type;
  if constexpr (tl_boxed<E>) {
    if constexpr (first_in_place(typename E::alternatives{})) {
      return v.emplace_back(decltype(first_alternative(typename E::alternatives{})){});
    } else {
      return v.emplace_back();  // built from a value, the first constructor would be allocated
    }
  } else {
    return v.emplace_back();
  }
}

template <class E, class V>
void read_elements(reader& r, V& v) {
  const std::size_t at = r.offset();
  const std::uint32_t count = r.u32();
  if (count > r.remaining() / min_size<E>::value) {
    if (r.ok()) r.fail({parse_errc::vector_too_long, at, count, r.remaining(), {}});
    return;
  }
  if constexpr (memcpy_run<E, V>) {
    // Fixed-size elements: one bounds check and one copy for the whole run.
    v.resize(count);
    if (const std::byte* p = r.take(std::size_t{count} * sizeof(typename V::value_type))) {
      if (count != 0) std::memcpy(v.data(), p, std::size_t{count} * sizeof(typename V::value_type));
    }
  } else {
    v.clear();
    v.reserve(count);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
      if constexpr (std::is_same_v<V, std::vector<bool>>) {
        bool b = false;
        read_value<E>(r, b);
        v.push_back(b);
      } else {
        read_value<E>(r, unbox(append_default(v)));
      }
    }
  }
}

template <class T, class C>
void read_alternative(reader& r, T& out) {
  read_fields(r, emplace_member_init<C>(out));
}

// Reads the fields of the constructor of T whose id is `id`; false if T has
// no such constructor.
template <class T>
bool read_by_id(reader& r, T& out, std::uint32_t id) {
  return []<class... Cs>(reader& rd, T& o, std::uint32_t i, type_list<Cs...>) {
    if constexpr (sizeof...(Cs) <= 8) {
      return ((i == meta<Cs>::id ? (read_alternative<T, Cs>(rd, o), true) : false) || ...);
    } else {
      // Many constructors: binary search in a sorted id table, then one
      // indirect call, instead of a chain of comparisons.
      using reader_fn = void (*)(reader&, T&);
      struct entry {
        std::uint32_t id;
        reader_fn fn;
      };
      static constexpr auto table = [] {
        std::array<entry, sizeof...(Cs)> t{entry{meta<Cs>::id, &read_alternative<T, Cs>}...};
        std::sort(t.begin(), t.end(), [](const entry& a, const entry& b) { return a.id < b.id; });
        return t;
      }();
      const auto it =
          std::lower_bound(table.begin(), table.end(), i, [](const entry& e, std::uint32_t v) { return e.id < v; });
      if (it == table.end() || it->id != i) return false;
      it->fn(rd, o);
      return true;
    }
  }(r, out, id, typename T::alternatives{});
}

template <class T>
struct composite_reader<wire::boxed<T>> {
  template <class V>
  static void read(reader& r, V& v) {
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    if (!r.ok()) return;
    if constexpr (tl_boxed<T>) {
      if (!read_by_id(r, v, id)) r.fail({parse_errc::unknown_constructor, at, id, 0, meta<T>::name});
    } else {
      if (id != meta<T>::id) {
        // Name what was expected: this constructor or method. (Its `type` is a
        // method's result type, or "X" for a generic method.)
        r.fail({parse_errc::unknown_constructor, at, id, 0, meta<T>::name});
        return;
      }
      read_fields(r, v);
    }
  }
};
template <class T>
struct composite_reader<wire::bare<T>> {
  template <class V>
  static void read(reader& r, V& v) {
    read_fields(r, v);
  }
};
template <class E>
struct composite_reader<wire::Vector<E>> {
  template <class V>
  static void read(reader& r, V& v) {
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    if (!r.ok()) return;
    if (id != wire::vector_id) {
      r.fail({parse_errc::unknown_constructor, at, id, 0, "Vector"});
      return;
    }
    read_elements<E>(r, v);
  }
};
template <class E>
struct composite_reader<wire::vector<E>> {
  template <class V>
  static void read(reader& r, V& v) {
    read_elements<E>(r, v);
  }
};

// What an optional field holds (void for a `flags.N?true` bool).
template <class M>
struct optional_value {
  using type = void;
};
template <class X>
struct optional_value<std::optional<X>> {
  using type = X;
};

// One field of T. `flags` holds the `#` fields read so far.
template <class T, class F, std::size_t N>
TLCPP_ALWAYS_INLINE void read_field(reader& r, T& x, [[maybe_unused]] std::array<std::uint32_t, N>& flags) {
  if constexpr (is_flags<F>::value) {
    const std::size_t at = r.offset();
    const std::uint32_t v = r.u32();
    flags[F::ordinal] = v;
    if (const std::uint32_t unknown = v & ~known_bits<T, F::ordinal>) [[unlikely]] {
      r.fail({parse_errc::unknown_flags, at, unknown, 0, meta<T>::name});
    }
  } else if constexpr (opt_traits<typename F::wire>::is_opt &&
                       std::is_same_v<typename opt_traits<typename F::wire>::inner, wire::true_>) {
    // A store, not a branch: which flags are set varies from object to object.
    using O = opt_traits<typename F::wire>;
    x.*(F::member) = (flags[O::ordinal] & O::bit) != 0;
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    using O = opt_traits<typename F::wire>;
    if (flags[O::ordinal] & O::bit) {
      auto& o = x.*(F::member);
      using M = typename optional_value<std::remove_cvref_t<decltype(o)>>::type;
      if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, bytes>) {
        // Built from the bytes in place (emplace() and then assign would
        // build it twice).
        const std::string_view s = r.string();
        if constexpr (std::is_same_v<M, std::string>) {
          o.emplace(s.data(), s.size());
        } else {
          o.emplace(s);
        }
      } else {
        read_value<typename O::inner>(r, unbox(o.emplace()));
      }
    }
  } else {
    read_value<typename F::wire>(r, unbox(x.*(F::member)));
  }
}

template <class T, class... Fs>
TLCPP_ALWAYS_INLINE void read_fields_of([[maybe_unused]] reader& r, [[maybe_unused]] T& x, type_list<Fs...>) {
  [[maybe_unused]] std::array<std::uint32_t, flags_count<T>> flags{};
  (read_field<T, Fs>(r, x, flags), ...);
}

template <class T>
void read_fields(reader& r, T& x) {
  if (!r.enter()) return;
  read_fields_of(r, x, typename meta<T>::fields{});
  r.leave();
}

template <class R>
concept byte_input = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                         sizeof(std::ranges::range_value_t<R>) == 1 &&
                     std::is_trivially_copyable_v<std::ranges::range_value_t<R>>;

template <byte_input R>
std::span<const std::byte> as_bytes(const R& r) noexcept {
  return {reinterpret_cast<const std::byte*>(std::ranges::data(r)), std::ranges::size(r)};
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Public API. W is the encoding; it defaults to the boxed form of T.

/// Reads one value of encoding W from r (for code that frames its own input).
template <class T, class W = typename default_wire<T>::type>
void read(reader& r, T& out) {
  detail::read_value<W>(r, out);
}

/// Exact serialized size of x encoded as W, or why x cannot be serialized
/// faithfully.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialized_size_as(const T& x) {
  detail::sizer s;
  const std::size_t size = detail::value_size<W>(s, x, {});
  if (!s.ok()) return s.failure;
  return size;
}
/// Exact size of the boxed serialization of x, or why it cannot be made.
template <class T>
result<std::size_t, serialize_failure> try_serialized_size(const T& x) {
  return try_serialized_size_as<typename default_wire<T>::type>(x);
}

namespace detail {

// Where serialize() writes before copying into the caller's vector: one
// pass, with no size pass first, and the vector gets exactly the bytes (a
// vector written in place would be zeroed first). Per thread, kept between
// calls, grown to the largest value that needed it but never past
// scratch_limit: larger values take the two passes, size then write.
struct scratch {
  std::unique_ptr<std::byte[]> data;
  std::size_t size = 0;
  bool busy = false;  // a composite_writer that serializes re-enters
};
struct scratch_use {
  scratch& s;
  explicit scratch_use(scratch& in) noexcept : s(in) { s.busy = true; }
  scratch_use(const scratch_use&) = delete;
  scratch_use& operator=(const scratch_use&) = delete;
  ~scratch_use() { s.busy = false; }
};
inline constexpr std::size_t scratch_limit = 64 * 1024;
inline scratch& thread_scratch() noexcept {
  thread_local scratch s;
  return s;
}

}  // namespace detail

/// Appends x, encoded as W, to out; returns the bytes appended. On failure
/// out is left as it was.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialize_as(const T& x, std::vector<std::byte>& out) {
  detail::scratch& s = detail::thread_scratch();
  if (!s.busy && s.size != 0) {
    const detail::scratch_use use(s);
    if (const std::byte* end = detail::write_checked<W>(s.data.get(), s.data.get() + s.size, x)) {
      out.insert(out.end(), static_cast<const std::byte*>(s.data.get()), end);
      return static_cast<std::size_t>(end - s.data.get());
    }
  }
  auto size = try_serialized_size_as<W>(x);
  if (!size) return size;
  if (!s.busy && *size > s.size && *size <= detail::scratch_limit) {
    s.size = std::min(std::max(std::bit_ceil(*size), std::size_t{4096}), detail::scratch_limit);
    s.data = std::make_unique_for_overwrite<std::byte[]>(s.size);
  }
  const std::size_t old = out.size();
  out.resize(old + *size);
  detail::write_checked<W>(out.data() + old, out.data() + out.size(), x);
  return size;
}
/// Appends the boxed serialization of x to out; returns the bytes appended.
/// On failure out is left as it was.
template <class T>
result<std::size_t, serialize_failure> try_serialize(const T& x, std::vector<std::byte>& out) {
  return try_serialize_as<typename default_wire<T>::type>(x, out);
}

/// Writes x, encoded as W, at the start of `buffer`; returns the bytes
/// written. Fails (buffer_too_small, with the size needed) when the buffer is
/// shorter than that; the buffer may then have been written to, never past
/// its end.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialize_into_as(const T& x, std::span<std::byte> buffer) {
  if (const std::byte* end = detail::write_checked<W>(buffer.data(), buffer.data() + buffer.size(), x)) {
    return static_cast<std::size_t>(end - buffer.data());
  }
  auto size = try_serialized_size_as<W>(x);
  if (!size) return size;
  std::string_view name = "value";
  if constexpr (requires { meta<T>::name; }) name = meta<T>::name;
  return serialize_failure{serialize_errc::buffer_too_small, name, *size};
}
/// Writes the boxed serialization of x at the start of `buffer` (a packet
/// being assembled, a reused array): no allocation, one pass, and unlike
/// appending to a std::vector, no zeroing of the bytes first. Returns the
/// bytes written, or why x is not in the buffer (it cannot be encoded
/// faithfully, or buffer_too_small); the buffer may then have been written
/// to, never past its end.
template <class T>
result<std::size_t, serialize_failure> try_serialize_into(const T& x, std::span<std::byte> buffer) {
  return try_serialize_into_as<typename default_wire<T>::type>(x, buffer);
}

/// Exact size of the boxed serialization of x; throws serialize_error when x
/// cannot be encoded faithfully.
template <class T>
std::size_t serialized_size(const T& x) {
  auto r = try_serialized_size(x);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
  return *r;
}

/// Appends the boxed serialization of x to out; throws serialize_error (and
/// leaves out as it was) when x cannot be encoded faithfully.
template <class T>
void serialize(const T& x, std::vector<std::byte>& out) {
  auto r = try_serialize(x, out);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
}

/// The boxed serialization of x.
template <class T>
std::vector<std::byte> serialize(const T& x) {
  std::vector<std::byte> out;
  serialize(x, out);
  return out;
}

/// Writes the boxed serialization of x at the start of `buffer` and returns
/// its size; throws serialize_error (buffer_too_small when it does not fit)
/// when it cannot, having written nothing past the buffer's end.
template <class T>
std::size_t serialize_into(const T& x, std::span<std::byte> buffer) {
  auto r = try_serialize_into(x, buffer);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
  return *r;
}

/// Parses exactly one boxed T from `in`: the whole input, no bytes left
/// over; or says why not (kind and byte offset).
template <class T, class W = typename default_wire<T>::type>
result<T, parse_failure> try_parse(std::span<const std::byte> in, const parse_options& options = {}) {
  reader r(in, options);
  T value{};
  detail::read_value<W>(r, value);
  if (r.ok() && r.remaining() != 0) {
    r.fail({parse_errc::trailing_bytes, r.offset(), r.remaining(), 0, {}});
  }
  if (!r.ok()) return r.failure();
  return value;
}
/// The same, from any contiguous range of bytes (std::vector<std::byte>,
/// std::string, std::array<std::uint8_t, N>...).
template <class T, class W = typename default_wire<T>::type, detail::byte_input R>
result<T, parse_failure> try_parse(const R& in, const parse_options& options = {}) {
  return try_parse<T, W>(detail::as_bytes(in), options);
}

/// Parses exactly one boxed T from `in`; throws parse_error (kind and byte
/// offset) when it is not one.
template <class T, class W = typename default_wire<T>::type>
T parse(std::span<const std::byte> in, const parse_options& options = {}) {
  auto r = try_parse<T, W>(in, options);
  if (!r) TLCPP_THROW(parse_error(r.error()));
  return std::move(r).value();
}
/// The same, from any contiguous range of bytes.
template <class T, class W = typename default_wire<T>::type, detail::byte_input R>
T parse(const R& in, const parse_options& options = {}) {
  return parse<T, W>(detail::as_bytes(in), options);
}

}  // namespace tlcpp
