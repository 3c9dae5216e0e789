// AES-256 in IGE mode, as MTProto uses it, over OpenSSL 3's EVP AES-256.
//
// IGE chains every block to both the previous plaintext and the previous
// ciphertext: with the 32-byte IV split as y[-1] (first half) and x[-1]
// (second half),
//     encrypt: y[i] = E(x[i] ^ y[i-1]) ^ x[i-1]
//     decrypt: x[i] = D(y[i] ^ x[i-1]) ^ y[i-1]
// OpenSSL's own AES_ige_encrypt is deprecated and several times slower than
// EVP's AES-NI code called a block at a time, so it is not used. Encryption
// runs through EVP's AES-256-CBC: with z[i] = y[i] ^ x[i-1], the recurrence
// is z[i] = E((x[i] ^ x[i-2]) ^ z[i-1]), which is CBC over x[i] ^ x[i-2]
// (x[-2] = 0, CBC IV z[-1] = y[-1]), so EVP can take up to 32 blocks a call.
// Decryption has no such form (each block's input needs the previous
// plaintext) and goes a block at a time through AES-256-ECB.
//
// An aes256_ige object keeps its OpenSSL contexts: a session that encrypts
// many messages, each with its own key, allocates them once (on first use)
// and nothing per message after that.
#pragma once

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <utility>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

using aes256_key = std::array<std::byte, 32>;
/// The 32-byte IGE IV: y[-1] then x[-1].
using aes256_ige_iv = std::array<std::byte, 32>;

enum class aes_errc : std::uint8_t {
  bad_length = 1,   ///< the data is not a whole number of 16-byte blocks
  openssl_failure,  ///< OpenSSL could not make or set up a cipher context
};
using aes_error = error<aes_errc>;

