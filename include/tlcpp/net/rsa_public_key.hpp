// RSA public keys as MTProto uses them: the servers' keys for the handshake.
//
//   auto key = tlcpp::net::rsa_public_key::from_pem(pem);   // PKCS#1 or SPKI
//   std::int64_t fp = key->fingerprint();                    // as resPQ lists it
//
// The fingerprint is what resPQ's server_public_key_fingerprints carry: the
// lower 64 bits of SHA1(TL bytes n + TL bytes e), n and e big-endian without
// leading zeros, read as a little-endian int64 (as it is on the wire).
#pragma once

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tlcpp/core/wire.hpp"
#include "tlcpp/core/writer.hpp"
#include "tlcpp/net/bignum.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/hash.hpp"

namespace tlcpp::net {

enum class rsa_key_errc : std::uint8_t {
  not_pem = 1,            ///< no "-----BEGIN ...-----" line
  unsupported_pem_label,  ///< a PEM block that is not "RSA PUBLIC KEY" (PKCS#1) or "PUBLIC KEY" (SPKI)
  bad_encoding,           ///< the PEM block does not decode to such a key (bad base64, DER, or END line)
  not_rsa,                ///< an SPKI key of another algorithm
  bad_key,                ///< n or e unusable: n even or below 512 bits, e even or 1, or e wider than n
  openssl_failure,        ///< OpenSSL failed (out of memory)
};
using rsa_key_error = error<rsa_key_errc>;

/// Longest PEM text the parsers look at (an RSA key of any sane size fits).
inline constexpr std::size_t max_pem_size = 64 * 1024;

namespace detail {

struct evp_pkey_deleter {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using evp_pkey_ptr = std::unique_ptr<EVP_PKEY, evp_pkey_deleter>;

struct openssl_deleter {
  void operator()(unsigned char* p) const noexcept { OPENSSL_free(p); }
};

// The tag of the first element inside a DER SEQUENCE, or -1 if `der` does
// not start with a well-formed SEQUENCE header.
inline int der_first_inner_tag(std::span<const unsigned char> der) {
  if (der.size() < 2 || der[0] != 0x30) return -1;
  std::size_t pos = 2;
  if (der[1] & 0x80) {
    const std::size_t n = der[1] & 0x7f;
    if (n == 0 || n > 4) return -1;
    pos += n;
  }
  return pos < der.size() ? der[pos] : -1;
}

struct bn_deleter {
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};

inline std::vector<std::byte> strip_leading_zeros(std::span<const std::byte> b) {
  std::size_t lead = 0;
  while (lead < b.size() && b[lead] == std::byte{0}) ++lead;
  return {b.begin() + static_cast<std::ptrdiff_t>(lead), b.end()};
}

// The label of the first PEM block in `text` ("" if there is none).
inline std::string_view pem_label(std::string_view text) {
  const auto begin = text.find("-----BEGIN ");
  if (begin == std::string_view::npos) return {};
  const auto start = begin + 11;
  const auto end = text.find("-----", start);
  if (end == std::string_view::npos) return {};
  return text.substr(start, end - start);
}

}  // namespace detail

/// An RSA public key: modulus n and exponent e, big-endian.
class rsa_public_key {
 public:
  /// A key from its modulus and public exponent, big-endian (leading zeros
  /// are dropped). bad_key unless n is odd and at least 512 bits and e is
  /// odd, greater than 1 and less than n.
  [[nodiscard]] static result<rsa_public_key, rsa_key_error> from_n_e(std::span<const std::byte> n,
                                                                      std::span<const std::byte> e) {
    rsa_public_key k;
    k.n_ = detail::strip_leading_zeros(n);
    k.e_ = detail::strip_leading_zeros(e);
    if (k.n_.empty() || (std::to_integer<unsigned>(k.n_.back()) & 1) == 0 || k.n_.size() < 64)
      return detail::fail(rsa_key_errc::bad_key, "RSA key: the modulus is not an odd number of at least 512 bits");
    if (k.e_.empty() || (std::to_integer<unsigned>(k.e_.back()) & 1) == 0 ||
        (k.e_.size() == 1 && k.e_[0] == std::byte{1}) || k.e_.size() > k.n_.size())
      return detail::fail(rsa_key_errc::bad_key, "RSA key: the public exponent is not an odd number in 3..n-1");
    return k;
  }

