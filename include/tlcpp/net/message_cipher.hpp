// MTProto 2.0 encrypted messages: auth_key_id (8) + msg_key (16) + the
// AES-256-IGE encrypted plaintext (core.telegram.org/mtproto/description).
//
// This is the cryptographic layer only. The plaintext (salt, session_id,
// msg_id, seq_no, length, body, 12..1024 bytes of random padding, a multiple
// of 16 bytes in all) is the session's to build and to check after
// decryption; here the outer checks are made: the length, the auth_key_id,
// and msg_key (recomputed over the decrypted plaintext, compared in
// constant time; on mismatch the decrypted bytes are wiped).
//
// A message_cipher keeps a copy of its auth key and an aes256_ige, so that
// encrypting or decrypting a message allocates nothing.
#pragma once

#include <openssl/crypto.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/handshake_keys.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/message_key.hpp"

namespace tlcpp::net {

enum class message_errc : std::uint8_t {
  bad_plaintext_length = 1,  ///< encrypt: the plaintext is empty or not a multiple of 16 bytes
  too_short,                 ///< decrypt: shorter than auth_key_id + msg_key + one block
  bad_length,                ///< decrypt: the encrypted part is not a multiple of 16 bytes
  auth_key_id_mismatch,      ///< decrypt: the packet is for another auth key
  msg_key_mismatch,          ///< decrypt: msg_key is not that of the decrypted plaintext
  buffer_too_small,          ///< the output buffer cannot hold the result
  cipher_failure,            ///< OpenSSL's AES failed (see the message)
};
using message_error = error<message_errc>;

/// Bytes of header before the encrypted data: auth_key_id and msg_key.
inline constexpr std::size_t encrypted_header_size = 24;

/// Encrypts and decrypts MTProto 2.0 packets under one auth key, in both
/// directions. Not thread-safe; movable, not copyable.
class message_cipher {
 public:
  /// For messages under `auth_key` (copied; wiped when this is destroyed).
  explicit message_cipher(auth_key_view auth_key) noexcept : id_(net::auth_key_id(auth_key)) {
    std::memcpy(key_.data(), auth_key.data(), key_.size());
  }
  message_cipher(const message_cipher&) = delete;
  message_cipher& operator=(const message_cipher&) = delete;
  /// @{
  /// Moves the key (copied; both copies are wiped on destruction) and the AES contexts.
  message_cipher(message_cipher&&) noexcept = default;
  message_cipher& operator=(message_cipher&&) noexcept = default;
  /// @}
  ~message_cipher() { OPENSSL_cleanse(key_.data(), key_.size()); }

  /// The auth key's id, as on the wire.
  [[nodiscard]] const std::array<std::byte, 8>& auth_key_id() const noexcept { return id_; }
  /// The auth key.
  [[nodiscard]] auth_key_view auth_key() const noexcept { return key_; }

  /// Encrypts `plaintext_with_padding` (a non-zero multiple of 16 bytes) into
  /// `out`, which must hold encrypted_header_size + its size; returns the
  /// packet (a prefix of `out`). `out` may not overlap the plaintext.
  [[nodiscard]] result<std::span<std::byte>, message_error> encrypt(direction d,
                                                                    std::span<const std::byte> plaintext_with_padding,
                                                                    std::span<std::byte> out) {
    const std::size_t n = plaintext_with_padding.size();
    if (n == 0 || n % 16 != 0)
      return detail::fail(message_errc::bad_plaintext_length,
                          "MTProto 2.0 encrypt: a plaintext of " + std::to_string(n) +
                              " bytes is not a non-zero multiple of 16 (padding is the caller's)");
    if (out.size() < encrypted_header_size + n) return too_small(encrypted_header_size + n, out.size());
    if (n > 0) std::memcpy(out.data() + encrypted_header_size, plaintext_with_padding.data(), n);
    auto packet = out.first(encrypted_header_size + n);
    if (auto s = encrypt_in_place(d, packet); !s) return s.error();
    return packet;
  }

