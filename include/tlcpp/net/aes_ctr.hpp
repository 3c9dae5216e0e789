// AES-256-CTR over OpenSSL 3 (EVP_aes_256_ctr), for obfuscated2.
//
// A stateful stream: the keystream continues across calls, so a stream can be
// processed in pieces of any size (one byte at a time gives the same bytes as
// one call). No allocation per call: the OpenSSL context is made once.
// OpenSSL failing (out of memory) throws std::runtime_error, with OpenSSL's
// reason as error.hpp words it.
#pragma once

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <climits>
#include <cstddef>
#include <new>
#include <span>
#include <stdexcept>
#include <utility>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

/// AES-256 in counter mode: encryption and decryption are the same operation.
class aes256_ctr {
 public:
  /// A keystream from `key` and the initial counter block `iv` (big-endian
  /// counter, as OpenSSL and every MTProto implementation use).
  aes256_ctr(std::span<const std::byte, 32> key, std::span<const std::byte, 16> iv) : ctx_(EVP_CIPHER_CTX_new()) {
    if (ctx_ == nullptr) TLCPP_THROW(std::bad_alloc());
    if (EVP_EncryptInit_ex(ctx_, EVP_aes_256_ctr(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                           reinterpret_cast<const unsigned char*>(iv.data())) != 1) {
      EVP_CIPHER_CTX_free(ctx_);
      ctx_ = nullptr;
      TLCPP_THROW(std::runtime_error(detail::with_openssl_reason("tlcpp: EVP_EncryptInit_ex(aes-256-ctr) failed")));
    }
  }
  aes256_ctr(const aes256_ctr&) = delete;
  aes256_ctr& operator=(const aes256_ctr&) = delete;
  /// @{
  /// Takes over `other`'s stream (`other` is left without one).
  aes256_ctr(aes256_ctr&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {}
  aes256_ctr& operator=(aes256_ctr&& other) noexcept {
    if (this != &other) {
      EVP_CIPHER_CTX_free(ctx_);
      ctx_ = std::exchange(other.ctx_, nullptr);
    }
    return *this;
  }
  /// @}
  ~aes256_ctr() { EVP_CIPHER_CTX_free(ctx_); }

  /// XORs `data` in place with the next data.size() keystream bytes.
  void apply(std::span<std::byte> data) { apply(data, data); }

  /// Writes `in` XOR keystream to `out` (same size; they may be the same bytes).
  void apply(std::span<const std::byte> in, std::span<std::byte> out) {
    if (out.size() < in.size()) TLCPP_THROW(std::invalid_argument("tlcpp: aes256_ctr output smaller than input"));
    auto* src = reinterpret_cast<const unsigned char*>(in.data());
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    std::size_t left = in.size();
    while (left > 0) {
      const int n = left > static_cast<std::size_t>(INT_MAX / 2) ? INT_MAX / 2 : static_cast<int>(left);
      int written = 0;
      if (ctx_ == nullptr || EVP_EncryptUpdate(ctx_, dst, &written, src, n) != 1 || written != n) {
        TLCPP_THROW(std::runtime_error(detail::with_openssl_reason("tlcpp: EVP_EncryptUpdate(aes-256-ctr) failed")));
      }
      src += n;
      dst += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  EVP_CIPHER_CTX* ctx_;
};

}  // namespace tlcpp::net
