// The one serializer and the one parser, for every generated type.
//
// Generated code only describes fields (meta.hpp); the functions here walk
// those descriptions. Public entry points:
//   tlcpp::serialize(x)                 -> std::vector<std::byte> (boxed)
//   tlcpp::serialize(x, out)            appends to a caller's buffer
//   tlcpp::serialized_size(x)           exact size, validating x
//   tlcpp::parse<T>(bytes)              -> T, or throws tlcpp::parse_error
//   tlcpp::try_parse<T>, try_serialize  the same without exceptions
// Top-level values are always boxed (they start with their constructor id).
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/box.hpp"
#include "tlcpp/bytes.hpp"
#include "tlcpp/error.hpp"
#include "tlcpp/meta.hpp"
#include "tlcpp/object.hpp"
#include "tlcpp/one_of.hpp"
#include "tlcpp/reader.hpp"
#include "tlcpp/wire.hpp"
#include "tlcpp/writer.hpp"

namespace tlcpp {

// The encoding of a top-level value of C++ type T (fields name theirs).
template <class T>
struct default_wire;
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

// True when two fields of T share a flag bit (their presence must agree).
template <class T>
inline constexpr bool shares_flag_bits = []<class... Fs>(type_list<Fs...>) {
  bool shared = false;
  for (unsigned k = 0; k < flags_count<T>; ++k) {
    std::uint32_t seen = 0;
    for (std::uint32_t b : std::array<std::uint32_t, sizeof...(Fs) + 1>{0, field_bit<Fs>(k)...}) {
      if (seen & b) shared = true;
      seen |= b;
    }
  }
  return shared;
}(typename meta<T>::fields{});

template <class T, class F>
bool present(const T& x, const F&) noexcept {
  const auto& v = x.*(F::member);
  if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, bool>) {
    return v;
  } else {
    return v.has_value();
  }
}

template <class T, unsigned K>
std::uint32_t flags_value(const T& x) noexcept {
  std::uint32_t v = 0;
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (!is_flags<F>::value) {
      if constexpr (field_bit<F>(K) != 0) {
        if (present(x, f)) v |= field_bit<F>(K);
      }
    }
  });
  return v;
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
      // A boxed (recursive) field: count its id only, so this stays finite.
      n += is_box<M>::value ? 4 : min_size<typename F::wire>::value;
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

struct sizer {
  std::size_t size = 0;
  serialize_failure failure{};
  [[nodiscard]] bool ok() const noexcept { return failure.code == serialize_errc{}; }
  void fail(serialize_errc c, std::string_view what, std::uint64_t value) noexcept {
    if (ok()) failure = {c, what, value};
  }
};

template <class T>
void size_fields(sizer& s, const T& x);

template <class W>
struct composite_sizer;  // boxed, bare, Vector and vector: specialized below

template <class W, class V>
void size_value(sizer& s, const V& v, std::string_view owner) {
  if constexpr (std::is_same_v<W, wire::int_> || std::is_same_v<W, wire::Bool>) {
    s.size += 4;
  } else if constexpr (std::is_same_v<W, wire::long_> || std::is_same_v<W, wire::double_>) {
    s.size += 8;
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    s.size += wide_int_traits<V>::size;
    if (!wide_int_fits(v)) s.fail(serialize_errc::int_out_of_range, owner, 0);
  } else if constexpr (std::is_same_v<W, wire::string> || std::is_same_v<W, wire::bytes>) {
    if (v.size() > max_string_size) s.fail(serialize_errc::string_too_long, owner, v.size());
    s.size += string_wire_size(v.size());
  } else if constexpr (std::is_same_v<W, wire::object>) {
    if (v.size() < 4 || v.size() % 4 != 0) s.fail(serialize_errc::bad_object, owner, v.size());
    s.size += v.size();
  } else {
    composite_sizer<W>::size(s, v, owner);
  }
}

template <class E, class V>
void size_elements(sizer& s, const V& v, std::string_view owner) {
  s.size += 4;
  if constexpr (std::is_same_v<E, wire::int_> || std::is_same_v<E, wire::long_> || std::is_same_v<E, wire::double_> ||
                std::is_same_v<E, wire::Bool>) {
    s.size += v.size() * min_size<E>::value;
  } else {
    for (const auto& e : v) size_value<E>(s, unbox(e), owner);
  }
}

