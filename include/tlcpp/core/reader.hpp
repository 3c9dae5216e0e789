// tlcpp::reader: the only place that reads TL bytes, and the only bounds check.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp {

/// Limits that protect a client from hostile input. The defaults are generous
/// for anything Telegram sends; raise them only for unusual data.
struct parse_options {
  /// Objects nested inside objects, at most. Real answers nest about a dozen
  /// levels (rich text in page blocks in web pages in messages); the limit
  /// keeps a crafted chain from exhausting the stack.
  std::size_t max_depth = 64;
  /// Largest input accepted. 32 MiB: above the largest single TL value (a
  /// 16,777,215-byte string) with room for the object around it.
  std::size_t max_size = std::size_t{32} << 20;
};

/// Reads TL from a byte range: the one place with bounds checks.
///
/// Every read checks the remaining length once for the whole run it reads.
/// The first failure is recorded and sticky: the reader jumps to its end,
/// every later read returns zero, and loops and recursion stop at once, so
/// callers test ok() once at the end (the idea is TDLib's TlParser).
class reader {
 public:
  /// Reads `in` (which must outlive the reader) under `options`.
  explicit reader(std::span<const std::byte> in, const parse_options& options = {}) noexcept
      : begin_(in.data()), pos_(in.data()), end_(in.data() + in.size()), options_(options) {
    if (in.size() > options_.max_size) fail({parse_errc::too_large, 0, in.size(), options_.max_size, {}});
  }

