// What every MTProto transport (abridged, intermediate, padded intermediate,
// full, obfuscated2) has in common: roles, options, what decoding yields, and
// the typed errors.
//
// A transport here is framing only, sans-IO: encode() appends the bytes to
// send to a caller's buffer (the one-time prefix, a tag or the obfuscated2
// init, with the first frame), and decode() takes whatever bytes arrived, in
// pieces of any size (one byte at a time works), and yields complete frames,
// quick acks and the server's transport errors, one at a time. Nothing reads
// a socket, a clock or a random generator of its own.
//
// Each transport has a client side and a server side (the mirror): role
// says which end of the connection this object is. The client sends the
// prefix and reads the server's stream; the server checks the prefix and
// reads the client's stream.
//
// Limits: a frame's length is checked against transport_options::max_frame
// (default 16 MiB) as soon as its length field is complete, before anything
// is allocated; the only allocation decoding makes is the frame being
// assembled, at its exact size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/net/aes_ctr.hpp"
#include "tlcpp/net/random_source.hpp"

namespace tlcpp::net {

/// The default largest frame a transport accepts or sends: 16 MiB.
inline constexpr std::size_t default_max_frame = std::size_t{16} << 20;

/// Which end of the connection a transport object is.
enum class role : std::uint8_t {
  client,  ///< sends the prefix (tag or init) and reads the server's frames
  server,  ///< checks the prefix and reads the client's frames
};

/// The MTProto transports.
enum class transport_kind : std::uint8_t {
  abridged,             ///< tag 0xef; lengths in words, 1 or 4 bytes
  intermediate,         ///< tag 0xeeeeeeee; 4-byte lengths
  padded_intermediate,  ///< tag 0xdddddddd; 4-byte lengths, 0..15 random bytes after the payload
  full,                 ///< no tag; length, sequence number, payload, CRC32
  obfuscated2,          ///< 64-byte init, then one of the first three under AES-256-CTR
};

/// The name of a transport, for messages.
constexpr std::string_view to_string(transport_kind k) noexcept {
  switch (k) {
    case transport_kind::abridged:
      return "abridged";
    case transport_kind::intermediate:
      return "intermediate";
    case transport_kind::padded_intermediate:
      return "padded intermediate";
    case transport_kind::full:
      return "full";
    case transport_kind::obfuscated2:
      return "obfuscated2";
  }
  return "transport";
}

/// Options every transport takes.
struct transport_options {
  /// The largest frame accepted (decode) or sent (encode), in bytes of the
  /// frame as decode() yields it (the payload; for padded intermediate the
  /// payload with its padding). A longer length is refused before anything
  /// is allocated for it.
  std::size_t max_frame = default_max_frame;
};

/// Per-frame options of encode().
struct send_options {
  /// Client side of abridged, intermediate and padded intermediate (also
  /// under obfuscated2): ask the server for a quick ack of this frame by
  /// setting the top bit of its length. The full transport has no quick acks.
  bool quick_ack = false;
};

/// What went wrong.
enum class transport_errc : std::uint8_t {
  frame_too_large = 1,  ///< a length above max_frame (value: the length, limit: max_frame)
  bad_length,           ///< a length the transport does not allow: zero, not a multiple of 4, below the minimum
  short_padded_frame,   ///< padded intermediate: a frame shorter than the 4 bytes its smallest payload takes
  bad_crc,              ///< full: the CRC32 does not match (value: received, limit: computed)
  bad_seqno,            ///< full: an unexpected sequence number (value: received, limit: expected)
  bad_tag,              ///< server: the stream does not start with this transport's tag (value: the byte or word)
  bad_init,             ///< obfuscated2 server: the decrypted init carries no inner transport's tag (value: the word)
  truncated,            ///< finish(): the stream ended inside a frame (value: bytes still missing)
  bad_payload,          ///< encode: a payload the transport cannot carry (empty, not whole words; value: its size)
  unsupported,          ///< an option this transport or side does not have (quick ack on full, ...)
  not_ready,            ///< obfuscated2 server: encode before the client's init arrived
  bad_random,           ///< the random source failed (value: its random_errc; detail: how), or gave an
                        ///< obfuscated2 client no acceptable init in obfuscated2::max_draws draws (value: the draws)
};

/// The first thing that went wrong, and where.
struct transport_failure {
  transport_errc code{};       ///< what went wrong
  transport_kind transport{};  ///< in which transport
  std::uint64_t offset = 0;    ///< byte of the stream (counted from its first byte, prefix included) where it was seen
  std::uint64_t value = 0;     ///< the offending number (length, CRC, seqno, tag)
  std::uint64_t limit = 0;     ///< what it was compared with (maximum, computed CRC, expected seqno)
  std::string_view detail;     ///< a few words more, where the code alone does not say it all

