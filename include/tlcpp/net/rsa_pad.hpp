// RSA_PAD: how an MTProto 2.0 client encrypts p_q_inner_data to the
// server's RSA key (core.telegram.org/mtproto/auth_key, step 4.1).
//
//   data_with_padding := data + random_padding_bytes     -- 192 bytes; data <= 144 bytes
//   data_pad_reversed := BYTE_REVERSE(data_with_padding)
//   temp_key          := 32 random bytes
//   data_with_hash    := data_pad_reversed + SHA256(temp_key + data_with_padding)   -- 224 bytes
//   aes_encrypted     := AES256_IGE(data_with_hash, temp_key, IV = 0)
//   temp_key_xor      := temp_key XOR SHA256(aes_encrypted)
//   key_aes_encrypted := temp_key_xor + aes_encrypted   -- 256 bytes
//   if key_aes_encrypted >= n (big-endian): again from a new temp_key
//   encrypted_data    := key_aes_encrypted^e mod n      -- 256 bytes, big-endian
//
// Randomness, in this order, from the random_source passed: first the
// 192 - data.size() padding bytes, then 32 bytes of temp_key for each
// attempt. At most rsa_pad_max_attempts attempts are made (each fails with
// probability below 1/2 for a 2048-bit modulus).
//
// The server side (decryption with every check) is rsa_private_key::rsa_pad_decrypt.
#pragma once

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/bignum.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/rsa_public_key.hpp"

namespace tlcpp::net {

enum class rsa_pad_errc : std::uint8_t {
  data_too_long = 1,             ///< encrypt: more than 144 bytes of data
  key_not_2048_bits,             ///< the RSA modulus is not of 2048 bits
  random_failure,                ///< encrypt: the random_source failed (its message follows)
  retries_exhausted,             ///< encrypt: every temp_key gave key_aes_encrypted >= n
  bad_length,                    ///< decrypt: encrypted_data is not 256 bytes
  ciphertext_not_below_modulus,  ///< decrypt: encrypted_data >= n, not an RSA ciphertext of this key
  hash_mismatch,                 ///< decrypt: SHA256(temp_key + data_with_padding) is not the one inside
  openssl_failure,               ///< OpenSSL failed (see the message)
};
using rsa_pad_error = error<rsa_pad_errc>;

/// Longest data RSA_PAD takes.
inline constexpr std::size_t rsa_pad_max_data = 144;
/// Attempts at a temp_key before giving up.
inline constexpr int rsa_pad_max_attempts = 64;

namespace detail {

inline rsa_pad_error not_2048(std::size_t bits) {
  return fail(rsa_pad_errc::key_not_2048_bits,
              "RSA_PAD: the RSA modulus has " + std::to_string(bits) + " bits, not 2048");
}

// key_aes_encrypted from temp_key and data_with_padding (both directions' core).
inline status<rsa_pad_errc> rsa_pad_wrap(std::span<const std::byte, 32> temp_key,
                                         std::span<const std::byte, 192> data_with_padding,
                                         std::span<std::byte, 256> key_aes_encrypted, aes256_ige& aes) {
  auto aes_encrypted = key_aes_encrypted.subspan<32, 224>();
  std::reverse_copy(data_with_padding.begin(), data_with_padding.end(), aes_encrypted.begin());
  const auto hash = sha256(temp_key, data_with_padding);
  std::memcpy(aes_encrypted.data() + 192, hash.data(), 32);
  const aes256_ige_iv zero_iv{};
  if (auto s = aes.encrypt(temp_key, zero_iv, aes_encrypted); !s)
    return fail(rsa_pad_errc::openssl_failure, s.error().message);
  const auto mask = sha256(aes_encrypted);
  for (std::size_t i = 0; i < 32; ++i) key_aes_encrypted[i] = temp_key[i] ^ mask[i];
  return success{};
}

}  // namespace detail

/// RSA_PAD(data, key): the 256-byte encrypted_data of req_DH_params.
[[nodiscard]] inline result<std::array<std::byte, 256>, rsa_pad_error> rsa_pad_encrypt(std::span<const std::byte> data,
                                                                                       const rsa_public_key& key,
                                                                                       random_source& rng) {
  if (data.size() > rsa_pad_max_data)
    return detail::fail(rsa_pad_errc::data_too_long,
                        "RSA_PAD: " + std::to_string(data.size()) + " bytes of data, more than 144");
  if (key.bits() != 2048) return detail::not_2048(key.bits());
  std::array<std::byte, 192> data_with_padding;
  if (!data.empty()) std::memcpy(data_with_padding.data(), data.data(), data.size());
  if (auto s = rng.fill(std::span(data_with_padding).subspan(data.size())); !s)
    return detail::fail(rsa_pad_errc::random_failure, "RSA_PAD: padding: " + s.error().message);

  aes256_ige aes;
  std::array<std::byte, 32> temp_key;
  std::array<std::byte, 256> key_aes_encrypted;
  auto wipe = [&] {
    OPENSSL_cleanse(data_with_padding.data(), data_with_padding.size());
    OPENSSL_cleanse(temp_key.data(), temp_key.size());
    OPENSSL_cleanse(key_aes_encrypted.data(), key_aes_encrypted.size());
  };
  bool below = false;
  for (int attempt = 0; attempt < rsa_pad_max_attempts && !below; ++attempt) {
    if (auto s = rng.fill(temp_key); !s) {
      wipe();
      return detail::fail(rsa_pad_errc::random_failure, "RSA_PAD: temp_key: " + s.error().message);
    }
    if (auto s = detail::rsa_pad_wrap(temp_key, data_with_padding, key_aes_encrypted, aes); !s) {
      wipe();
      return s.error();
    }
    // Both 256 bytes big-endian: byte order is numeric order.
    below = std::memcmp(key_aes_encrypted.data(), key.n().data(), 256) < 0;
  }
  if (!below) {
    wipe();
    return detail::fail(rsa_pad_errc::retries_exhausted, "RSA_PAD: key_aes_encrypted >= n for every one of " +
                                                             std::to_string(rsa_pad_max_attempts) + " temp_keys");
  }
  bn_context ctx;
  auto m = bignum::from_bytes(key_aes_encrypted);
  auto e = bignum::from_bytes(key.e());
  auto n = bignum::from_bytes(key.n());
  wipe();
  if (!m || !e || !n) return detail::fail(rsa_pad_errc::openssl_failure, "RSA_PAD: OpenSSL failed");
  auto c = bignum::mod_exp_public(*m, *e, *n, ctx);
  if (!c) return detail::fail(rsa_pad_errc::openssl_failure, c.error().message);
  std::array<std::byte, 256> out;
  if (auto s = c->to_bytes(out); !s) return detail::fail(rsa_pad_errc::openssl_failure, s.error().message);
  return out;
}

}  // namespace tlcpp::net
