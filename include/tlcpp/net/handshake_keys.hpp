// Values the auth key handshake (core.telegram.org/mtproto/auth_key) derives
// with SHA-1: the temporary AES key and IV of server_DH_inner_data and
// client_DH_inner_data, the auth key's id and aux hash, and new_nonce_hash1/2/3.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <span>

#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/message_key.hpp"

namespace tlcpp::net {

/// tmp_aes_key and tmp_aes_iv from new_nonce and server_nonce:
///   tmp_aes_key = SHA1(new_nonce + server_nonce) + substr(SHA1(server_nonce + new_nonce), 0, 12)
///   tmp_aes_iv  = substr(SHA1(server_nonce + new_nonce), 12, 8) + SHA1(new_nonce + new_nonce)
///                 + substr(new_nonce, 0, 4)
[[nodiscard]] inline aes_key_iv handshake_aes_key_iv(std::span<const std::byte, 16> server_nonce,
                                                     std::span<const std::byte, 32> new_nonce) noexcept {
  const auto ns = sha1(new_nonce, server_nonce);
  const auto sn = sha1(server_nonce, new_nonce);
  const auto nn = sha1(new_nonce, new_nonce);
  aes_key_iv out;
  std::memcpy(out.key.data(), ns.data(), 20);
  std::memcpy(out.key.data() + 20, sn.data(), 12);
  std::memcpy(out.iv.data(), sn.data() + 12, 8);
  std::memcpy(out.iv.data() + 8, nn.data(), 20);
  std::memcpy(out.iv.data() + 28, new_nonce.data(), 4);
  return out;
}

/// auth_key_id: the 64 lower-order bits (bytes 12..20) of SHA1(auth_key), as
/// they go on the wire.
[[nodiscard]] inline std::array<std::byte, 8> auth_key_id(auth_key_view auth_key) noexcept {
  const auto h = sha1(auth_key);
  std::array<std::byte, 8> id;
  std::memcpy(id.data(), h.data() + 12, 8);
  return id;
}

/// auth_key_aux_hash: the 64 higher-order bits (bytes 0..8) of SHA1(auth_key).
[[nodiscard]] inline std::array<std::byte, 8> auth_key_aux_hash(auth_key_view auth_key) noexcept {
  const auto h = sha1(auth_key);
  std::array<std::byte, 8> aux;
  std::memcpy(aux.data(), h.data(), 8);
  return aux;
}

/// new_nonce_hash1, 2 or 3 (`which`) of dh_gen_ok, dh_gen_retry, dh_gen_fail:
/// the 128 lower-order bits of SHA1(new_nonce + byte(which) + auth_key_aux_hash).
[[nodiscard]] inline std::array<std::byte, 16> new_nonce_hash(std::span<const std::byte, 32> new_nonce, std::byte which,
                                                              auth_key_view auth_key) noexcept {
  const auto aux = auth_key_aux_hash(auth_key);
  const std::array<std::byte, 1> w{which};
  const auto h = sha1(new_nonce, w, aux);
  std::array<std::byte, 16> out;
  std::memcpy(out.data(), h.data() + 4, 16);
  return out;
}

}  // namespace tlcpp::net