template <class T>
struct composite_sizer<wire::boxed<T>> {
  template <class V>
  static void size(sizer& s, const V& v, std::string_view) {
    s.size += 4;
    if constexpr (tl_boxed<T>) {
      v.visit([&](const auto& c) { size_fields(s, c); });
    } else {
      size_fields(s, v);
    }
  }
};
template <class T>
struct composite_sizer<wire::bare<T>> {
  template <class V>
  static void size(sizer& s, const V& v, std::string_view) {
    size_fields(s, v);
  }
};
template <class E>
struct composite_sizer<wire::Vector<E>> {
  template <class V>
  static void size(sizer& s, const V& v, std::string_view owner) {
    s.size += 4;
    size_elements<E>(s, v, owner);
  }
};
template <class E>
struct composite_sizer<wire::vector<E>> {
  template <class V>
  static void size(sizer& s, const V& v, std::string_view owner) {
    size_elements<E>(s, v, owner);
  }
};

template <class T>
void size_fields(sizer& s, const T& x) {
  if constexpr (shares_flag_bits<T>) {
    // Fields that share a bit must agree, or no flags word can be right.
    std::array<std::uint32_t, flags_count<T>> set{}, clear{};
    for_each_field<T>([&](const auto& f) {
      using F = std::remove_cvref_t<decltype(f)>;
      if constexpr (!is_flags<F>::value) {
        if constexpr (opt_traits<typename F::wire>::is_opt) {
          auto& mask = present(x, f) ? set : clear;
          mask[opt_traits<typename F::wire>::ordinal] |= opt_traits<typename F::wire>::bit;
        }
      }
    });
    for (std::size_t k = 0; k < flags_count<T>; ++k) {
      if (const std::uint32_t both = set[k] & clear[k]) {
        s.fail(serialize_errc::flag_conflict, meta<T>::name, static_cast<std::uint64_t>(std::countr_zero(both)));
      }
    }
  }
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (is_flags<F>::value) {
      s.size += 4;
    } else if constexpr (opt_traits<typename F::wire>::is_opt) {
      using Inner = typename opt_traits<typename F::wire>::inner;
      if constexpr (!std::is_same_v<Inner, wire::true_>) {
        const auto& o = x.*(F::member);
        if (o) size_value<Inner>(s, unbox(*o), meta<T>::name);
      }
    } else {
      size_value<typename F::wire>(s, unbox(x.*(F::member)), meta<T>::name);
    }
  });
}

// ---------------------------------------------------------------------------
// Write pass: unchecked, into exactly the size computed above.

template <class T>
void write_fields(std::byte*& p, const T& x);

template <class W>
struct composite_writer;

template <class W, class V>
void write_value(std::byte*& p, const V& v) {
  if constexpr (std::is_same_v<W, wire::int_>) {
    put<std::int32_t>(p, v);
  } else if constexpr (std::is_same_v<W, wire::long_>) {
    put<std::int64_t>(p, v);
  } else if constexpr (std::is_same_v<W, wire::double_>) {
    put<double>(p, v);
  } else if constexpr (std::is_same_v<W, wire::Bool>) {
    put<std::uint32_t>(p, v ? wire::bool_true_id : wire::bool_false_id);
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    wide_int_store(v, p);
    p += wide_int_traits<V>::size;
  } else if constexpr (std::is_same_v<W, wire::string> || std::is_same_v<W, wire::bytes>) {
    put_string(p, std::string_view(v.data(), v.size()));
  } else if constexpr (std::is_same_v<W, wire::object>) {
    std::memcpy(p, v.span().data(), v.size());
    p += v.size();
  } else {
    composite_writer<W>::write(p, v);
  }
}

template <class E, class V>
void write_elements(std::byte*& p, const V& v) {
  put<std::uint32_t>(p, static_cast<std::uint32_t>(v.size()));
  if constexpr (memcpy_run<E, V>) {
    if (!v.empty()) std::memcpy(p, v.data(), v.size() * sizeof(v[0]));
    p += v.size() * sizeof(typename V::value_type);
  } else {
    for (const auto& e : v) write_value<E>(p, unbox(e));
  }
}

template <class T>
struct composite_writer<wire::boxed<T>> {
  template <class V>
  static void write(std::byte*& p, const V& v) {
    if constexpr (tl_boxed<T>) {
      v.visit([&](const auto& c) {
        put<std::uint32_t>(p, meta<std::remove_cvref_t<decltype(c)>>::id);
        write_fields(p, c);
      });
    } else {
      put<std::uint32_t>(p, meta<T>::id);
      write_fields(p, v);
    }
  }
};
template <class T>
struct composite_writer<wire::bare<T>> {
  template <class V>
  static void write(std::byte*& p, const V& v) {
    write_fields(p, v);
  }
};
template <class E>
struct composite_writer<wire::Vector<E>> {
  template <class V>
  static void write(std::byte*& p, const V& v) {
    put<std::uint32_t>(p, wire::vector_id);
    write_elements<E>(p, v);
  }
};
template <class E>
struct composite_writer<wire::vector<E>> {
  template <class V>
  static void write(std::byte*& p, const V& v) {
    write_elements<E>(p, v);
  }
};

