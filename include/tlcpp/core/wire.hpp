// tlcpp::wire: how a field is encoded, as the generator describes it.
//
// A C++ type alone does not say how TL encodes it: `std::vector<T>` may be a
// boxed `Vector<T>` or a bare `vector<T>`, a struct may be written boxed (with
// its constructor id) or bare, and `std::optional` depends on a flag bit. Each
// field description in a generated meta<T> names one of these tags; the
// serializer (serialize.hpp) is the only code that interprets them.
#pragma once

#include <cstdint>

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

}  // namespace tlcpp::wire
