// Deterministic random bytes that never run out (xorshift64), for the
// clients and servers of tests and benchmarks, so that their runs repeat.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "tlcpp/net/random_source.hpp"

namespace tlcpp::test {

/// xorshift64 from a seed; fill() never fails.
class counter_random final : public net::random_source {
 public:
  /// A sequence of its own for each seed.
  explicit counter_random(std::uint64_t seed = 0x243f6a8885a308d3) : state_(seed | 1) {}
  /// Fills `out`; never fails.
  net::status<net::random_errc> fill(std::span<std::byte> out) override {
    for (auto& b : out) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 7;
      state_ ^= state_ << 17;
      b = static_cast<std::byte>(state_ >> 24);
    }
    return net::success{};
  }

 private:
  std::uint64_t state_;
};

}  // namespace tlcpp::test
