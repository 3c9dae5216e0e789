// Low-level TL writing: the primitives the serializer emits, and nothing else.
//
// These functions never check capacity: the serializer checks room before it
// calls them (once per run of fixed-size fields, once per string), and
// refuses, before writing, anything that could make the bytes wrong.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp::detail {

static_assert(std::endian::native == std::endian::little, "tlcpp assumes a little-endian host");

template <class T>
TLCPP_ALWAYS_INLINE void put(std::byte*& p, T v) noexcept {
  std::memcpy(p, &v, sizeof v);
  p += sizeof v;
}

// Copies n bytes, K <= n <= 2K, as two overlapping K-byte moves.
template <std::size_t K>
TLCPP_ALWAYS_INLINE void copy_ends(std::byte* d, const char* s, std::size_t n) noexcept {
  char head[K], tail[K];
  std::memcpy(head, s, K);
  std::memcpy(tail, s + n - K, K);
  std::memcpy(d, head, K);
  std::memcpy(d + n - K, tail, K);
}

// Copies n bytes. Names, usernames, short codes and thumbnails are the
// common strings: up to 64 bytes take two overlapping fixed-size moves
// instead of a call to memcpy; nothing outside [s, s + n) is read.
TLCPP_ALWAYS_INLINE void copy_bytes(std::byte* d, const char* s, std::size_t n) noexcept {
  if (n > 64) {
    std::memcpy(d, s, n);
  } else if (n > 32) {
    // Four 16-byte moves: a 32-byte temporary would go through the stack
    // where the target has no 32-byte registers.
    char a[16], b[16], c[16], e[16];
    std::memcpy(a, s, 16);
    std::memcpy(b, s + 16, 16);
    std::memcpy(c, s + n - 32, 16);
    std::memcpy(e, s + n - 16, 16);
    std::memcpy(d, a, 16);
    std::memcpy(d + 16, b, 16);
    std::memcpy(d + n - 32, c, 16);
    std::memcpy(d + n - 16, e, 16);
  } else if (n >= 16) {
    copy_ends<16>(d, s, n);
  } else if (n >= 8) {
    copy_ends<8>(d, s, n);
  } else if (n >= 4) {
    copy_ends<4>(d, s, n);
  } else if (n != 0) {
    d[0] = static_cast<std::byte>(s[0]);
    d[n / 2] = static_cast<std::byte>(s[n / 2]);
    d[n - 1] = static_cast<std::byte>(s[n - 1]);
  }
}

// Writes s at p; returns the position after it.
TLCPP_ALWAYS_INLINE std::byte* put_string(std::byte* p, std::string_view s) noexcept {
  const std::size_t n = s.size();
  const std::size_t total = wire::string_size(n);
  // The padding (0 to 3 bytes) ends the last 4-byte word: zero that word
  // first, then write the length and the data over it.
  std::memset(p + total - 4, 0, 4);
  std::size_t header = 1;
  if (n < 254) {
    p[0] = static_cast<std::byte>(n);
  } else {
    const std::uint32_t word = 254 | static_cast<std::uint32_t>(n) << 8;
    std::memcpy(p, &word, 4);
    header = 4;
  }
  copy_bytes(p + header, s.data(), n);
  return p + total;
}

}  // namespace tlcpp::detail
