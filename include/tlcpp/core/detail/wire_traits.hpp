// wire_traits<W>: everything the serializer knows about one encoding.
//
// One specialization per tag of wire.hpp, each stating in one place:
//   fixed      the bytes a value takes when that never depends on the value,
//              else 0 (the writer checks room for a run of fixed-size fields
//              at once, and a variable-size value checks its own);
//   min()      the fewest bytes a value takes (a vector count is refused
//              before anything is reserved when the bytes left cannot hold
//              it; a function, so that only vectors compute it);
//   may_fail   whether writing a value can fail other than for lack of room
//              (a wide integer out of range, a string too long...);
//   read(r, v)             reads v (failures go to the reader, sticky);
//   size(s, v, owner)      v's exact size, recording in s why it cannot be
//                          written faithfully (owner: the constructor, for
//                          the message);
//   write(p, end, v)       writes v at p; returns the position after it, or
//                          nullptr when it does not fit or cannot be encoded.
// This is also the extension point: a type the schema cannot describe (the
// query of a generic method known only at run time, tlcpp::any_method)
// specializes wire_traits for its encoding. int128 and int256 are
// specialized in int128.hpp, so that only code that uses them needs Boost.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/detail/entry_points.hpp"
#include "tlcpp/core/detail/field_traits.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/wire.hpp"
#include "tlcpp/core/writer.hpp"

