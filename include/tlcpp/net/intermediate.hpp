// The intermediate transports: each frame after its length as 4 bytes
// little-endian.
//
//   intermediate          tag 0xeeeeeeee; the payload, whole 4-byte words.
//   padded_intermediate   tag 0xdddddddd; the payload (whole words) and then
//                         0..15 random bytes, counted in the length, so that
//                         the sizes on the wire do not give the payloads away.
//
// Who drops the padding: the RECEIVER, and not this transport. A padded
// frame is yielded whole, padding included, because the framing does not
// say where the payload ends. The session drops it: for an encrypted MTProto
// message (auth_key_id, msg_key, then the AES-IGE part) it decrypts only the
// longest whole number of 16-byte blocks after the first 24 bytes, that is,
// it drops (size - 24) % 16 trailing bytes (TDLib: Transport::read_crypto_impl);
// an unencrypted message (auth_key_id 0) carries its own length.
//
// Quick acks: the client sets the top bit of the length word; the server
// answers with 4 bytes, the token with its top bit set, little-endian, where
// a length would be.
//
// The server's transport errors are 4-byte frames holding a negative int32
// (-404, -429, -444, ...). Padded, such a frame may carry up to 15 bytes of
// padding too: a padded frame of 4..19 bytes whose first 4 bytes are a
// negative int32 is a transport error (no MTProto message is that short).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tlcpp/net/plain_transport.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

namespace detail {

/// Intermediate framing, padded or not, without the tag (also the inner
/// framing of obfuscated2).
class intermediate_codec : public codec_base {
 public:
  static constexpr std::uint32_t max_length = 0x7fffffff;
  /// The largest padded frame that may be a transport error: 4 bytes + 15.
  static constexpr std::size_t max_padded_error = 19;

  /// `random` (padded only) gives the padding; without one, padded frames go
  /// out with no padding (still valid: 0 is one of the 0..15 lengths).
  intermediate_codec(role side, std::size_t max_frame, transport_kind kind, std::uint64_t in_pos, std::uint64_t out_pos,
                     bool padded, random_source* random)
      : codec_base(side, max_frame, kind, in_pos, out_pos), padded_(padded), random_(random) {}

  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt) {
    const auto n = payload.size();
    if (opt.quick_ack && side_ != role::client) {
      return failure(transport_errc::unsupported, out_pos_, n, 0, "only the client asks for quick acks");
    }
    if (n == 0 || n % 4 != 0) {
      return failure(transport_errc::bad_payload, out_pos_, n, 0,
                     "intermediate carries one or more whole 4-byte words");
    }
    std::size_t pad = 0;
    std::byte pad_bytes[16];
    if (padded_ && random_ != nullptr) {
      std::byte r[1];
      if (auto s = random_->fill(r); !s) return random_failure(kind_, out_pos_, s.error().code);
      pad = std::to_integer<std::size_t>(r[0]) & 15u;
      if (pad > 0) {
        if (auto s = random_->fill(std::span<std::byte>(pad_bytes, pad)); !s) {
          return random_failure(kind_, out_pos_, s.error().code);
        }
      }
    }
    const std::size_t total = n + pad;
    if (total > max_) return failure(transport_errc::frame_too_large, out_pos_, total, max_);
    if (total > max_length) return failure(transport_errc::frame_too_large, out_pos_, total, max_length);
    append_le32(out, static_cast<std::uint32_t>(total) | (opt.quick_ack ? 0x80000000u : 0u));
    out.insert(out.end(), payload.begin(), payload.end());
    out.insert(out.end(), pad_bytes, pad_bytes + pad);
    out_pos_ += 4 + total;
    return std::nullopt;
  }

