// The abridged transport: tag 0xef, then each payload (whole 4-byte words)
// after its length in words: one byte when it is below 0x7f, else 0x7f and
// three bytes little-endian.
//
// Quick acks: the client asks for one by setting the top bit of the first
// length byte (0x80 | words, or 0xff and three bytes); the server answers
// with 4 bytes, the token with its top bit set, byte-swapped (big-endian), so
// that the first byte (>= 0x80) cannot be a length byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tlcpp/net/plain_transport.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

namespace detail {

/// Abridged framing without the tag (also the inner framing of obfuscated2).
class abridged_codec : public codec_base {
 public:
  static constexpr std::uint32_t max_words = 0xffffff;

  abridged_codec(role side, std::size_t max_frame, transport_kind kind, std::uint64_t in_pos, std::uint64_t out_pos)
      : codec_base(side, max_frame, kind, in_pos, out_pos) {}

  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt) {
    const auto n = payload.size();
    if (opt.quick_ack && side_ != role::client) {
      return failure(transport_errc::unsupported, out_pos_, n, 0, "only the client asks for quick acks");
    }
    if (n == 0 || n % 4 != 0) {
      return failure(transport_errc::bad_payload, out_pos_, n, 0, "abridged carries one or more whole 4-byte words");
    }
    if (n > max_) return failure(transport_errc::frame_too_large, out_pos_, n, max_);
    const std::size_t words = n / 4;
    if (words > max_words) return failure(transport_errc::frame_too_large, out_pos_, n, std::uint64_t{max_words} * 4);
    const unsigned ack = opt.quick_ack ? 0x80u : 0u;
    if (words < 0x7f) {
      out.push_back(static_cast<std::byte>(words | ack));
      out_pos_ += 1;
    } else {
      const std::byte h[4] = {static_cast<std::byte>(0x7fu | ack), static_cast<std::byte>(words),
                              static_cast<std::byte>(words >> 8), static_cast<std::byte>(words >> 16)};
      out.insert(out.end(), h, h + 4);
      out_pos_ += 4;
    }
    out.insert(out.end(), payload.begin(), payload.end());
    out_pos_ += n;
    return std::nullopt;
  }

  std::optional<transport_failure> encode_quick_ack(std::uint32_t token, std::vector<std::byte>& out) {
    if (side_ != role::server) {
      return failure(transport_errc::unsupported, out_pos_, 0, 0, "only the server sends quick ack answers");
    }
    token |= 0x80000000u;
    const std::byte b[4] = {static_cast<std::byte>(token >> 24), static_cast<std::byte>(token >> 16),
                            static_cast<std::byte>(token >> 8), static_cast<std::byte>(token)};
    out.insert(out.end(), b, b + 4);
    out_pos_ += 4;
    return std::nullopt;
  }

  std::optional<transport_failure> encode_transport_error(std::int32_t code, std::vector<std::byte>& out) {
    if (side_ != role::server || code >= 0) {
      return failure(transport_errc::unsupported, out_pos_, 4, 0,
                     "only the server sends transport errors, and their codes are negative");
    }
    std::byte b[4];
    store_le32(b, static_cast<std::uint32_t>(code));
    return encode(b, out, {});
  }

  decode_step decode(std::span<const std::byte> in, aes256_ctr* cipher) {
    if (failed_) {
      decode_step s;
      s.error = failed_;
      return s;
    }
    std::size_t at = 0;
    while (at < in.size()) {
      if (!in_frame_) {
        if (hdr_have_ == 0) item_start_ = in_pos_;
        in_pos_ += take(in, at, hdr_.data(), hdr_have_, hdr_need_, cipher);
        if (hdr_have_ < hdr_need_) break;
        const unsigned b0 = std::to_integer<unsigned>(hdr_[0]);
        const bool quick_ack = side_ == role::client && (b0 & 0x80u) != 0;
        if (hdr_need_ == 1 && (quick_ack || (b0 & 0x7fu) == 0x7f)) {
          hdr_need_ = 4;  // a quick ack answer, or the 3-byte length form
          continue;
        }
        hdr_have_ = 0;
        hdr_need_ = 1;
        if (quick_ack) {
          received r;
          r.kind = received_kind::quick_ack;
          r.quick_ack = static_cast<std::uint32_t>(b0) << 24 | std::to_integer<std::uint32_t>(hdr_[1]) << 16 |
                        std::to_integer<std::uint32_t>(hdr_[2]) << 8 | std::to_integer<std::uint32_t>(hdr_[3]);
          r.offset = item_start_;
          return yield(at, std::move(r));
        }
        ack_requested_ = side_ == role::server && (b0 & 0x80u) != 0;
        const std::uint64_t words = (b0 & 0x7fu) == 0x7f ? (std::to_integer<std::uint64_t>(hdr_[1]) |
                                                            std::to_integer<std::uint64_t>(hdr_[2]) << 8 |
                                                            std::to_integer<std::uint64_t>(hdr_[3]) << 16)
                                                         : (b0 & 0x7fu);
        const std::uint64_t len = words * 4;
        if (len == 0) {
          return fail(at, failure(transport_errc::bad_length, item_start_, 0, 0, "a frame of zero words"));
        }
        if (len > max_) return fail(at, failure(transport_errc::frame_too_large, item_start_, len, max_));
        start_frame(static_cast<std::size_t>(len));
        in_frame_ = true;
      } else {
        in_pos_ += take(in, at, frame_.data(), frame_have_, frame_.size(), cipher);
        if (frame_have_ < frame_.size()) break;
        in_frame_ = false;
        return yield(at, take_frame(4));
      }
    }
    decode_step s;
    s.consumed = at;
    return s;
  }

  [[nodiscard]] std::optional<transport_failure> finish() const {
    if (failed_) return failed_;
    if (in_frame_) return failure(transport_errc::truncated, in_pos_, frame_.size() - frame_have_);
    if (hdr_have_ > 0) return failure(transport_errc::truncated, in_pos_, hdr_need_ - hdr_have_);
    return std::nullopt;
  }

  [[nodiscard]] bool idle() const noexcept { return !in_frame_ && hdr_have_ == 0; }

 private:
  std::array<std::byte, 4> hdr_{};
  std::size_t hdr_have_ = 0;
  std::size_t hdr_need_ = 1;
  bool in_frame_ = false;
};

inline constexpr std::byte abridged_tag[1] = {std::byte{0xef}};

}  // namespace detail

/// The abridged transport (tag 0xef), either side.
///
///   abridged t(role::client);
///   t.encode(payload, out);            // out: ef, then the frame
///   decode_all(t, received_bytes, [](received&& r) { ... });
class abridged : public detail::plain_transport<detail::abridged_codec> {
 public:
  /// The tag the client sends first.
  static constexpr std::span<const std::byte> tag{detail::abridged_tag};

  /// The `side` end of an abridged connection.
  explicit abridged(role side, transport_options opt = {})
      : plain_transport(transport_kind::abridged, tag,
                        detail::abridged_codec(side, opt.max_frame, transport_kind::abridged,
                                               side == role::server ? 1 : 0, side == role::client ? 1 : 0)) {}
};

}  // namespace tlcpp::net
