// Where the session tier's randomness comes from: the caller's random_source.
//
// tlcpp::net draws no randomness of its own (sans-IO): whatever needs random
// bytes (the obfuscated2 init, padded intermediate's padding) takes a
// random_source from the caller. A program passes one over its system's
// CSPRNG; tests pass one that replays fixed bytes, so that every byte on the
// wire is known.
//
// This header is deliberately tiny and stands alone: the crypto primitives
// (a system source over RAND_bytes, a replaying one for tests) build on this
// same interface.
#pragma once

#include <cstddef>
#include <span>

namespace tlcpp::net {

/// A source of random bytes, given by the caller.
class random_source {
 public:
  virtual ~random_source() = default;
  /// Fills `out` entirely with random bytes.
  virtual void fill(std::span<std::byte> out) = 0;
};

}  // namespace tlcpp::net