  std::optional<transport_failure> encode_quick_ack(std::uint32_t token, std::vector<std::byte>& out) {
    if (side_ != role::server) {
      return failure(transport_errc::unsupported, out_pos_, 0, 0, "only the server sends quick ack answers");
    }
    append_le32(out, token | 0x80000000u);
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
        in_pos_ += take(in, at, hdr_.data(), hdr_have_, 4, cipher);
        if (hdr_have_ < 4) break;
        hdr_have_ = 0;
        const std::uint32_t word = load_le32(hdr_.data());
        const bool top = (word & 0x80000000u) != 0;
        if (side_ == role::client && top) {
          received r;
          r.kind = received_kind::quick_ack;
          r.quick_ack = word;
          r.offset = item_start_;
          return yield(at, std::move(r));
        }
        ack_requested_ = side_ == role::server && top;
        const std::uint64_t len = word & 0x7fffffffu;
        if (padded_) {
          if (len < 4) return fail(at, failure(transport_errc::short_padded_frame, item_start_, len, 4));
        } else if (len == 0 || len % 4 != 0) {
          return fail(at, failure(transport_errc::bad_length, item_start_, len, 0,
                                  "intermediate frames are one or more whole 4-byte words"));
        }
        if (len > max_) return fail(at, failure(transport_errc::frame_too_large, item_start_, len, max_));
        start_frame(static_cast<std::size_t>(len));
        in_frame_ = true;
      } else {
        in_pos_ += take(in, at, frame_.data(), frame_have_, frame_.size(), cipher);
        if (frame_have_ < frame_.size()) break;
        in_frame_ = false;
        return yield(at, take_frame(padded_ ? max_padded_error : 4));
      }
    }
    decode_step s;
    s.consumed = at;
    return s;
  }

  [[nodiscard]] std::optional<transport_failure> finish() const {
    if (failed_) return failed_;
    if (in_frame_) return failure(transport_errc::truncated, in_pos_, frame_.size() - frame_have_);
    if (hdr_have_ > 0) return failure(transport_errc::truncated, in_pos_, 4 - hdr_have_);
    return std::nullopt;
  }

  [[nodiscard]] bool idle() const noexcept { return !in_frame_ && hdr_have_ == 0; }

 private:
  bool padded_;
  random_source* random_;
  std::array<std::byte, 4> hdr_{};
  std::size_t hdr_have_ = 0;
  bool in_frame_ = false;
};

inline constexpr std::byte intermediate_tag[4] = {std::byte{0xee}, std::byte{0xee}, std::byte{0xee}, std::byte{0xee}};
inline constexpr std::byte padded_tag[4] = {std::byte{0xdd}, std::byte{0xdd}, std::byte{0xdd}, std::byte{0xdd}};

}  // namespace detail

/// The intermediate transport (tag 0xeeeeeeee), either side.
class intermediate : public detail::plain_transport<detail::intermediate_codec> {
 public:
  /// The tag the client sends first.
  static constexpr std::span<const std::byte> tag{detail::intermediate_tag};

  /// The `side` end of an intermediate connection.
  explicit intermediate(role side, transport_options opt = {})
      : plain_transport(
            transport_kind::intermediate, tag,
            detail::intermediate_codec(side, opt.max_frame, transport_kind::intermediate, side == role::server ? 4 : 0,
                                       side == role::client ? 4 : 0, false, nullptr)) {}
};

/// The padded intermediate transport (tag 0xdddddddd), either side.
///
/// Sending adds 0..15 random bytes from `random` after each payload (one byte
/// drawn for the count, low 4 bits, then the bytes); if `random` cannot
/// fill, encode() fails with bad_random and appends nothing. Receiving yields each
/// frame whole, padding included: the session drops the padding (see the
/// top of this header). `random` must outlive the transport.
class padded_intermediate : public detail::plain_transport<detail::intermediate_codec> {
 public:
  /// The tag the client sends first.
  static constexpr std::span<const std::byte> tag{detail::padded_tag};

  /// The `side` end of a padded intermediate connection, padding from `random`.
  padded_intermediate(role side, random_source& random, transport_options opt = {})
      : plain_transport(
            transport_kind::padded_intermediate, tag,
            detail::intermediate_codec(side, opt.max_frame, transport_kind::padded_intermediate,
                                       side == role::server ? 4 : 0, side == role::client ? 4 : 0, true, &random)) {}
};

}  // namespace tlcpp::net
