// The framing of messages inside an MTProto 2.0 encrypted packet, the same
// for both roles (core.telegram.org/mtproto/description, "Encrypted Message"
// and core.telegram.org/mtproto/service_messages, "Containers"):
//
//   plaintext = salt:long session_id:long msg_id:long seq_no:int
//               message_data_length:int message_data:bytes padding:12..1024
//   msg_container#73f1f8dc messages:vector<message>
//   message = msg_id:long seqno:int bytes:int body:bytes
//
// All integers little-endian. Readers check bounds before touching a byte
// and allocate nothing for what they refuse; read_container allocates one
// entry per message, and a message takes at least 16 bytes of input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

/// Bytes of plaintext before the message data.
inline constexpr std::size_t plaintext_header_size = 32;
/// The least padding MTProto 2.0 allows.
inline constexpr std::size_t min_padding = 12;
/// The most padding MTProto 2.0 allows.
inline constexpr std::size_t max_padding = 1024;
/// The most messages a container may hold (service_messages, "Containers").
inline constexpr std::size_t max_container_messages = 1020;
/// The most bytes a container's messages may take (1 MiB, same page).
inline constexpr std::size_t max_container_bytes = std::size_t{1} << 20;
/// Bytes a message takes in a container besides its body: msg_id, seqno, bytes.
inline constexpr std::size_t container_message_header_size = 16;

enum class frame_errc : std::uint8_t {
  too_short = 1,          ///< the plaintext is shorter than its 32-byte header
  length_out_of_bounds,   ///< message_data_length runs past the end of the plaintext
  padding_too_short,      ///< fewer than 12 bytes of padding
  padding_too_long,       ///< more than 1024 bytes of padding
  misaligned_length,      ///< message_data_length is not a non-zero multiple of 4
  container_truncated,    ///< a container's framing runs past its end
  container_too_many,     ///< a container with more than 1020 messages
  container_bad_message,  ///< a message in a container whose length is not a non-zero multiple of 4
  container_trailing,     ///< bytes after a container's last message
};
using frame_error = error<frame_errc>;

namespace detail {

/// The little-endian integer of type T at p.
template <class T>
[[nodiscard]] T get_le(const std::byte* p) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t{std::to_integer<std::uint8_t>(p[i])} << (8 * i);
  return static_cast<T>(v);
}

/// Writes x little-endian at p.
template <class T>
void put_le(std::byte* p, T x) noexcept {
  const auto v = static_cast<std::uint64_t>(x);
  for (std::size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}

/// Appends x little-endian to out.
template <class T>
void append_le(std::vector<std::byte>& out, T x) {
  const std::size_t at = out.size();
  out.resize(at + sizeof(T));
  put_le(out.data() + at, x);
}

}  // namespace detail

/// The fields of a decrypted plaintext; `body` views the plaintext.
struct plaintext_message {
  std::int64_t salt = 0;              ///< the server salt the sender used
  std::int64_t session_id = 0;        ///< the sender's session
  std::int64_t msg_id = 0;            ///< the message's id
  std::int32_t seq_no = 0;            ///< its sequence number
  std::span<const std::byte> body{};  ///< message_data
  std::size_t padding = 0;            ///< bytes of padding after it
};

/// Reads a decrypted plaintext, checking in this order: the header fits,
/// message_data_length lies within the plaintext, the padding is 12..1024
/// bytes, the length is a non-zero multiple of 4. (Padding before alignment:
/// so that a packet with 11 or 1025 bytes of padding is refused for its
/// padding, which is what it is wrong in.)
[[nodiscard]] inline result<plaintext_message, frame_error> read_plaintext(std::span<const std::byte> plaintext) {
  if (plaintext.size() < plaintext_header_size)
    return detail::fail(frame_errc::too_short, "MTProto 2.0: a plaintext of " + std::to_string(plaintext.size()) +
                                                   " bytes is shorter than its 32-byte header");
  plaintext_message m;
  m.salt = detail::get_le<std::int64_t>(plaintext.data());
  m.session_id = detail::get_le<std::int64_t>(plaintext.data() + 8);
  m.msg_id = detail::get_le<std::int64_t>(plaintext.data() + 16);
  m.seq_no = detail::get_le<std::int32_t>(plaintext.data() + 24);
  const auto length = detail::get_le<std::uint32_t>(plaintext.data() + 28);
  const std::size_t room = plaintext.size() - plaintext_header_size;
  if (length > room)
    return detail::fail(frame_errc::length_out_of_bounds, "MTProto 2.0: message_data_length " + std::to_string(length) +
                                                              " exceeds the " + std::to_string(room) +
                                                              " bytes after the header");
  m.padding = room - length;
  if (m.padding < min_padding)
    return detail::fail(frame_errc::padding_too_short,
                        "MTProto 2.0: " + std::to_string(m.padding) + " bytes of padding, at least 12 required");
  if (m.padding > max_padding)
    return detail::fail(frame_errc::padding_too_long,
                        "MTProto 2.0: " + std::to_string(m.padding) + " bytes of padding, at most 1024 allowed");
  if (length == 0 || length % 4 != 0)
    return detail::fail(frame_errc::misaligned_length, "MTProto 2.0: message_data_length " + std::to_string(length) +
                                                           " is not a non-zero multiple of 4");
  m.body = plaintext.subspan(plaintext_header_size, length);
  return m;
}