namespace tlcpp {

template <class W>
struct wire_traits;  // specialized below, in int128.hpp, and by extensions

namespace detail {

// The size pass's state: the first reason a value cannot be written.
struct sizer {
  serialize_failure failure{};
  [[nodiscard]] bool ok() const noexcept { return failure.code == serialize_errc{}; }
  TLCPP_COLD void fail(serialize_errc c, std::string_view what, std::uint64_t value) noexcept {
    if (ok()) failure = {c, what, value};
  }
};

TLCPP_ALWAYS_INLINE bool has_room(const std::byte* p, const std::byte* end, std::size_t n) noexcept {
  return static_cast<std::size_t>(end - p) >= n;
}

template <class T>
constexpr std::size_t min_fields_size();
template <class C>
TLCPP_ALWAYS_INLINE std::byte* write_constructor(std::byte* p, const std::byte* end, const C& c, bool boxed);
template <class T>
TLCPP_ALWAYS_INLINE std::byte* write_boxed(std::byte* p, const std::byte* end, const T& v);

// What every encoding states (see above); a specialization derives from it.
template <std::size_t Fixed, bool MayFail, std::size_t Min = Fixed>
struct encoding {
  static constexpr std::size_t fixed = Fixed;
  static constexpr bool may_fail = MayFail;
  static constexpr std::size_t min() { return Min; }
};

// int, long, double: copied as they are (the host is little-endian).
template <class Rep>
struct fixed_number : encoding<sizeof(Rep), false> {
  template <class V>
  TLCPP_ALWAYS_INLINE static void read(reader& r, V& v) {
    v = r.fixed<Rep>();
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::size_t size(sizer&, const V&, std::string_view) {
    return sizeof(Rep);
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::byte* write(std::byte* p, const std::byte*, const V& v) {
    put<Rep>(p, static_cast<Rep>(v));
    return p;
  }
};

// string and bytes: one encoding, length-prefixed and padded.
struct string_like : encoding<0, true, 4> {
  template <class V>
  TLCPP_ALWAYS_INLINE static void read(reader& r, V& v) {
    v = V(r.string());
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::size_t size(sizer& s, const V& v, std::string_view owner) {
    if (v.size() > wire::max_string_size) [[unlikely]] {
      s.fail(serialize_errc::string_too_long, owner, v.size());
    }
    return wire::string_size(v.size());
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::byte* write(std::byte* p, const std::byte* end, const V& v) {
    const std::size_t n = v.size();
    if (n > wire::max_string_size || !has_room(p, end, wire::string_size(n))) [[unlikely]] {
      return nullptr;
    }
    return put_string(p, std::string_view(v.data(), n));
  }
};

// Vector (its id, then a count and the elements) and vector (no id).
// Vectors of int, long and double are copied as one run (memory and wire
// agree); std::vector<bool> is not.
template <class E, bool Boxed>
struct vector_of : encoding<0, true, Boxed ? 8 : 4> {
  using traits = wire_traits<E>;
  template <class V>
  static constexpr bool one_run =
      !std::is_same_v<V, std::vector<bool>> &&
      (std::is_same_v<E, wire::int_> || std::is_same_v<E, wire::long_> || std::is_same_v<E, wire::double_>);
  template <class V>
  static void read(reader& r, V& v) {
    std::size_t at = r.offset();
    if constexpr (Boxed) {
      const std::uint32_t id = r.u32();
      if (!r.ok()) return;
      if (id != wire::vector_id) return r.fail({parse_errc::unknown_constructor, at, id, 0, "Vector"});
      at += 4;
    }
    const std::uint32_t count = r.u32();
    if (constexpr std::size_t least = traits::min(); count > r.remaining() / least) {
      if (r.ok()) r.fail({parse_errc::vector_too_long, at, count, r.remaining(), {}});
      return;
    }
    if constexpr (one_run<V>) {
      static_assert(sizeof(typename V::value_type) == traits::fixed, "element type does not match its encoding");
      v.resize(count);
      if (const std::byte* p = r.take(std::size_t{count} * traits::fixed); p && count != 0) {
        std::memcpy(v.data(), p, std::size_t{count} * traits::fixed);
      }
    } else {
      // Sized once, read in place: growing a vector would instantiate the
      // move of its element, and through it of every constructor it holds.
      V(count).swap(v);
      for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        if constexpr (std::is_same_v<V, std::vector<bool>>) {
          bool b = false;
          traits::read(r, b);
          v[i] = b;
        } else {
          traits::read(r, unbox(v[i]));
        }
      }
    }
  }
  template <class V>
  static std::size_t size(sizer& s, const V& v, std::string_view owner) {
    std::size_t n = Boxed ? 8 : 4;
    if constexpr (traits::fixed != 0 && !traits::may_fail) {
      return n + v.size() * traits::fixed;
    } else {
      for (const auto& e : v) n += traits::size(s, unbox(e), owner);
      return n;
    }
  }
  template <class V>
  static std::byte* write(std::byte* p, const std::byte* end, const V& v) {
    // The id, the count and elements of a fixed size: one check.
    if (!has_room(p, end, (Boxed ? 8 : 4) + v.size() * traits::fixed)) return nullptr;
    if constexpr (Boxed) put<std::uint32_t>(p, wire::vector_id);
    put<std::uint32_t>(p, static_cast<std::uint32_t>(v.size()));
    if constexpr (one_run<V>) {
      if (!v.empty()) std::memcpy(p, v.data(), v.size() * traits::fixed);
      return p + v.size() * traits::fixed;
    } else {
      for (const auto& e : v) {
        p = traits::write(p, end, unbox(e));
        if constexpr (traits::fixed == 0 || traits::may_fail) {
          if (p == nullptr) return nullptr;
        }
      }
      return p;
    }
  }
};

}  // namespace detail

/// @cond TLCPP_SPECIALIZATIONS
template <>
struct wire_traits<wire::int_> : detail::fixed_number<std::int32_t> {};
template <>
struct wire_traits<wire::long_> : detail::fixed_number<std::int64_t> {};
template <>
struct wire_traits<wire::double_> : detail::fixed_number<double> {};
template <>
struct wire_traits<wire::string> : detail::string_like {};
template <>
struct wire_traits<wire::bytes> : detail::string_like {};
template <class E>
struct wire_traits<wire::Vector<E>> : detail::vector_of<E, true> {};
// A `flags.N?true` field: its bit is all it has.
template <>
struct wire_traits<wire::true_> : detail::encoding<0, false, 0> {};
template <class E>
struct wire_traits<wire::vector<E>> : detail::vector_of<E, false> {};

template <>
struct wire_traits<wire::Bool> : detail::encoding<4, false> {
  template <class V>
  TLCPP_ALWAYS_INLINE static void read(reader& r, V& v) {
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    v = id == wire::bool_true_id;
    if (id != wire::bool_true_id && id != wire::bool_false_id && r.ok()) {
      r.fail({parse_errc::bad_bool, at, id, 0, "Bool"});
    }
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::size_t size(detail::sizer&, const V&, std::string_view) {
    return 4;
  }
  template <class V>
  TLCPP_ALWAYS_INLINE static std::byte* write(std::byte* p, const std::byte*, const V& v) {
    detail::put<std::uint32_t>(p, v ? wire::bool_true_id : wire::bool_false_id);
    return p;
  }
};

// An Object extends to the end of the enclosing frame (see object.hpp).
template <>
struct wire_traits<wire::object> : detail::encoding<0, true, 4> {
  TLCPP_ALWAYS_INLINE static void read(reader& r, object& v) {
    const std::size_t n = r.remaining();
    if (n < 4) return r.fail({parse_errc::truncated, r.offset(), 4, n, "Object"});
    v = object(std::span<const std::byte>(r.take(n), n));
  }
  TLCPP_ALWAYS_INLINE static std::size_t size(detail::sizer& s, const object& v, std::string_view owner) {
    if (!wire::whole_object(v.size())) s.fail(serialize_errc::bad_object, owner, v.size());
    return v.size();
  }
  TLCPP_ALWAYS_INLINE static std::byte* write(std::byte* p, const std::byte* end, const object& v) {
    if (!wire::whole_object(v.size()) || !detail::has_room(p, end, v.size())) return nullptr;
    std::memcpy(p, v.span().data(), v.size());
    return p + v.size();
  }
};

// A boxed or bare constructor: ordinary inline functions, not forced like
// the encodings above, because a recursive type reaches its own writer
// through them (g++ refuses to force-inline a recursion).
template <class T>
struct wire_traits<wire::boxed<T>> : detail::encoding<0, true> {
  static constexpr std::size_t min() {
    if constexpr (tl_boxed<T>) {
      return []<class... Cs>(type_list<Cs...>) {
        return 4 + std::min({detail::min_fields_size<Cs>()...});
      }(typename T::alternatives{});
    } else if constexpr (tl_object<T>) {
      return 4 + detail::min_fields_size<T>();
    } else {
      return std::size_t{4};
    }
  }
  template <class V>
  static void read(reader& r, V& v) {
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    if (!r.ok()) return;
    if constexpr (tl_boxed<T>) {
      if (!detail::read_constructor_of(r, v, id)) r.fail({parse_errc::unknown_constructor, at, id, 0, meta<T>::name});
    } else if (id != meta<T>::id) {
      // Name what was expected: this constructor or method.
      r.fail({parse_errc::unknown_constructor, at, id, 0, meta<T>::name});
    } else {
      detail::read_fields(r, v);
    }
  }
  template <class V>
  static std::size_t size(detail::sizer& s, const V& v, std::string_view) {
    if constexpr (tl_boxed<T>) {
      return 4 + detail::constructor_size(s, v);
    } else {
      return 4 + detail::fields_size(s, v);
    }
  }
  template <class V>
  static std::byte* write(std::byte* p, const std::byte* end, const V& v) {
    if constexpr (tl_boxed<T>) {
      return detail::write_boxed(p, end, v);
    } else {
      return detail::write_constructor(p, end, v, true);
    }
  }
};

template <class T>
struct wire_traits<wire::bare<T>> : detail::encoding<0, true> {
  static constexpr std::size_t min() { return detail::min_fields_size<T>(); }
  template <class V>
  static void read(reader& r, V& v) {
    detail::read_fields(r, v);
  }
  template <class V>
  static std::size_t size(detail::sizer& s, const V& v, std::string_view) {
    return detail::fields_size(s, v);
  }
  template <class V>
  static std::byte* write(std::byte* p, const std::byte* end, const V& v) {
    return detail::write_constructor(p, end, v, false);
  }
};
/// @endcond

}  // namespace tlcpp
