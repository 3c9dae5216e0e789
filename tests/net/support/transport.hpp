// Helpers of the transport tests: a random source that never runs out, the
// payloads the vectors use, and feeding a transport whole, one byte at a
// time, or in random pieces. (Fixed bytes are replayed with
// tlcpp::net::replay_random, the one replaying source.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tlcpp/net/fault.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::test {

/// Never runs out: a counter hashed (splitmix64), for round trips where the
/// exact bytes do not matter.
class counter_random : public tlcpp::net::random_source {
 public:
  explicit counter_random(std::uint64_t seed = 1) : state_(seed) {}
  [[nodiscard]] tlcpp::net::status<tlcpp::net::random_errc> fill(std::span<std::byte> out) override {
    for (auto& b : out) {
      state_ += 0x9e3779b97f4a7c15ull;
      std::uint64_t z = state_;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      b = static_cast<std::byte>(z ^ (z >> 31));
    }
    return tlcpp::net::success{};
  }

 private:
  std::uint64_t state_;
};

/// The vectors' payloads: byte k of (size n, salt s) is (k*131 + s*17 + (k>>8)*7) & 0xff.
inline std::vector<std::byte> payload(std::size_t size, unsigned salt) {
  std::vector<std::byte> p(size);
  for (std::size_t k = 0; k < size; ++k) p[k] = static_cast<std::byte>((k * 131 + salt * 17 + (k >> 8) * 7) & 0xff);
  return p;
}

/// What a transport made of a stream.
struct decoded {
  std::vector<tlcpp::net::received> events;
  std::optional<tlcpp::net::transport_failure> error;
};

/// Feeds `stream` to `t` in the pieces `cuts` gives (0: whole).
template <class T>
decoded feed(T& t, std::span<const std::byte> stream, std::size_t piece = 0) {
  decoded d;
  const auto on = [&](tlcpp::net::received&& r) { d.events.push_back(std::move(r)); };
  if (piece == 0) {
    d.error = tlcpp::net::decode_all(t, stream, on);
    return d;
  }
  for (std::size_t i = 0; i < stream.size() && !d.error; i += piece) {
    d.error = tlcpp::net::decode_all(t, stream.subspan(i, std::min(piece, stream.size() - i)), on);
  }
  return d;
}

/// Feeds `stream` to `t` in random pieces of 1..max_read bytes from `seed`.
template <class T>
decoded feed_random(T& t, std::span<const std::byte> stream, std::uint64_t seed, std::size_t max_read = 97) {
  decoded d;
  tlcpp::net::chunker cut(seed, max_read);
  for (auto piece : cut.split(stream)) {
    d.error = tlcpp::net::decode_all(t, piece, [&](tlcpp::net::received&& r) { d.events.push_back(std::move(r)); });
    if (d.error) break;
  }
  return d;
}

}  // namespace tlcpp::test