  /// Encrypts in place: `packet[24..]` holds the plaintext with padding (a
  /// non-zero multiple of 16 bytes); fills in auth_key_id and msg_key in
  /// `packet[0..24)` and encrypts the rest.
  [[nodiscard]] status<message_errc> encrypt_in_place(direction d, std::span<std::byte> packet) {
    if (packet.size() < encrypted_header_size + 16 || (packet.size() - encrypted_header_size) % 16 != 0)
      return detail::fail(message_errc::bad_plaintext_length,
                          "MTProto 2.0 encrypt: a packet of " + std::to_string(packet.size()) +
                              " bytes does not hold 24 header bytes and a non-zero multiple of 16");
    auto body = packet.subspan(encrypted_header_size);
    const msg_key mk = message_key(key_, d, body);
    aes_key_iv kiv = message_aes_key_iv(key_, mk, d);
    auto s = aes_.encrypt(kiv.key, kiv.iv, body);
    OPENSSL_cleanse(&kiv, sizeof kiv);
    if (!s) return detail::fail(message_errc::cipher_failure, s.error().message);
    std::memcpy(packet.data(), id_.data(), 8);
    std::memcpy(packet.data() + 8, mk.data(), 16);
    return success{};
  }

  /// Decrypts `packet` (auth_key_id, msg_key, encrypted data) into `out`,
  /// which must hold packet.size() - 24 bytes; returns the plaintext with
  /// padding (a prefix of `out`). `out` may not overlap `packet`. `d` is
  /// the way the packet went: a client reads server_to_client packets, a
  /// server client_to_server ones.
  [[nodiscard]] result<std::span<std::byte>, message_error> decrypt(direction d, std::span<const std::byte> packet,
                                                                    std::span<std::byte> out) {
    if (auto s = check_outer(packet); !s) return s.error();
    const std::size_t n = packet.size() - encrypted_header_size;
    if (out.size() < n) return too_small(n, out.size());
    std::memcpy(out.data(), packet.data() + encrypted_header_size, n);
    return decrypt_body(d, packet.first<24>(), out.first(n));
  }

  /// Decrypts in place; returns the plaintext with padding, packet[24..].
  [[nodiscard]] result<std::span<std::byte>, message_error> decrypt_in_place(direction d, std::span<std::byte> packet) {
    if (auto s = check_outer(packet); !s) return s.error();
    std::array<std::byte, 24> header;
    std::memcpy(header.data(), packet.data(), 24);
    return decrypt_body(d, header, packet.subspan(encrypted_header_size));
  }

 private:
  static message_error too_small(std::size_t need, std::size_t have) {
    return detail::fail(message_errc::buffer_too_small, "MTProto 2.0: the output buffer holds " + std::to_string(have) +
                                                            " bytes, " + std::to_string(need) + " are needed");
  }

  [[nodiscard]] status<message_errc> check_outer(std::span<const std::byte> packet) const {
    if (packet.size() < encrypted_header_size + 16)
      return detail::fail(message_errc::too_short, "MTProto 2.0 decrypt: a packet of " + std::to_string(packet.size()) +
                                                       " bytes is shorter than auth_key_id + msg_key + one block (40)");
    if ((packet.size() - encrypted_header_size) % 16 != 0)
      return detail::fail(message_errc::bad_length, "MTProto 2.0 decrypt: the encrypted part of " +
                                                        std::to_string(packet.size() - encrypted_header_size) +
                                                        " bytes is not a multiple of 16");
    if (std::memcmp(packet.data(), id_.data(), 8) != 0)  // public value: no need for constant time
      return detail::fail(message_errc::auth_key_id_mismatch,
                          "MTProto 2.0 decrypt: auth_key_id is not that of this auth key");
    return success{};
  }

  result<std::span<std::byte>, message_error> decrypt_body(direction d, std::span<const std::byte, 24> header,
                                                           std::span<std::byte> body) {
    msg_key mk;
    std::memcpy(mk.data(), header.data() + 8, 16);
    aes_key_iv kiv = message_aes_key_iv(key_, mk, d);
    auto s = aes_.decrypt(kiv.key, kiv.iv, body);
    OPENSSL_cleanse(&kiv, sizeof kiv);
    if (!s) return detail::fail(message_errc::cipher_failure, s.error().message);
    const msg_key expected = message_key(key_, d, body);
    if (!constant_time_equal(mk, expected)) {
      OPENSSL_cleanse(body.data(), body.size());
      return detail::fail(message_errc::msg_key_mismatch,
                          "MTProto 2.0 decrypt: msg_key does not match the decrypted plaintext");
    }
    return body;
  }

  std::array<std::byte, 256> key_;
  std::array<std::byte, 8> id_;
  aes256_ige aes_;
};

}  // namespace tlcpp::net
