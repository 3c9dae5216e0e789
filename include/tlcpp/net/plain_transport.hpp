// The parts the plain transports (abridged, intermediate, padded
// intermediate, full) share: a codec base (stream positions, the frame being
// assembled, the sticky failure) and the wrapper that adds the tag (sent by
// the client, checked by the server). Internal: use abridged, intermediate,
// padded_intermediate and full.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net::detail {

/// State every framing codec has. A codec frames and unframes; it knows
/// nothing of tags or obfuscation, and is reused under obfuscated2.
class codec_base {
 public:
  [[nodiscard]] role side() const noexcept { return side_; }
  /// Stream offset of the next byte decode() takes / encode() writes.
  [[nodiscard]] std::uint64_t in_position() const noexcept { return in_pos_; }
  [[nodiscard]] std::uint64_t out_position() const noexcept { return out_pos_; }

 protected:
  codec_base(role side, std::size_t max_frame, transport_kind kind, std::uint64_t in_pos, std::uint64_t out_pos)
      : side_(side), max_(max_frame), kind_(kind), in_pos_(in_pos), out_pos_(out_pos) {}

  [[nodiscard]] transport_failure failure(transport_errc code, std::uint64_t offset, std::uint64_t value = 0,
                                          std::uint64_t limit = 0, std::string_view detail = {}) const {
    return transport_failure{code, kind_, offset, value, limit, detail};
  }

  /// Records a decode failure (sticky) and returns the step that reports it.
  decode_step fail(std::size_t consumed, transport_failure f) {
    failed_ = f;
    decode_step s;
    s.consumed = consumed;
    s.error = std::move(f);
    return s;
  }

  /// The step that reports one finished event.
  static decode_step yield(std::size_t consumed, received r) {
    decode_step s;
    s.consumed = consumed;
    s.event = std::move(r);
    return s;
  }

  /// Starts assembling a frame of `n` bytes: the one allocation decoding makes.
  void start_frame(std::size_t n) {
    frame_ = std::vector<std::byte>(n);
    frame_have_ = 0;
  }

  /// The finished frame as an event (the server's transport error on the
  /// client side when it is one).
  received take_frame(std::size_t max_error_frame) {
    received r;
    r.offset = item_start_;
    r.quick_ack_requested = ack_requested_;
    if (side_ == role::client && frame_.size() <= max_error_frame) {
      if (auto code = negative_code(frame_)) {
        r.kind = received_kind::transport_error;
        r.error_code = *code;
        frame_.clear();
        return r;
      }
    }
    r.payload = std::move(frame_);
    frame_ = {};
    frame_have_ = 0;
    return r;
  }

  role side_;
  std::size_t max_;
  transport_kind kind_;
  std::uint64_t in_pos_;
  std::uint64_t out_pos_;
  std::uint64_t item_start_ = 0;  ///< where the frame (or ack) being read began
  bool ack_requested_ = false;
  std::vector<std::byte> frame_;
  std::size_t frame_have_ = 0;
  std::optional<transport_failure> failed_;
};

/// A codec with its tag: the client sends the tag before its first frame,
/// the server checks that the client's stream starts with it. `Codec` is one
/// of abridged_codec, intermediate_codec, full_codec.
template <class Codec>
class plain_transport {
 public:
  /// Which end this object is.
  [[nodiscard]] role side() const noexcept { return codec_.side(); }
  /// Which transport.
  [[nodiscard]] transport_kind kind() const noexcept { return kind_; }
  /// The one-time prefix the client sends first (the tag; empty for full).
  [[nodiscard]] std::span<const std::byte> prefix() const noexcept { return {tag_.data(), tag_len_}; }

  /// Client: appends the prefix now if it has not been sent (encode() does
  /// it with the first frame otherwise). Server: nothing.
  void start(std::vector<std::byte>& out) {
    if (codec_.side() == role::client && !prefix_sent_) {
      out.insert(out.end(), tag_.begin(), tag_.begin() + static_cast<std::ptrdiff_t>(tag_len_));
      prefix_sent_ = true;
    }
  }

  /// Appends `payload` framed (after the prefix, the first time, on the
  /// client side) to `out`. On failure nothing is appended.
  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt = {}) {
    const std::size_t mark = out.size();
    const bool sent = prefix_sent_;
    start(out);
    auto f = codec_.encode(payload, out, opt);
    if (f) {
      out.resize(mark);
      prefix_sent_ = sent;
    }
    return f;
  }

  /// Server: appends a quick ack answer carrying `token` (its top bit is set
  /// here). Not for full, nor for the client side.
  std::optional<transport_failure> encode_quick_ack(std::uint32_t token, std::vector<std::byte>& out) {
    return codec_.encode_quick_ack(token, out);
  }

  /// Server: appends a transport error: `code` (negative: -404, -429, -444,
  /// ...) as a 4-byte frame.
  std::optional<transport_failure> encode_transport_error(std::int32_t code, std::vector<std::byte>& out) {
    return codec_.encode_transport_error(code, out);
  }

  /// Takes received bytes (any amount, one byte works) and yields at most one
  /// complete frame, quick ack or transport error; see decode_step.
  decode_step decode(std::span<const std::byte> in) {
    std::size_t at = 0;
    if (codec_.side() == role::server && tag_seen_ < tag_len_) {
      if (bad_tag_) {
        decode_step s;
        s.error = bad_tag_;
        return s;
      }
      while (at < in.size() && tag_seen_ < tag_len_) {
        if (in[at] != tag_[tag_seen_]) {
          bad_tag_ = transport_failure{transport_errc::bad_tag,
                                       kind_,
                                       tag_seen_,
                                       std::to_integer<std::uint64_t>(in[at]),
                                       std::to_integer<std::uint64_t>(tag_[tag_seen_]),
                                       {}};
          decode_step s;
          s.consumed = at;
          s.error = bad_tag_;
          return s;
        }
        ++at;
        ++tag_seen_;
      }
      if (at == in.size()) {
        decode_step s;
        s.consumed = at;
        return s;
      }
    }
    decode_step s = codec_.decode(in.subspan(at), nullptr);
    s.consumed += at;
    return s;
  }

  /// The end of the stream: the failure if it ended inside a frame (or the
  /// tag), nothing if it ended between frames.
  [[nodiscard]] std::optional<transport_failure> finish() const {
    if (bad_tag_) return bad_tag_;
    if (codec_.side() == role::server && tag_seen_ > 0 && tag_seen_ < tag_len_) {
      return transport_failure{transport_errc::truncated, kind_, tag_seen_, tag_len_ - tag_seen_, 0, {}};
    }
    return codec_.finish();
  }

  /// True between frames (nothing half-read).
  [[nodiscard]] bool idle() const noexcept {
    return (codec_.side() == role::client || tag_seen_ == 0 || tag_seen_ == tag_len_) && codec_.idle();
  }

 protected:
  plain_transport(transport_kind kind, std::span<const std::byte> tag, Codec codec)
      : kind_(kind), tag_len_(tag.size()), codec_(std::move(codec)) {
    for (std::size_t i = 0; i < tag.size() && i < tag_.size(); ++i) tag_[i] = tag[i];
  }

  transport_kind kind_;
  std::array<std::byte, 4> tag_{};
  std::size_t tag_len_;
  Codec codec_;
  bool prefix_sent_ = false;
  std::size_t tag_seen_ = 0;
  std::optional<transport_failure> bad_tag_;
};

}  // namespace tlcpp::net::detail