template <class T>
void write_fields(std::byte*& p, const T& x) {
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (is_flags<F>::value) {
      put<std::uint32_t>(p, flags_value<T, F::ordinal>(x));
    } else if constexpr (opt_traits<typename F::wire>::is_opt) {
      using Inner = typename opt_traits<typename F::wire>::inner;
      if constexpr (!std::is_same_v<Inner, wire::true_>) {
        const auto& o = x.*(F::member);
        if (o) write_value<Inner>(p, unbox(*o));
      }
    } else {
      write_value<typename F::wire>(p, unbox(x.*(F::member)));
    }
  });
}

// ---------------------------------------------------------------------------
// Read: bounds-checked through the reader; the first failure is sticky.

template <class T>
void read_fields(reader& r, T& x);

template <class W>
struct composite_reader;

template <class W, class V>
void read_value(reader& r, V& v) {
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
        read_value<E>(r, unbox(v.emplace_back()));
      }
    }
  }
}

template <class T, class C>
void read_alternative(reader& r, T& out) {
  read_fields(r, out.template emplace<C>());
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

template <class T>
void read_fields(reader& r, T& x) {
  if (!r.enter()) return;
  [[maybe_unused]] std::array<std::uint32_t, flags_count<T>> flags{};
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (is_flags<F>::value) {
      const std::size_t at = r.offset();
      const std::uint32_t v = r.u32();
      flags[F::ordinal] = v;
      if (const std::uint32_t unknown = v & ~known_bits<T, F::ordinal>) {
        r.fail({parse_errc::unknown_flags, at, unknown, 0, meta<T>::name});
      }
    } else if constexpr (opt_traits<typename F::wire>::is_opt) {
      using O = opt_traits<typename F::wire>;
      if (flags[O::ordinal] & O::bit) {
        auto& o = x.*(F::member);
        if constexpr (std::is_same_v<typename O::inner, wire::true_>) {
          o = true;
        } else {
          read_value<typename O::inner>(r, unbox(o.emplace()));
        }
      }
    } else {
      read_value<typename F::wire>(r, unbox(x.*(F::member)));
    }
  });
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

// Reads one value of encoding W from r (for code that frames its own input).
template <class T, class W = typename default_wire<T>::type>
void read(reader& r, T& out) {
  detail::read_value<W>(r, out);
}

// Exact serialized size of x, or why x cannot be serialized faithfully.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialized_size_as(const T& x) {
  detail::sizer s;
  detail::size_value<W>(s, x, {});
  if (!s.ok()) return s.failure;
  return s.size;
}
template <class T>
result<std::size_t, serialize_failure> try_serialized_size(const T& x) {
  return try_serialized_size_as<typename default_wire<T>::type>(x);
}

// Appends x, encoded as W, to out. On failure out is left as it was.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialize_as(const T& x, std::vector<std::byte>& out) {
  auto size = try_serialized_size_as<W>(x);
  if (!size) return size;
  const std::size_t old = out.size();
  out.resize(old + *size);
  std::byte* p = out.data() + old;
  detail::write_value<W>(p, x);
  return size;
}
template <class T>
result<std::size_t, serialize_failure> try_serialize(const T& x, std::vector<std::byte>& out) {
  return try_serialize_as<typename default_wire<T>::type>(x, out);
}

template <class T>
std::size_t serialized_size(const T& x) {
  auto r = try_serialized_size(x);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
  return *r;
}

// Appends the boxed serialization of x to out; throws serialize_error (and
// leaves out as it was) when x cannot be encoded faithfully.
template <class T>
void serialize(const T& x, std::vector<std::byte>& out) {
  auto r = try_serialize(x, out);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
}

// The boxed serialization of x.
template <class T>
std::vector<std::byte> serialize(const T& x) {
  std::vector<std::byte> out;
  serialize(x, out);
  return out;
}

// Parses exactly one boxed T from `in`: the whole input, no bytes left over.
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
template <class T, class W = typename default_wire<T>::type, detail::byte_input R>
result<T, parse_failure> try_parse(const R& in, const parse_options& options = {}) {
  return try_parse<T, W>(detail::as_bytes(in), options);
}

template <class T, class W = typename default_wire<T>::type>
T parse(std::span<const std::byte> in, const parse_options& options = {}) {
  auto r = try_parse<T, W>(in, options);
  if (!r) TLCPP_THROW(parse_error(r.error()));
  return std::move(r).value();
}
template <class T, class W = typename default_wire<T>::type, detail::byte_input R>
T parse(const R& in, const parse_options& options = {}) {
  return parse<T, W>(detail::as_bytes(in), options);
}

}  // namespace tlcpp