  /// One line for people: what, in which transport, at which byte.
  [[nodiscard]] std::string message() const {
    char buf[256];
    const auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    const std::string t(to_string(transport));
    const std::string d(detail);
    switch (code) {
      case transport_errc::frame_too_large:
        std::snprintf(buf, sizeof buf, "%s: frame of %llu bytes at byte %llu exceeds the limit of %llu", t.c_str(),
                      u(value), u(offset), u(limit));
        break;
      case transport_errc::bad_length:
        std::snprintf(buf, sizeof buf, "%s: invalid frame length %llu at byte %llu (%s)", t.c_str(), u(value),
                      u(offset), d.c_str());
        break;
      case transport_errc::short_padded_frame:
        std::snprintf(buf, sizeof buf, "%s: frame of %llu bytes at byte %llu is shorter than the %llu bytes allowed",
                      t.c_str(), u(value), u(offset), u(limit));
        break;
      case transport_errc::bad_crc:
        std::snprintf(buf, sizeof buf, "%s: CRC32 0x%08llx at byte %llu does not match the frame's 0x%08llx", t.c_str(),
                      u(value), u(offset), u(limit));
        break;
      case transport_errc::bad_seqno:
        std::snprintf(buf, sizeof buf, "%s: sequence number %llu at byte %llu, expected %llu", t.c_str(), u(value),
                      u(offset), u(limit));
        break;
      case transport_errc::bad_tag:
        std::snprintf(buf, sizeof buf, "%s: the stream does not start with the %s tag: 0x%llx at byte %llu", t.c_str(),
                      t.c_str(), u(value), u(offset));
        break;
      case transport_errc::bad_init:
        std::snprintf(buf, sizeof buf, "%s: the init's decrypted tag 0x%08llx at byte %llu names no transport (%s)",
                      t.c_str(), u(value), u(offset), d.c_str());
        break;
      case transport_errc::truncated:
        std::snprintf(buf, sizeof buf, "%s: the stream ended at byte %llu inside a frame, %llu more bytes needed",
                      t.c_str(), u(offset), u(value));
        break;
      case transport_errc::bad_payload:
        std::snprintf(buf, sizeof buf, "%s: cannot send a payload of %llu bytes (%s)", t.c_str(), u(value), d.c_str());
        break;
      case transport_errc::unsupported:
        std::snprintf(buf, sizeof buf, "%s: %s", t.c_str(), d.c_str());
        break;
      case transport_errc::not_ready:
        std::snprintf(buf, sizeof buf, "%s: nothing can be sent before the client's 64-byte init has arrived",
                      t.c_str());
        break;
      case transport_errc::bad_random:
        if (!d.empty()) {
          std::snprintf(buf, sizeof buf, "%s: the random source failed at byte %llu (%s)", t.c_str(), u(offset),
                        d.c_str());
        } else {
          std::snprintf(buf, sizeof buf, "%s: no acceptable init in %llu draws from the random source", t.c_str(),
                        u(value));
        }
        break;
      default:
        std::snprintf(buf, sizeof buf, "%s: transport error at byte %llu", t.c_str(), u(offset));
    }
    return buf;
  }
};

/// The negative codes a server sends instead of a frame.
enum class server_error_code : std::int32_t {
  auth_key_not_found = -404,  ///< the auth key id is unknown to this DC (or the message was malformed)
  flood = -429,               ///< too many connections or transport-level flood
  invalid_dc = -444,          ///< the DC id in the obfuscated2 init is invalid
};

/// A few words for a server's transport error code (any negative value can come).
constexpr std::string_view describe_server_error(std::int32_t code) noexcept {
  switch (code) {
    case -404:
      return "auth key not found";
    case -429:
      return "too many connections (flood)";
    case -444:
      return "invalid DC";
    default:
      return "transport error";
  }
}

/// What decode() yields.
enum class received_kind : std::uint8_t {
  frame,            ///< a whole frame's payload
  quick_ack,        ///< client side: the server's 4-byte quick ack answer
  transport_error,  ///< client side: the server's 4-byte negative error code instead of a frame
};

/// One complete thing out of the stream.
struct received {
  received_kind kind = received_kind::frame;  ///< which of the three it is
  /// frame: its bytes. For padded intermediate this is the WHOLE frame,
  /// random padding included: the transport cannot know where the payload
  /// ends; the session drops the padding (see padded_intermediate).
  std::vector<std::byte> payload;
  /// frame, server side: the client asked for a quick ack of this frame.
  bool quick_ack_requested = false;
  /// quick_ack: the token as the server sent it, top bit set (abridged sends
  /// it byte-swapped; this is the value after undoing that).
  std::uint32_t quick_ack = 0;
  /// transport_error: the negative code (-404, -429, -444, or another).
  std::int32_t error_code = 0;
  /// The stream byte at which it began (its length field).
  std::uint64_t offset = 0;
};

/// What one decode() call did: how much input it took, and what it yielded.
///
/// decode() stops right after a complete event, so that each call yields at
/// most one: call it again on the rest of the input (decode_all does).
/// After a failure the transport stays failed: every later call returns the
/// same failure and takes nothing.
struct decode_step {
  std::size_t consumed = 0;                ///< bytes of the input taken
  std::optional<received> event;           ///< something complete, if one ended in these bytes
  std::optional<transport_failure> error;  ///< the refusal, if the input broke the transport's rules
};

/// Feeds all of `in` to `t`, calling `on_event(received&&)` for each thing
/// that completes; returns the failure that stopped it, if any.
template <class Transport, class F>
std::optional<transport_failure> decode_all(Transport& t, std::span<const std::byte> in, F&& on_event) {
  while (!in.empty()) {
    decode_step s = t.decode(in);
    if (s.error) return s.error;
    in = in.subspan(s.consumed);
    if (s.event) on_event(std::move(*s.event));
    if (s.consumed == 0 && !s.event) break;  // cannot happen with a healthy transport; never spin
  }
  return std::nullopt;
}

namespace detail {

inline std::uint32_t load_le32(const std::byte* p) noexcept {
  return std::to_integer<std::uint32_t>(p[0]) | std::to_integer<std::uint32_t>(p[1]) << 8 |
         std::to_integer<std::uint32_t>(p[2]) << 16 | std::to_integer<std::uint32_t>(p[3]) << 24;
}

inline void store_le32(std::byte* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::byte>(v);
  p[1] = static_cast<std::byte>(v >> 8);
  p[2] = static_cast<std::byte>(v >> 16);
  p[3] = static_cast<std::byte>(v >> 24);
}

inline void append_le32(std::vector<std::byte>& out, std::uint32_t v) {
  std::byte b[4];
  store_le32(b, v);
  out.insert(out.end(), b, b + 4);
}

/// Copies input bytes from in[at..] into dst[have..need), runs `cipher` (if
/// any: obfuscated2's decryption) over exactly the bytes copied, so that each
/// received byte passes through it once and in stream order, and advances
/// `at` and `have`. Returns how many bytes it copied.
inline std::size_t take(std::span<const std::byte> in, std::size_t& at, std::byte* dst, std::size_t& have,
                        std::size_t need, aes256_ctr* cipher) {
  const std::size_t n = std::min(need - have, in.size() - at);
  if (n == 0) return 0;
  std::memcpy(dst + have, in.data() + at, n);
  if (cipher != nullptr) cipher->apply(std::span<std::byte>(dst + have, n));
  have += n;
  at += n;
  return n;
}

/// The failure of a transport whose random source could not fill (the
/// obfuscated2 init, padded intermediate's padding): bad_random, with the
/// random_errc as `value` and a few words for it as `detail`.
inline transport_failure random_failure(transport_kind kind, std::uint64_t offset, random_errc code) noexcept {
  const std::string_view how =
      code == random_errc::exhausted ? "a replay source ran out of bytes" : "the system generator could not deliver";
  return transport_failure{transport_errc::bad_random, kind, offset, static_cast<std::uint64_t>(code), 0, how};
}

/// A 4-byte payload holding a negative int32: the server's transport error.
inline std::optional<std::int32_t> negative_code(std::span<const std::byte> payload) noexcept {
  if (payload.size() < 4) return std::nullopt;
  const auto v = static_cast<std::int32_t>(load_le32(payload.data()));
  if (v >= 0) return std::nullopt;
  return v;
}

}  // namespace detail

}  // namespace tlcpp::net
