// Where tlcpp::net gets its randomness: always from a random_source the
// caller passes, never from a hidden global.
//
//   tlcpp::net::openssl_random rng;            // production: RAND_bytes
//   tlcpp::net::replay_random fixed(bytes);    // tests: the given bytes, in order
//
// Functions that draw randomness document what they draw and in what order,
// so that a test can replay another implementation's bytes and compare
// outputs exactly.
#pragma once

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

enum class random_errc : std::uint8_t {
  generator_failed = 1,  ///< the system generator could not deliver (RAND_bytes failed)
  exhausted,             ///< a replay source has fewer bytes left than asked for
};
using random_error = error<random_errc>;

/// A source of random bytes. fill() either fills all of `out` or fails: it
/// never returns with `out` partly or weakly filled. Callers must check the
/// result ([[nodiscard]]), and every tlcpp::net function that draws passes a
/// failure on as its own typed error.
class random_source {
 public:
  virtual ~random_source() = default;
  /// Fills all of `out` with random bytes, or fails without having
  /// delivered any.
  [[nodiscard]] virtual status<random_errc> fill(std::span<std::byte> out) = 0;
};

/// The operating system's generator through OpenSSL's RAND_bytes (a CSPRNG
/// seeded from the OS). Stateless: any number of these may exist.
class openssl_random final : public random_source {
 public:
  /// RAND_bytes into `out`; generator_failed (and `out` wiped) if it fails.
  [[nodiscard]] status<random_errc> fill(std::span<std::byte> out) override {
    std::size_t done = 0;
    while (done < out.size()) {
      const std::size_t n = std::min<std::size_t>(out.size() - done, INT_MAX);
      if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data() + done), static_cast<int>(n)) != 1) {
        OPENSSL_cleanse(out.data(), out.size());  // nothing half-random is left behind
        return detail::openssl_fail(random_errc::generator_failed,
                                    "RAND_bytes could not produce " + std::to_string(out.size()) + " random bytes");
      }
      done += n;
    }
    return success{};
  }
};

/// Replays fixed bytes, in order, for deterministic tests. Asking for more
/// than is left fails with random_errc::exhausted (and consumes nothing), so
/// a test that draws more than its vector holds says so instead of reading
/// zeros.
class replay_random final : public random_source {
 public:
  /// Will hand out `bytes`, from the first.
  explicit replay_random(std::vector<std::byte> bytes) : bytes_(std::move(bytes)) {}

  /// The next out.size() bytes, or exhausted (consuming nothing).
  [[nodiscard]] status<random_errc> fill(std::span<std::byte> out) override {
    if (out.size() > bytes_.size() - pos_) {
      return detail::fail(random_errc::exhausted, "replay_random: asked for " + std::to_string(out.size()) +
                                                      " bytes, " + std::to_string(bytes_.size() - pos_) +
                                                      " left of the " + std::to_string(bytes_.size()) + " given");
    }
    if (!out.empty()) std::memcpy(out.data(), bytes_.data() + pos_, out.size());
    pos_ += out.size();
    return success{};
  }

  /// Bytes handed out so far.
  [[nodiscard]] std::size_t consumed() const noexcept { return pos_; }
  /// Bytes not yet handed out.
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }

 private:
  std::vector<std::byte> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace tlcpp::net
