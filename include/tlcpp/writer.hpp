// Low-level TL writing: the primitives the serializer emits, and nothing else.
//
// Writing is two passes (as in TDLib): the serializer first computes the
// exact size, checking on the way everything that could make the bytes wrong,
// then writes into a buffer of exactly that size. So these functions never
// check capacity; they trust the size pass.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tlcpp::detail {

static_assert(std::endian::native == std::endian::little, "tlcpp assumes a little-endian host");

template <class T>
inline void put(std::byte*& p, T v) noexcept {
  std::memcpy(p, &v, sizeof v);
  p += sizeof v;
}

// Bytes a string or bytes value of n bytes takes on the wire.
constexpr std::size_t string_wire_size(std::size_t n) noexcept {
  const std::size_t header = n < 254 ? 1 : 4;
  return (header + n + 3) / 4 * 4;
}

// Longest string or bytes value TL can encode: the length has 24 bits.
inline constexpr std::size_t max_string_size = 0xffffff;

inline void put_string(std::byte*& p, std::string_view s) noexcept {
  const std::size_t n = s.size();
  std::size_t header = 1;
  if (n < 254) {
    *p++ = static_cast<std::byte>(n);
  } else {
    p[0] = std::byte{254};
    p[1] = static_cast<std::byte>(n & 0xff);
    p[2] = static_cast<std::byte>((n >> 8) & 0xff);
    p[3] = static_cast<std::byte>((n >> 16) & 0xff);
    p += 4;
    header = 4;
  }
  if (n != 0) std::memcpy(p, s.data(), n);
  p += n;
  for (std::size_t pad = string_wire_size(n) - header - n; pad != 0; --pad) *p++ = std::byte{0};
}

}  // namespace tlcpp::detail