  /// A key from PEM text: "-----BEGIN RSA PUBLIC KEY-----" (PKCS#1
  /// RSAPublicKey, the form Telegram publishes) or "-----BEGIN PUBLIC
  /// KEY-----" (X.509 SubjectPublicKeyInfo). The first PEM block is read.
  [[nodiscard]] static result<rsa_public_key, rsa_key_error> from_pem(std::string_view pem) {
    const std::string_view label = detail::pem_label(pem);
    const char* structure = nullptr;
    if (label == "RSA PUBLIC KEY") {
      structure = "type-specific";
    } else if (label == "PUBLIC KEY") {
      structure = "SubjectPublicKeyInfo";
    } else if (label.empty()) {
      return detail::fail(rsa_key_errc::not_pem, "RSA key: no PEM block (-----BEGIN ...-----) in the text");
    } else {
      return detail::fail(rsa_key_errc::unsupported_pem_label, "RSA key: a PEM block labelled \"" +
                                                                   std::string(label.substr(0, 40)) +
                                                                   "\", not \"RSA PUBLIC KEY\" or \"PUBLIC KEY\"");
    }
    // PEM to DER: checks the base64, the END line, the label.
    if (pem.size() > max_pem_size)
      return detail::fail(rsa_key_errc::bad_encoding, "RSA key: PEM text of " + std::to_string(pem.size()) +
                                                          " bytes, more than a key takes (64 KiB)");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (bio == nullptr) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA key: no BIO");
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* der = nullptr;
    long der_len = 0;
    const int read = PEM_read_bio(bio, &name, &header, &der, &der_len);
    BIO_free(bio);
    const bool same_label = read == 1 && std::string_view(name) == label;
    const bool plain = read == 1 && header[0] == '\0';  // no Proc-Type/DEK-Info headers
    OPENSSL_free(name);
    OPENSSL_free(header);
    std::unique_ptr<unsigned char, detail::openssl_deleter> der_owner(der);
    if (read != 1 || !same_label || !plain)
      return detail::openssl_fail(rsa_key_errc::bad_encoding,
                                  "RSA key: the \"" + std::string(label) + "\" PEM block does not decode");
    // The DER must be of the form the label names: PKCS#1 RSAPublicKey is
    // SEQUENCE { INTEGER n, INTEGER e }, SPKI is SEQUENCE { SEQUENCE
    // { algorithm }, BIT STRING }; OpenSSL's decoder would take either.
    const int inner_tag = detail::der_first_inner_tag(std::span(der, static_cast<std::size_t>(der_len)));
    if (inner_tag != (label == "RSA PUBLIC KEY" ? 0x02 : 0x30))
      return detail::fail(rsa_key_errc::bad_encoding,
                          "RSA key: the \"" + std::string(label) + "\" PEM block does not hold a key of that form");
    EVP_PKEY* raw = nullptr;
    OSSL_DECODER_CTX* dctx =
        OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", structure, nullptr, EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
    if (dctx == nullptr) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA key: no DER decoder");
    const unsigned char* data = der;
    std::size_t len = static_cast<std::size_t>(der_len);
    const int ok = OSSL_DECODER_from_data(dctx, &data, &len);
    OSSL_DECODER_CTX_free(dctx);
    detail::evp_pkey_ptr pkey(raw);
    if (ok != 1 || pkey == nullptr || len != 0)
      return detail::openssl_fail(rsa_key_errc::bad_encoding,
                                  "RSA key: the \"" + std::string(label) + "\" PEM block does not decode");
    if (EVP_PKEY_is_a(pkey.get(), "RSA") != 1)
      return detail::fail(rsa_key_errc::not_rsa, "RSA key: the public key is not an RSA key");
    return from_evp(pkey.get());
  }

