// The full transport: no tag; each frame is
//
//   length (4 bytes LE: the whole frame, these 4 bytes and the CRC included)
//   seqno  (4 bytes LE: 0 for the first frame each side sends, then 1, 2, ...)
//   payload (whole 4-byte words)
//   crc    (4 bytes LE: CRC32 (zlib's) of length, seqno and payload)
//
// Both the CRC and the sequence number are checked on receipt, the CRC
// first (a corrupted seqno is a corrupted frame; a wrong one with a good CRC
// is a lost or repeated frame). The full transport has no quick acks.
//
// Transport errors: the server sends its negative code as a 4-byte payload,
// framed; it has also been seen to send the bare code where the length
// should be (Telethon issue 4042, as GramJS notes in TCPFull). A negative
// length word is taken as that: a transport error, 4 bytes long.
#pragma once

#include <zlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tlcpp/net/plain_transport.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

namespace detail {

inline std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::byte> bytes) noexcept {
  return static_cast<std::uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

/// Full framing.
class full_codec : public codec_base {
 public:
  /// length + seqno + crc.
  static constexpr std::size_t overhead = 12;

  full_codec(role side, std::size_t max_frame) : codec_base(side, max_frame, transport_kind::full, 0, 0) {}

  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt) {
    const auto n = payload.size();
    if (opt.quick_ack) {
      return failure(transport_errc::unsupported, out_pos_, n, 0, "the full transport has no quick acks");
    }
    if (n == 0 || n % 4 != 0) {
      return failure(transport_errc::bad_payload, out_pos_, n, 0, "full carries one or more whole 4-byte words");
    }
    if (n > max_) return failure(transport_errc::frame_too_large, out_pos_, n, max_);
    if (n > 0x7fffffffu - overhead)
      return failure(transport_errc::frame_too_large, out_pos_, n, 0x7fffffffu - overhead);
    std::byte h[8];
    store_le32(h, static_cast<std::uint32_t>(n + overhead));
    store_le32(h + 4, seq_out_);
    std::uint32_t crc = crc32_update(0, h);
    crc = crc32_update(crc, payload);
    out.insert(out.end(), h, h + 8);
    out.insert(out.end(), payload.begin(), payload.end());
    append_le32(out, crc);
    out_pos_ += n + overhead;
    ++seq_out_;
    return std::nullopt;
  }

  std::optional<transport_failure> encode_quick_ack(std::uint32_t, std::vector<std::byte>&) {
    return failure(transport_errc::unsupported, out_pos_, 0, 0, "the full transport has no quick acks");
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
      switch (state_) {
        case state::length: {
          if (hdr_have_ == 0) item_start_ = in_pos_;
          in_pos_ += take(in, at, hdr_.data(), hdr_have_, 4, cipher);
          if (hdr_have_ < 4) break;
          const std::uint32_t word = load_le32(hdr_.data());
          if (side_ == role::client && static_cast<std::int32_t>(word) < 0) {
            hdr_have_ = 0;
            received r;
            r.kind = received_kind::transport_error;
            r.error_code = static_cast<std::int32_t>(word);
            r.offset = item_start_;
            return yield(at, std::move(r));
          }
          if (word < overhead + 4 || word % 4 != 0) {
            return fail(at, failure(transport_errc::bad_length, item_start_, word, 0,
                                    "a full frame is whole 4-byte words, at least 16 bytes"));
          }
          if (word - overhead > max_) {
            return fail(at, failure(transport_errc::frame_too_large, item_start_, word - overhead, max_));
          }
          state_ = state::seqno;
          break;
        }
        case state::seqno:
          in_pos_ += take(in, at, hdr_.data(), hdr_have_, 8, cipher);
          if (hdr_have_ < 8) break;
          start_frame(load_le32(hdr_.data()) - overhead);
          state_ = state::payload;
          break;
        case state::payload:
          in_pos_ += take(in, at, frame_.data(), frame_have_, frame_.size(), cipher);
          if (frame_have_ < frame_.size()) break;
          crc_have_ = 0;
          state_ = state::crc;
          break;
        case state::crc: {
          in_pos_ += take(in, at, crc_.data(), crc_have_, 4, cipher);
          if (crc_have_ < 4) break;
          const std::uint32_t got = load_le32(crc_.data());
          const std::uint32_t want = crc32_update(crc32_update(0, hdr_), frame_);
          if (got != want) return fail(at, failure(transport_errc::bad_crc, in_pos_ - 4, got, want));
          const std::uint32_t seq = load_le32(hdr_.data() + 4);
          if (seq != seq_in_) return fail(at, failure(transport_errc::bad_seqno, item_start_ + 4, seq, seq_in_));
          ++seq_in_;
          hdr_have_ = 0;
          state_ = state::length;
          return yield(at, take_frame(4));
        }
      }
    }
    decode_step s;
    s.consumed = at;
    return s;
  }

  [[nodiscard]] std::optional<transport_failure> finish() const {
    if (failed_) return failed_;
    switch (state_) {
      case state::length:
        if (hdr_have_ == 0) return std::nullopt;
        return failure(transport_errc::truncated, in_pos_, 4 - hdr_have_);
      case state::seqno:
        return failure(transport_errc::truncated, in_pos_, load_le32(hdr_.data()) - hdr_have_);
      case state::payload:
        return failure(transport_errc::truncated, in_pos_, frame_.size() - frame_have_ + 4);
      case state::crc:
        return failure(transport_errc::truncated, in_pos_, 4 - crc_have_);
    }
    return std::nullopt;
  }

  [[nodiscard]] bool idle() const noexcept { return state_ == state::length && hdr_have_ == 0; }

  /// The sequence number of the next frame sent / expected.
  [[nodiscard]] std::uint32_t next_send_seqno() const noexcept { return seq_out_; }
  [[nodiscard]] std::uint32_t next_receive_seqno() const noexcept { return seq_in_; }

 private:
  enum class state : std::uint8_t { length, seqno, payload, crc };
  state state_ = state::length;
  std::array<std::byte, 8> hdr_{};
  std::size_t hdr_have_ = 0;
  std::array<std::byte, 4> crc_{};
  std::size_t crc_have_ = 0;
  std::uint32_t seq_out_ = 0;
  std::uint32_t seq_in_ = 0;
};

}  // namespace detail

/// The full transport (no tag; length, seqno, payload, CRC32), either side.
class full : public detail::plain_transport<detail::full_codec> {
 public:
  /// The `side` end of a full-transport connection.
  explicit full(role side, transport_options opt = {})
      : plain_transport(transport_kind::full, {}, detail::full_codec(side, opt.max_frame)) {}

  /// The sequence number the next frame sent will carry.
  [[nodiscard]] std::uint32_t next_send_seqno() const noexcept { return codec_.next_send_seqno(); }
  /// The sequence number the next frame received must carry.
  [[nodiscard]] std::uint32_t next_receive_seqno() const noexcept { return codec_.next_receive_seqno(); }
};

}  // namespace tlcpp::net
