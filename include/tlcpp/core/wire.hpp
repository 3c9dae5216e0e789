// tlcpp::wire: how a field is encoded, and the arithmetic of TL bytes.
//
// A C++ type alone does not say how TL encodes it: `std::vector<T>` may be a
// boxed `Vector<T>` or a bare `vector<T>`, a struct may be written boxed (with
// its constructor id) or bare, and `std::optional` depends on a flag bit. Each
// field description in a generated meta<T> names one of these tags; the
// serializer (serialize.hpp, through detail/wire_traits.hpp) is the only code
// that interprets them.
//
// The functions below are the one place that knows how many bytes a TL string
// takes, what makes raw bytes a whole Object, and how an object's id is read
// off its first word: the serializer, the answer parser and the registry all
// ask here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace tlcpp::wire {

struct int_ {};     // int: 4 bytes, little-endian
struct long_ {};    // long: 8 bytes, little-endian
struct double_ {};  // double: 8 bytes, IEEE 754 little-endian
struct string {};   // string: length-prefixed, padded to 4 bytes
struct bytes {};    // bytes: same encoding as string, opaque content
struct int128 {};   // int128: 16 bytes
struct int256 {};   // int256: 32 bytes
struct Bool {};     // Bool: boolTrue#997275b5 or boolFalse#bc799737
struct true_ {};    // true: no bytes; only meaningful behind a flag bit
struct object {};   // Object: any boxed object, kept as its raw bytes

template <class T>
struct boxed {};  // constructor id, then the fields
template <class T>
struct bare {};  // the fields only (TL `%T` or a lowercase type name)
template <class E>
struct Vector {};  // vector#1cb5c415, count, elements
template <class E>
struct vector {};  // count, elements (bare vector)

// name:flagsK.Bit?W — present when bit `Bit` of the object's K-th `#` field
// (0 for `flags`, 1 for `flags2`, in schema order) is set.
template <unsigned K, unsigned Bit, class W>
struct opt {};

// Constructor ids the wire format itself relies on.
inline constexpr std::uint32_t vector_id = 0x1cb5c415;
inline constexpr std::uint32_t bool_true_id = 0x997275b5;
inline constexpr std::uint32_t bool_false_id = 0xbc799737;

/// Longest string or bytes value TL can encode: its length has 24 bits.
inline constexpr std::size_t max_string_size = 0xffffff;

/// Bytes before the data of a string of n bytes: one below 254, else 0xfe
/// and three length bytes.
constexpr std::size_t string_header_size(std::size_t n) noexcept { return n < 254 ? 1 : 4; }

/// Bytes a string or bytes value of n bytes takes: header, data, zero
/// padding to a multiple of four.
constexpr std::size_t string_size(std::size_t n) noexcept { return (string_header_size(n) + n + 3) / 4 * 4; }

/// Whether n raw bytes can be one boxed object: an id and whole words.
constexpr bool whole_object(std::size_t n) noexcept { return n >= 4 && n % 4 == 0; }

/// The constructor id the bytes start with (0 when there are fewer than 4).
inline std::uint32_t peek_id(std::span<const std::byte> in) noexcept {
  std::uint32_t id = 0;
  if (in.size() >= 4) std::memcpy(&id, in.data(), 4);
  return id;
}

}  // namespace tlcpp::wire
