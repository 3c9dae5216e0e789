// Unencrypted MTProto messages (core.telegram.org/mtproto/description,
// "Unencrypted Message"): what the auth key handshake travels in, before
// there is a key.
//
//   auth_key_id          int64 = 0
//   message_id           int64
//   message_data_length  int32
//   message_data         message_data_length bytes (one boxed TL object)
//
// All little-endian. A transport delivers one such message per frame, so
// the length field must account for exactly the bytes after the header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

enum class plain_message_errc : std::uint8_t {
  too_short = 1,        ///< fewer than the 20 bytes of the header
  nonzero_auth_key_id,  ///< auth_key_id is not 0: an encrypted message, not a plain one
  zero_msg_id,          ///< message_id is 0
  bad_length,           ///< message_data_length is not the number of bytes after the header
  unaligned_length,     ///< message_data_length is not a multiple of 4 (TL is made of 4-byte words)
};
using plain_message_error = error<plain_message_errc>;

/// Bytes of the header before message_data.
inline constexpr std::size_t plain_message_header_size = 20;

/// A parsed unencrypted message; `body` points into the input.
struct plain_message {
  std::int64_t msg_id = 0;            ///< message_id
  std::span<const std::byte> body{};  ///< message_data
};

/// The header's fields of `in`, checked: 20 bytes at least, auth_key_id 0,
/// message_id nonzero, message_data_length equal to what follows and a
/// multiple of 4. Whose msg_id parity is right depends on the direction and
/// is for the caller to check.
[[nodiscard]] inline result<plain_message, plain_message_error> parse_plain_message(std::span<const std::byte> in) {
  if (in.size() < plain_message_header_size)
    return detail::fail(plain_message_errc::too_short,
                        "plain message of " + std::to_string(in.size()) + " bytes, shorter than its 20-byte header");
  std::int64_t auth_key_id = 0, msg_id = 0;
  std::int32_t length = 0;
  std::memcpy(&auth_key_id, in.data(), 8);
  std::memcpy(&msg_id, in.data() + 8, 8);
  std::memcpy(&length, in.data() + 16, 4);
  if (auth_key_id != 0)
    return detail::fail(plain_message_errc::nonzero_auth_key_id, "plain message: auth_key_id is not 0");
  if (msg_id == 0) return detail::fail(plain_message_errc::zero_msg_id, "plain message: message_id is 0");
  const std::size_t after = in.size() - plain_message_header_size;
  if (length < 0 || static_cast<std::size_t>(length) != after)
    return detail::fail(plain_message_errc::bad_length, "plain message: message_data_length " + std::to_string(length) +
                                                            " but " + std::to_string(after) +
                                                            " bytes follow the header");
  if (length % 4 != 0)
    return detail::fail(plain_message_errc::unaligned_length,
                        "plain message: message_data_length " + std::to_string(length) + " is not a multiple of 4");
  return plain_message{msg_id, in.subspan(plain_message_header_size)};
}

/// The unencrypted message carrying `body` under `msg_id`.
[[nodiscard]] inline std::vector<std::byte> make_plain_message(std::int64_t msg_id, std::span<const std::byte> body) {
  std::vector<std::byte> out(plain_message_header_size + body.size());
  const auto length = static_cast<std::int32_t>(body.size());
  std::memcpy(out.data() + 8, &msg_id, 8);
  std::memcpy(out.data() + 16, &length, 4);
  if (!body.empty()) std::memcpy(out.data() + plain_message_header_size, body.data(), body.size());
  return out;
}

/// A frame of padded intermediate (plain or under obfuscated2) without the
/// 0..15 random bytes the transport put after the payload, which only the
/// payload can tell apart: an unencrypted message ends where its
/// message_data_length says, when that is 0..15 bytes before the frame's
/// end. Any other frame is returned whole (an encrypted one is trimmed to
/// whole blocks by the session; a wrong length is parse_plain_message's to
/// refuse).
[[nodiscard]] inline std::span<const std::byte> without_transport_padding(std::span<const std::byte> frame) noexcept {
  if (frame.size() < plain_message_header_size) return frame;
  std::uint64_t key_id = 0;
  std::memcpy(&key_id, frame.data(), 8);
  if (key_id != 0) return frame;
  std::int32_t length = 0;
  std::memcpy(&length, frame.data() + 16, 4);
  if (length < 0) return frame;
  const std::size_t end = plain_message_header_size + static_cast<std::size_t>(length);
  if (end > frame.size() || frame.size() - end > 15) return frame;
  return frame.first(end);
}

}  // namespace tlcpp::net
