// MTProto message keys: msg_key, and the AES key and IV derived from it and
// the auth key (core.telegram.org/mtproto/description, "Defining AES Key and
// Initialization Vector"), for MTProto 2.0 (SHA-256) and 1.0 (SHA-1; still
// needed for bind_auth_key_inner when binding a temporary key).
//
// x = 0 for messages from client to server and x = 8 for those from server
// to client; `direction` names which.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/hash.hpp"

namespace tlcpp::net {

/// Which way a message goes; it picks x in the key derivation.
enum class direction : std::uint8_t {
  client_to_server,  ///< x = 0
  server_to_client,  ///< x = 8
};

/// x of the key derivation for `d`: 0 or 8.
[[nodiscard]] constexpr std::size_t kdf_x(direction d) noexcept { return d == direction::client_to_server ? 0 : 8; }

/// An authorization key: 2048 bits, big-endian, as the DH exchange made it.
using auth_key_view = std::span<const std::byte, 256>;
/// msg_key: 128 bits.
using msg_key = std::array<std::byte, 16>;

/// The AES-256-IGE key and IV for one message.
struct aes_key_iv {
  aes256_key key;    ///< aes_key
  aes256_ige_iv iv;  ///< aes_iv
};

/// MTProto 2.0 msg_key: the middle 128 bits (bytes 8..24) of
/// SHA-256(substr(auth_key, 88 + x, 32) + plaintext), the plaintext
/// including its padding.
[[nodiscard]] inline msg_key message_key(auth_key_view auth_key, direction d,
                                         std::span<const std::byte> plaintext_with_padding) noexcept {
  const auto large = sha256(auth_key.subspan(88 + kdf_x(d), 32), plaintext_with_padding);
  msg_key k;
  std::memcpy(k.data(), large.data() + 8, 16);
  return k;
}

/// MTProto 2.0 KDF:
///   sha256_a = SHA256(msg_key + substr(auth_key, x, 36))
///   sha256_b = SHA256(substr(auth_key, 40 + x, 36) + msg_key)
///   aes_key = substr(sha256_a, 0, 8) + substr(sha256_b, 8, 16) + substr(sha256_a, 24, 8)
///   aes_iv  = substr(sha256_b, 0, 8) + substr(sha256_a, 8, 16) + substr(sha256_b, 24, 8)
[[nodiscard]] inline aes_key_iv message_aes_key_iv(auth_key_view auth_key, const msg_key& key, direction d) noexcept {
  const std::size_t x = kdf_x(d);
  const auto a = sha256(key, auth_key.subspan(x, 36));
  const auto b = sha256(auth_key.subspan(40 + x, 36), key);
  aes_key_iv out;
  std::memcpy(out.key.data(), a.data(), 8);
  std::memcpy(out.key.data() + 8, b.data() + 8, 16);
  std::memcpy(out.key.data() + 24, a.data() + 24, 8);
  std::memcpy(out.iv.data(), b.data(), 8);
  std::memcpy(out.iv.data() + 8, a.data() + 8, 16);
  std::memcpy(out.iv.data() + 24, b.data() + 24, 8);
  return out;
}

/// MTProto 1.0 msg_key: the lower 128 bits (bytes 4..20) of SHA-1 of the
/// plaintext without its padding.
[[nodiscard]] inline msg_key message_key_v1(std::span<const std::byte> plaintext) noexcept {
  const auto h = sha1(plaintext);
  msg_key k;
  std::memcpy(k.data(), h.data() + 4, 16);
  return k;
}

/// MTProto 1.0 KDF (core.telegram.org/mtproto/description_v1):
///   sha1_a = SHA1(msg_key + substr(auth_key, x, 32))
///   sha1_b = SHA1(substr(auth_key, 32 + x, 16) + msg_key + substr(auth_key, 48 + x, 16))
///   sha1_c = SHA1(substr(auth_key, 64 + x, 32) + msg_key)
///   sha1_d = SHA1(msg_key + substr(auth_key, 96 + x, 32))
///   aes_key = substr(sha1_a, 0, 8) + substr(sha1_b, 8, 12) + substr(sha1_c, 4, 12)
///   aes_iv  = substr(sha1_a, 8, 12) + substr(sha1_b, 0, 8) + substr(sha1_c, 16, 4) + substr(sha1_d, 0, 8)
[[nodiscard]] inline aes_key_iv message_aes_key_iv_v1(auth_key_view auth_key, const msg_key& key,
                                                      direction d) noexcept {
  const std::size_t x = kdf_x(d);
  const auto a = sha1(key, auth_key.subspan(x, 32));
  const auto b = sha1(auth_key.subspan(32 + x, 16), key, auth_key.subspan(48 + x, 16));
  const auto c = sha1(auth_key.subspan(64 + x, 32), key);
  const auto dd = sha1(key, auth_key.subspan(96 + x, 32));
  aes_key_iv out;
  std::memcpy(out.key.data(), a.data(), 8);
  std::memcpy(out.key.data() + 8, b.data() + 8, 12);
  std::memcpy(out.key.data() + 20, c.data() + 4, 12);
  std::memcpy(out.iv.data(), a.data() + 8, 12);
  std::memcpy(out.iv.data() + 12, b.data(), 8);
  std::memcpy(out.iv.data() + 20, c.data() + 16, 4);
  std::memcpy(out.iv.data() + 24, dd.data(), 8);
  return out;
}

}  // namespace tlcpp::net