/// Reusable AES-256-IGE: encrypt or decrypt in place, any key and IV per call.
/// Not thread-safe (one object per thread or session); movable, not copyable.
class aes256_ige {
 public:
  aes256_ige() noexcept = default;
  aes256_ige(const aes256_ige&) = delete;
  aes256_ige& operator=(const aes256_ige&) = delete;
  /// @{
  /// Takes over `o`'s contexts (`o` makes new ones if used again).
  aes256_ige(aes256_ige&& o) noexcept { swap(o); }
  aes256_ige& operator=(aes256_ige&& o) noexcept {
    aes256_ige tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  /// @}
  ~aes256_ige() {
    EVP_CIPHER_CTX_free(enc_);
    EVP_CIPHER_CTX_free(dec_);
    EVP_CIPHER_free(cbc_);
    EVP_CIPHER_free(ecb_);
  }

  /// Encrypts `data` (a multiple of 16 bytes; may be empty) in place.
  [[nodiscard]] status<aes_errc> encrypt(std::span<const std::byte, 32> key, std::span<const std::byte, 32> iv,
                                         std::span<std::byte> data) {
    if (data.size() % 16 != 0) return bad_length(data.size());
    if (data.empty()) return success{};
    if (auto s = init(enc_, cbc_, "AES-256-CBC", true, key, iv.first<16>()); !s) return s;
    block prev1, prev2{};  // x[i-1], x[i-2]
    std::memcpy(prev1.data(), iv.data() + 16, 16);
    constexpr std::size_t chunk_blocks = 32;
    block x[chunk_blocks], m[chunk_blocks];
    for (std::size_t off = 0; off < data.size(); off += chunk_blocks * 16) {
      const std::size_t n = std::min(chunk_blocks, (data.size() - off) / 16);
      std::byte* p = data.data() + off;
      std::memcpy(x, p, n * 16);
      for (std::size_t j = 0; j < n; ++j) m[j] = x[j] ^ (j >= 2 ? x[j - 2] : j == 1 ? prev1 : prev2);
      int out_len = 0;
      auto* mu = reinterpret_cast<unsigned char*>(m);
      if (EVP_EncryptUpdate(enc_, mu, &out_len, mu, static_cast<int>(n * 16)) != 1 ||
          out_len != static_cast<int>(n * 16))
        return detail::openssl_fail(aes_errc::openssl_failure, "AES-256-IGE: EVP_EncryptUpdate failed");
      for (std::size_t j = 0; j < n; ++j) {
        const block y = m[j] ^ (j >= 1 ? x[j - 1] : prev1);
        std::memcpy(p + 16 * j, y.data(), 16);
      }
      prev2 = n >= 2 ? x[n - 2] : prev1;
      prev1 = x[n - 1];
    }
    OPENSSL_cleanse(x, sizeof x);
    OPENSSL_cleanse(m, sizeof m);
    return success{};
  }

  /// Decrypts `data` (a multiple of 16 bytes; may be empty) in place.
  [[nodiscard]] status<aes_errc> decrypt(std::span<const std::byte, 32> key, std::span<const std::byte, 32> iv,
                                         std::span<std::byte> data) {
    if (data.size() % 16 != 0) return bad_length(data.size());
    if (data.empty()) return success{};
    if (auto s = init(dec_, ecb_, "AES-256-ECB", false, key, {}); !s) return s;
    block y_prev, x_prev;
    std::memcpy(y_prev.data(), iv.data(), 16);
    std::memcpy(x_prev.data(), iv.data() + 16, 16);
    for (std::size_t off = 0; off < data.size(); off += 16) {
      block y;
      std::memcpy(y.data(), data.data() + off, 16);
      block t = y ^ x_prev;
      int out_len = 0;
      auto* tu = reinterpret_cast<unsigned char*>(t.data());
      if (EVP_DecryptUpdate(dec_, tu, &out_len, tu, 16) != 1 || out_len != 16)
        return detail::openssl_fail(aes_errc::openssl_failure, "AES-256-IGE: EVP_DecryptUpdate failed");
      x_prev = t ^ y_prev;
      y_prev = y;
      std::memcpy(data.data() + off, x_prev.data(), 16);
    }
    OPENSSL_cleanse(x_prev.data(), 16);
    return success{};
  }

 private:
  struct block : std::array<std::byte, 16> {
    friend block operator^(const block& a, const block& b) noexcept {
      block r;
      std::uint64_t a0, a1, b0, b1;
      std::memcpy(&a0, a.data(), 8);
      std::memcpy(&a1, a.data() + 8, 8);
      std::memcpy(&b0, b.data(), 8);
      std::memcpy(&b1, b.data() + 8, 8);
      a0 ^= b0;
      a1 ^= b1;
      std::memcpy(r.data(), &a0, 8);
      std::memcpy(r.data() + 8, &a1, 8);
      return r;
    }
  };

  static aes_error bad_length(std::size_t n) {
    return detail::fail(aes_errc::bad_length,
                        "AES-256-IGE: data of " + std::to_string(n) + " bytes is not a whole number of 16-byte blocks");
  }

  // Sets `ctx` up for `key` (and the CBC IV), making it and fetching the
  // cipher on first use; later calls only change the key.
  static status<aes_errc> init(EVP_CIPHER_CTX*& ctx, EVP_CIPHER*& cipher, const char* name, bool enc,
                               std::span<const std::byte, 32> key, std::span<const std::byte> iv) {
    const EVP_CIPHER* with = nullptr;
    if (ctx == nullptr) {
      if (cipher == nullptr) cipher = EVP_CIPHER_fetch(nullptr, name, nullptr);
      if (cipher == nullptr)
        return detail::openssl_fail(aes_errc::openssl_failure, "AES-256-IGE: no AES-256 in OpenSSL");
      ctx = EVP_CIPHER_CTX_new();
      if (ctx == nullptr)
        return detail::openssl_fail(aes_errc::openssl_failure, "AES-256-IGE: EVP_CIPHER_CTX_new failed");
      with = cipher;
    }
    const auto* k = reinterpret_cast<const unsigned char*>(key.data());
    const auto* v = iv.empty() ? nullptr : reinterpret_cast<const unsigned char*>(iv.data());
    if (EVP_CipherInit_ex(ctx, with, nullptr, k, v, enc ? 1 : 0) != 1 || EVP_CIPHER_CTX_set_padding(ctx, 0) != 1)
      return detail::openssl_fail(aes_errc::openssl_failure, "AES-256-IGE: EVP_CipherInit_ex failed");
    return success{};
  }

  void swap(aes256_ige& o) noexcept {
    std::swap(cbc_, o.cbc_);
    std::swap(ecb_, o.ecb_);
    std::swap(enc_, o.enc_);
    std::swap(dec_, o.dec_);
  }

  EVP_CIPHER* cbc_ = nullptr;
  EVP_CIPHER* ecb_ = nullptr;
  EVP_CIPHER_CTX* enc_ = nullptr;
  EVP_CIPHER_CTX* dec_ = nullptr;
};

/// One-off AES-256-IGE encryption in place (makes and frees its contexts).
[[nodiscard]] inline status<aes_errc> aes256_ige_encrypt(std::span<const std::byte, 32> key,
                                                         std::span<const std::byte, 32> iv, std::span<std::byte> data) {
  return aes256_ige{}.encrypt(key, iv, data);
}

/// One-off AES-256-IGE decryption in place.
[[nodiscard]] inline status<aes_errc> aes256_ige_decrypt(std::span<const std::byte, 32> key,
                                                         std::span<const std::byte, 32> iv, std::span<std::byte> data) {
  return aes256_ige{}.decrypt(key, iv, data);
}

}  // namespace tlcpp::net