  /// True until something failed.
  [[nodiscard]] bool ok() const noexcept { return failure_.code == parse_errc{}; }
  /// The first failure (code is zero while ok()).
  [[nodiscard]] const parse_failure& failure() const noexcept { return failure_; }
  /// Bytes read so far from the start of the input.
  [[nodiscard]] std::size_t offset() const noexcept { return static_cast<std::size_t>(pos_ - begin_); }
  /// Bytes left before the end (or the current limit()).
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - pos_); }
  /// The limits in force.
  [[nodiscard]] const parse_options& options() const noexcept { return options_; }
  /// The next byte to read.
  [[nodiscard]] const std::byte* position() const noexcept { return pos_; }

  /// Records the first failure and moves to the end, so that nothing more is
  /// read and every later read returns zero.
  TLCPP_COLD void fail(const parse_failure& f) noexcept {
    if (ok()) failure_ = f;
    pos_ = end_;
  }

  /// A pointer to the next n bytes, consumed; nullptr (and a failure) when the
  /// input has fewer.
  TLCPP_ALWAYS_INLINE const std::byte* take(std::size_t n) noexcept {
    if (static_cast<std::size_t>(end_ - pos_) < n) [[unlikely]] {
      return truncated(n);
    }
    const std::byte* p = pos_;
    pos_ += n;
    return p;
  }

  /// A little-endian T (an integer or double), or 0 on failure.
  template <class T>
  TLCPP_ALWAYS_INLINE T fixed() noexcept {
    static_assert(std::endian::native == std::endian::little, "tlcpp assumes a little-endian host");
    T v{};
    if (const std::byte* p = take(sizeof(T))) std::memcpy(&v, p, sizeof(T));
    return v;
  }
  /// @{
  /// TL `#`/constructor ids, `int`, `long`, `double`; 0 on failure.
  TLCPP_ALWAYS_INLINE std::uint32_t u32() noexcept { return fixed<std::uint32_t>(); }
  TLCPP_ALWAYS_INLINE std::int32_t i32() noexcept { return fixed<std::int32_t>(); }
  TLCPP_ALWAYS_INLINE std::int64_t i64() noexcept { return fixed<std::int64_t>(); }
  TLCPP_ALWAYS_INLINE double f64() noexcept { return fixed<double>(); }
  /// @}

  /// A TL string or bytes value: the length prefix (one byte below 254, else
  /// 0xfe and three bytes), the data, zero padding to a multiple of four.
  /// Refuses forms that would not serialize back to the same bytes.
  TLCPP_ALWAYS_INLINE std::string_view string() noexcept {
    // The common case inline: a short string, all there, zero padding (the
    // padding ends the string's last 4-byte word: one test for all of it).
    if (pos_ != end_) [[likely]] {
      const std::size_t len = std::to_integer<std::size_t>(pos_[0]);
      const std::size_t total = wire::string_size(len);
      if (len < 254 && total <= remaining()) [[likely]] {
        std::uint32_t last = 0;
        std::memcpy(&last, pos_ + total - 4, 4);
        const std::size_t pad = total - 1 - len;
        if (pad == 0 || (last >> (32 - 8 * pad)) == 0) [[likely]] {
          const std::byte* data = pos_ + 1;
          pos_ += total;
          return {reinterpret_cast<const char*>(data), len};
        }
      }
    }
    return string_slow();
  }

  /// Ends a read that must consume the whole input: bytes left over fail
  /// as trailing_bytes at the first of them. Returns ok().
  bool finish() noexcept {
    if (ok() && remaining() != 0) fail({parse_errc::trailing_bytes, offset(), remaining(), 0, {}});
    return ok();
  }

  /// Nesting guard: enter() before reading an object's fields, leave() after.
  TLCPP_ALWAYS_INLINE bool enter() noexcept {
    if (++depth_ > options_.max_depth) [[unlikely]] {
      return too_deep();
    }
    return true;
  }
  /// Leaves the object entered last.
  TLCPP_ALWAYS_INLINE void leave() noexcept { --depth_; }

  /// Restricts reading to the next n bytes (for values that carry their own
  /// length); returns the old end for restore().
  const std::byte* limit(std::size_t n) noexcept {
    const std::byte* old = end_;
    if (n <= remaining()) end_ = pos_ + n;
    return old;
  }
  /// Lifts the restriction of limit() (kept after a failure).
  void restore(const std::byte* old_end) noexcept {
    if (ok()) end_ = old_end;
  }

 private:
  // The failure paths, out of line so that the reads above stay small.
  TLCPP_COLD const std::byte* truncated(std::size_t n) noexcept {
    fail({parse_errc::truncated, offset(), n, remaining(), {}});
    return nullptr;
  }
  TLCPP_COLD bool too_deep() noexcept {
    fail({parse_errc::too_deep, offset(), depth_, options_.max_depth, {}});
    return false;
  }

  // string() for everything else: long strings, and input it refuses.
  TLCPP_COLD std::string_view string_slow() noexcept {
    const std::size_t at = offset();
    const std::byte* p = take(1);
    if (!p) return {};
    std::size_t len = std::to_integer<std::size_t>(p[0]);
    std::size_t header = 1;
    if (len == 254) {
      const std::byte* q = take(3);
      if (!q) return {};
      len = std::to_integer<std::size_t>(q[0]) | std::to_integer<std::size_t>(q[1]) << 8 |
            std::to_integer<std::size_t>(q[2]) << 16;
      header = 4;
      if (len < 254) {
        fail({parse_errc::bad_length, at, len, 254, {}});
        return {};
      }
    } else if (len == 255) {
      fail({parse_errc::bad_length, at, len, 255, {}});
      return {};
    }
    const std::size_t padded = wire::string_size(len) - header;
    const std::byte* data = take(padded);
    if (!data) return {};
    for (std::size_t i = len; i < padded; ++i) {
      if (data[i] != std::byte{0}) {
        fail({parse_errc::bad_padding, at + header + i, 0, 0, {}});
        return {};
      }
    }
    return {reinterpret_cast<const char*>(data), len};
  }

  const std::byte* begin_;
  const std::byte* pos_;
  const std::byte* end_;
  std::size_t depth_ = 0;
  parse_options options_;
  parse_failure failure_{};
};

}  // namespace tlcpp
