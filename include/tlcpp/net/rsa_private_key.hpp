// The server side of the handshake's RSA, for an in-repo test server: an
// RSA private key (loaded from PEM or freshly generated) and RSA_PAD
// decryption with every check.
#pragma once

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/rsa_pad.hpp"
#include "tlcpp/net/rsa_public_key.hpp"

namespace tlcpp::net {

/// An RSA private key for a test server: decrypts what clients RSA_PAD to
/// its public key. Movable, not copyable.
class rsa_private_key {
 public:
  /// A private key from PEM: "PRIVATE KEY" (PKCS#8) or "RSA PRIVATE KEY"
  /// (PKCS#1), unencrypted.
  [[nodiscard]] static result<rsa_private_key, rsa_key_error> from_pem(std::string_view pem) {
    const std::string_view label = detail::pem_label(pem);
    if (label.empty()) return detail::fail(rsa_key_errc::not_pem, "RSA private key: no PEM block in the text");
    if (label != "PRIVATE KEY" && label != "RSA PRIVATE KEY")
      return detail::fail(rsa_key_errc::unsupported_pem_label, "RSA private key: a PEM block labelled \"" +
                                                                   std::string(label.substr(0, 40)) +
                                                                   "\", not \"PRIVATE KEY\" or \"RSA PRIVATE KEY\"");
    if (pem.size() > max_pem_size)
      return detail::fail(rsa_key_errc::bad_encoding, "RSA private key: PEM text of " + std::to_string(pem.size()) +
                                                          " bytes, more than a key takes (64 KiB)");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (bio == nullptr) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA private key: no BIO");
    // An empty passphrase callback: encrypted keys fail instead of prompting.
    auto no_pass = [](char*, int, int, void*) { return 0; };
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio, nullptr, no_pass, nullptr);
    BIO_free(bio);
    detail::evp_pkey_ptr pkey(raw);
    if (pkey == nullptr)
      return detail::openssl_fail(rsa_key_errc::bad_encoding, "RSA private key: the PEM block does not decode");
    if (EVP_PKEY_is_a(pkey.get(), "RSA") != 1)
      return detail::fail(rsa_key_errc::not_rsa, "RSA private key: not an RSA key");
    return from_evp(std::move(pkey));
  }

  /// A fresh key of `bits` bits (e = 65537). Key generation draws from
  /// OpenSSL's own generator, not from a random_source: this is for test
  /// servers, not for anything that must be reproducible.
  [[nodiscard]] static result<rsa_private_key, rsa_key_error> generate(unsigned bits = 2048) {
    detail::evp_pkey_ptr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits)));
    if (pkey == nullptr) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA private key: keygen failed");
    return from_evp(std::move(pkey));
  }

  /// Its public key (what clients get, e.g. as to_pem()'s PKCS#1 text).
  [[nodiscard]] const rsa_public_key& public_key() const noexcept { return public_; }

  /// The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  [[nodiscard]] result<std::string, rsa_key_error> to_pem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    const bool ok =
        bio != nullptr && PEM_write_bio_PrivateKey(bio, pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::string out;
    if (ok) {
      char* data = nullptr;
      const long len = BIO_get_mem_data(bio, &data);
      out.assign(data, static_cast<std::size_t>(len));
    }
    BIO_free(bio);
    if (!ok) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA private key: could not write PEM");
    return out;
  }

  /// Undoes RSA_PAD (rsa_pad.hpp): from the 256-byte encrypted_data of
  /// req_DH_params, the 192-byte data_with_padding (the TL data and the
  /// client's random padding; the caller parses the data from its start).
  /// Checks, each its own error: 256 bytes; encrypted_data < n (so that it
  /// is the RSA image of some key_aes_encrypted < n); the SHA-256 inside.
  [[nodiscard]] result<std::array<std::byte, 192>, rsa_pad_error> rsa_pad_decrypt(
      std::span<const std::byte> encrypted_data) const {
    if (public_.bits() != 2048) return detail::not_2048(public_.bits());
    if (encrypted_data.size() != 256)
      return detail::fail(rsa_pad_errc::bad_length, "RSA_PAD decrypt: encrypted_data of " +
                                                        std::to_string(encrypted_data.size()) + " bytes, not 256");
    if (std::memcmp(encrypted_data.data(), public_.n().data(), 256) >= 0)
      return detail::fail(rsa_pad_errc::ciphertext_not_below_modulus,
                          "RSA_PAD decrypt: encrypted_data is not less than the modulus");
    std::array<std::byte, 256> key_aes_encrypted;
    std::size_t out_len = key_aes_encrypted.size();
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr);
    const bool ok = ctx != nullptr && EVP_PKEY_decrypt_init(ctx) == 1 &&
                    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
                    EVP_PKEY_decrypt(ctx, reinterpret_cast<unsigned char*>(key_aes_encrypted.data()), &out_len,
                                     reinterpret_cast<const unsigned char*>(encrypted_data.data()), 256) == 1 &&
                    out_len == 256;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) return detail::openssl_fail(rsa_pad_errc::openssl_failure, "RSA_PAD decrypt: RSA decryption failed");

    const auto temp_key_xor = std::span(key_aes_encrypted).first<32>();
    const auto aes_encrypted = std::span(key_aes_encrypted).subspan<32, 224>();
    std::array<std::byte, 32> temp_key;
    const auto mask = sha256(aes_encrypted);
    for (std::size_t i = 0; i < 32; ++i) temp_key[i] = temp_key_xor[i] ^ mask[i];
    std::array<std::byte, 224> data_with_hash;
    std::memcpy(data_with_hash.data(), aes_encrypted.data(), 224);
    aes256_ige aes;
    const aes256_ige_iv zero_iv{};
    if (auto s = aes.decrypt(temp_key, zero_iv, data_with_hash); !s)
      return detail::fail(rsa_pad_errc::openssl_failure, s.error().message);
    std::array<std::byte, 192> data_with_padding;
    std::reverse_copy(data_with_hash.begin(), data_with_hash.begin() + 192, data_with_padding.begin());
    const auto hash = sha256(temp_key, data_with_padding);
    const bool match = constant_time_equal(hash, std::span(data_with_hash).subspan(192, 32));
    OPENSSL_cleanse(key_aes_encrypted.data(), key_aes_encrypted.size());
    OPENSSL_cleanse(temp_key.data(), temp_key.size());
    OPENSSL_cleanse(data_with_hash.data(), data_with_hash.size());
    if (!match) {
      OPENSSL_cleanse(data_with_padding.data(), data_with_padding.size());
      return detail::fail(rsa_pad_errc::hash_mismatch,
                          "RSA_PAD decrypt: SHA256(temp_key + data_with_padding) does not match the hash inside");
    }
    return data_with_padding;
  }

 private:
  rsa_private_key(detail::evp_pkey_ptr pkey, rsa_public_key pub) : pkey_(std::move(pkey)), public_(std::move(pub)) {}

  static result<rsa_private_key, rsa_key_error> from_evp(detail::evp_pkey_ptr pkey) {
    auto pub = rsa_public_key::from_evp(pkey.get());
    if (!pub) return pub.error();
    return rsa_private_key(std::move(pkey), std::move(*pub));
  }

  detail::evp_pkey_ptr pkey_;
  rsa_public_key public_;
};

}  // namespace tlcpp::net