  /// The public half of an OpenSSL RSA key.
  [[nodiscard]] static result<rsa_public_key, rsa_key_error> from_evp(const EVP_PKEY* pkey) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
      BN_free(n);
      BN_free(e);
      return detail::openssl_fail(rsa_key_errc::not_rsa, "RSA key: no modulus or exponent in the key");
    }
    std::unique_ptr<BIGNUM, detail::bn_deleter> nn(n), ee(e);
    std::vector<std::byte> nb(static_cast<std::size_t>(BN_num_bytes(n))), eb(static_cast<std::size_t>(BN_num_bytes(e)));
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(nb.data()));
    BN_bn2bin(e, reinterpret_cast<unsigned char*>(eb.data()));
    return from_n_e(nb, eb);
  }

  /// The modulus, big-endian, no leading zeros.
  [[nodiscard]] std::span<const std::byte> n() const noexcept { return n_; }
  /// The public exponent, big-endian, no leading zeros.
  [[nodiscard]] std::span<const std::byte> e() const noexcept { return e_; }
  /// Bits of the modulus.
  [[nodiscard]] std::size_t bits() const noexcept {
    std::size_t b = n_.size() * 8;
    for (unsigned top = std::to_integer<unsigned>(n_[0]); (top & 0x80) == 0; top <<= 1) --b;
    return b;
  }

  /// The MTProto fingerprint: lower 64 bits of SHA1 of TL-serialized
  /// `bytes n` then `bytes e`.
  [[nodiscard]] std::int64_t fingerprint() const {
    std::vector<std::byte> tl(tlcpp::wire::string_size(n_.size()) + tlcpp::wire::string_size(e_.size()));
    auto view = [](const std::vector<std::byte>& v) {
      return std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
    };
    std::byte* p = tlcpp::detail::put_string(tl.data(), view(n_));
    tlcpp::detail::put_string(p, view(e_));
    const auto h = sha1(tl);
    std::int64_t fp;
    std::memcpy(&fp, h.data() + 12, 8);  // little-endian host (as the TL core assumes)
    return fp;
  }

  /// As an OpenSSL key (for encoders and tests).
  [[nodiscard]] result<detail::evp_pkey_ptr, rsa_key_error> to_evp() const {
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    BIGNUM* n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n_.data()), static_cast<int>(n_.size()), nullptr);
    BIGNUM* e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e_.data()), static_cast<int>(e_.size()), nullptr);
    OSSL_PARAM* params = nullptr;
    EVP_PKEY_CTX* ctx = nullptr;
    EVP_PKEY* pkey = nullptr;
    const bool ok = bld != nullptr && n != nullptr && e != nullptr &&
                    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
                    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1 &&
                    (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr &&
                    (ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr &&
                    EVP_PKEY_fromdata_init(ctx) == 1 && EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    if (!ok) {
      EVP_PKEY_free(pkey);
      return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA key: could not make an OpenSSL key");
    }
    return detail::evp_pkey_ptr(pkey);
  }

  /// PKCS#1 PEM ("-----BEGIN RSA PUBLIC KEY-----"), the form Telegram
  /// publishes its keys in.
  [[nodiscard]] result<std::string, rsa_key_error> to_pem() const {
    auto pkey = to_evp();
    if (!pkey) return pkey.error();
    OSSL_ENCODER_CTX* ectx =
        OSSL_ENCODER_CTX_new_for_pkey(pkey->get(), EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific", nullptr);
    unsigned char* data = nullptr;
    std::size_t len = 0;
    const bool ok = ectx != nullptr && OSSL_ENCODER_to_data(ectx, &data, &len) == 1;
    OSSL_ENCODER_CTX_free(ectx);
    if (!ok) return detail::openssl_fail(rsa_key_errc::openssl_failure, "RSA key: could not write PEM");
    std::string out(reinterpret_cast<const char*>(data), len);
    OPENSSL_free(data);
    return out;
  }

  /// Same n and same e.
  friend bool operator==(const rsa_public_key& a, const rsa_public_key& b) { return a.n_ == b.n_ && a.e_ == b.e_; }

 private:
  rsa_public_key() = default;
  std::vector<std::byte> n_, e_;
};

}  // namespace tlcpp::net
