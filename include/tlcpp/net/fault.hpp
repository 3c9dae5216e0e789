// Faults between a sender's bytes and a receiver, for tests (and the test
// server): the connection dropping at a chosen byte (mid-frame or not),
// bytes corrupted in flight, and a stream cut into reads of random sizes from
// a seed. Deterministic; sans-IO like the transports: it only moves bytes.
//
//   fault_injector f({.drop_at = frame_start + 5});
//   std::vector<std::byte> got;
//   f.pass(sent_bytes, got);                  // what arrives (nothing past byte drop_at)
//   decode_all(receiver, got, on_event);
//   if (f.dropped()) receiver.finish();       // -> truncated, at byte drop_at
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace tlcpp::net {

/// Which faults, by byte of the stream (counted from its first byte).
struct fault_plan {
  /// The connection drops before this byte: it and everything after never arrive.
  std::optional<std::uint64_t> drop_at;
  /// Each byte at `.first` arrives XORed with `.second`.
  std::vector<std::pair<std::uint64_t, std::byte>> flips;
};

/// Applies a fault_plan to a stream passed through it in pieces.
class fault_injector {
 public:
  /// Applies `plan` to the stream from its first byte.
  explicit fault_injector(fault_plan plan = {}) : plan_(std::move(plan)) {}

  /// The next bytes of the stream: what of them arrives is written to `out`
  /// (replacing its contents) and returned.
  std::span<const std::byte> pass(std::span<const std::byte> chunk, std::vector<std::byte>& out) {
    out.clear();
    std::size_t n = chunk.size();
    if (plan_.drop_at) {
      const std::uint64_t left = *plan_.drop_at > pos_ ? *plan_.drop_at - pos_ : 0;
      if (left < n) {
        n = static_cast<std::size_t>(left);
        dropped_ = true;
      }
    }
    out.assign(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    for (const auto& [at, mask] : plan_.flips) {
      if (at >= pos_ && at < pos_ + n) out[static_cast<std::size_t>(at - pos_)] ^= mask;
    }
    pos_ += chunk.size();
    return out;
  }

  /// True once the drop has happened: the receiver's stream has ended.
  [[nodiscard]] bool dropped() const noexcept { return dropped_; }
  /// Bytes of the stream offered so far.
  [[nodiscard]] std::uint64_t position() const noexcept { return pos_; }

 private:
  fault_plan plan_;
  std::uint64_t pos_ = 0;
  bool dropped_ = false;
};

/// Cuts a stream into reads of 1..max_read bytes, the sizes drawn from a
/// seed (splitmix64): the same seed, the same cuts.
class chunker {
 public:
  /// Cuts from `seed`, into reads of at most `max_read` bytes (0 counts as 1).
  explicit chunker(std::uint64_t seed, std::size_t max_read = 64) : state_(seed), max_(max_read ? max_read : 1) {}

  /// The size of the next read, at most `left`.
  std::size_t next(std::size_t left) {
    state_ += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return std::min<std::size_t>(left, 1 + static_cast<std::size_t>(z % max_));
  }

  /// `bytes` cut into pieces.
  std::vector<std::span<const std::byte>> split(std::span<const std::byte> bytes) {
    std::vector<std::span<const std::byte>> out;
    while (!bytes.empty()) {
      const std::size_t n = next(bytes.size());
      out.push_back(bytes.first(n));
      bytes = bytes.subspan(n);
    }
    return out;
  }

 private:
  std::uint64_t state_;
  std::size_t max_;
};

}  // namespace tlcpp::net
