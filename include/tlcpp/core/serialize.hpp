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

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tlcpp/core/bytes.hpp"
#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/detail/fields.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/reader.hpp"

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

template <class R>
concept byte_input = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                         sizeof(std::ranges::range_value_t<R>) == 1 &&
                     std::is_trivially_copyable_v<std::ranges::range_value_t<R>>;

template <byte_input R>
std::span<const std::byte> as_bytes(const R& r) noexcept {
  return {reinterpret_cast<const std::byte*>(std::ranges::data(r)), std::ranges::size(r)};
}

// Writes x, encoded as W, into [p, end): the position after it, or nullptr
// when it does not fit or cannot be encoded faithfully.
template <class W, class T>
std::byte* write_checked(std::byte* p, const std::byte* end, const T& x) {
  if (!has_room(p, end, wire_traits<W>::fixed)) return nullptr;
  return wire_traits<W>::write(p, end, x);
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Public API. W is the encoding; it defaults to the boxed form of T.

/// Reads one value of encoding W from r (for code that frames its own input).
template <class T, class W = typename default_wire<T>::type>
void read(reader& r, T& out) {
  wire_traits<W>::read(r, out);
}

/// Exact serialized size of x encoded as W, or why x cannot be serialized
/// faithfully.
template <class W, class T>
result<std::size_t, serialize_failure> try_serialized_size_as(const T& x) {
  detail::sizer s;
  const std::size_t size = wire_traits<W>::size(s, x, {});
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
  wire_traits<W>::read(r, value);
  if (!r.finish()) return r.failure();
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