/// The padding an outgoing message of `body_size` bytes gets: the least
/// that is at least 12 bytes and makes the plaintext a multiple of 16 (12..27
/// bytes), as mtcute and GramJS choose it.
[[nodiscard]] constexpr std::size_t padding_for(std::size_t body_size) noexcept {
  const std::size_t unpadded = plaintext_header_size + body_size + min_padding;
  return min_padding + (16 - unpadded % 16) % 16;
}

/// Writes the 32-byte plaintext header at `out`.
inline void write_plaintext_header(std::span<std::byte, plaintext_header_size> out, std::int64_t salt,
                                   std::int64_t session_id, std::int64_t msg_id, std::int32_t seq_no,
                                   std::uint32_t length) noexcept {
  detail::put_le(out.data(), salt);
  detail::put_le(out.data() + 8, session_id);
  detail::put_le(out.data() + 16, msg_id);
  detail::put_le(out.data() + 24, seq_no);
  detail::put_le(out.data() + 28, length);
}

/// One message of a container; `body` views the container's bytes.
struct framed_message {
  std::int64_t msg_id = 0;            ///< the message's id
  std::int32_t seq_no = 0;            ///< its sequence number
  std::span<const std::byte> body{};  ///< its body
};

/// The constructor id of msg_container.
inline constexpr std::uint32_t container_id = 0x73f1f8dc;

/// Whether `body` starts with msg_container's constructor id.
[[nodiscard]] inline bool is_container(std::span<const std::byte> body) noexcept {
  return body.size() >= 4 && detail::get_le<std::uint32_t>(body.data()) == container_id;
}

/// The messages of msg_container `body` (which starts with its id), framing
/// checked: a count of at most 1020, each message within the container with
/// a length that is a non-zero multiple of 4, no bytes after the last.
[[nodiscard]] inline result<std::vector<framed_message>, frame_error> read_container(std::span<const std::byte> body) {
  if (body.size() < 8)
    return detail::fail(frame_errc::container_truncated, "msg_container: shorter than its id and count");
  const auto count = detail::get_le<std::uint32_t>(body.data() + 4);
  if (count > max_container_messages)
    return detail::fail(frame_errc::container_too_many,
                        "msg_container: " + std::to_string(count) + " messages, at most 1020 allowed");
  // A message takes at least 20 bytes (header and a constructor id): a count
  // the bytes cannot hold is refused before anything is allocated for it.
  if (count > (body.size() - 8) / (container_message_header_size + 4))
    return detail::fail(frame_errc::container_truncated, "msg_container: " + std::to_string(count) +
                                                             " messages cannot fit in " + std::to_string(body.size()) +
                                                             " bytes");
  std::vector<framed_message> out;
  out.reserve(count);
  std::size_t at = 8;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (body.size() - at < container_message_header_size)
      return detail::fail(frame_errc::container_truncated,
                          "msg_container: message " + std::to_string(i) + " header runs past the end");
    framed_message m;
    m.msg_id = detail::get_le<std::int64_t>(body.data() + at);
    m.seq_no = detail::get_le<std::int32_t>(body.data() + at + 8);
    const auto length = detail::get_le<std::uint32_t>(body.data() + at + 12);
    at += container_message_header_size;
    if (length == 0 || length % 4 != 0)
      return detail::fail(frame_errc::container_bad_message,
                          "msg_container: message " + std::to_string(i) + " has length " + std::to_string(length));
    if (length > body.size() - at)
      return detail::fail(frame_errc::container_truncated,
                          "msg_container: message " + std::to_string(i) + " runs past the end");
    m.body = body.subspan(at, length);
    at += length;
    out.push_back(m);
  }
  if (at != body.size())
    return detail::fail(frame_errc::container_trailing,
                        "msg_container: " + std::to_string(body.size() - at) + " bytes after the last message");
  return out;
}

/// Appends one container message (header and body) to `out`.
inline void append_container_message(std::vector<std::byte>& out, std::int64_t msg_id, std::int32_t seq_no,
                                     std::span<const std::byte> body) {
  detail::append_le(out, msg_id);
  detail::append_le(out, seq_no);
  detail::append_le(out, static_cast<std::uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace tlcpp::net
