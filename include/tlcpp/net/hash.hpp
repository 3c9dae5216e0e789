// SHA-1 and SHA-256 over OpenSSL 3, one shot over several spans, and the
// constant-time comparison MACs and msg_keys need.
//
//   auto h = tlcpp::net::sha256(msg_key, std::span(auth_key).subspan(0, 36));
//
// The parts are hashed as if concatenated, without concatenating them: no
// buffer is built and nothing is allocated. OpenSSL 3.0's EVP digest
// contexts allocate their provider context on every EVP_DigestInit (measured
// on Debian 12's 3.0), which would be three allocations for each MTProto
// message; so by default these use OpenSSL's SHA1_* and SHA256_* functions,
// which OpenSSL 3 marks deprecated but still ships (and uses the same
// assembly for). Where they are compiled out (OPENSSL_NO_DEPRECATED_3_0), or
// with TLCPP_NET_EVP_DIGEST defined, the EVP interface is used instead; its
// only failure is memory exhaustion, on which it aborts.
#pragma once

#include <openssl/crypto.h>
#include <openssl/opensslconf.h>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdlib>
#include <span>
#include <string_view>

#if defined(OPENSSL_NO_DEPRECATED_3_0) && !defined(TLCPP_NET_EVP_DIGEST)
#define TLCPP_NET_EVP_DIGEST 1
#endif

#if defined(TLCPP_NET_EVP_DIGEST)
#include <openssl/evp.h>
#else
#include <openssl/sha.h>
#endif

namespace tlcpp::net {

using sha1_digest = std::array<std::byte, 20>;
using sha256_digest = std::array<std::byte, 32>;

/// Anything that views as contiguous bytes: std::span<const std::byte>,
/// std::array<std::byte, N>, std::vector<std::byte>.
template <class T>
concept byte_range = std::convertible_to<const T&, std::span<const std::byte>>;

namespace detail {

#if defined(TLCPP_NET_EVP_DIGEST)
template <class... Parts>
void evp_digest(const char* name, std::byte* out, const Parts&... parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const EVP_MD* md = std::string_view(name) == "SHA1" ? EVP_sha1() : EVP_sha256();
  bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, md, nullptr) == 1;
  (
      [&](std::span<const std::byte> s) {
        if (ok && !s.empty()) ok = EVP_DigestUpdate(ctx, s.data(), s.size()) == 1;
      }(parts),
      ...);
  unsigned int n = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(out), &n) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) std::abort();  // only memory exhaustion gets here
}
#else
// The SHA1_*/SHA256_* functions are deprecated in OpenSSL 3 (see the top of
// this file for why they are used); silence that here, and only here.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
template <class... Parts>
void low_level_sha1(std::byte* out, const Parts&... parts) noexcept {
  SHA_CTX c;
  SHA1_Init(&c);
  ([&](std::span<const std::byte> s) { SHA1_Update(&c, s.data(), s.size()); }(parts), ...);
  SHA1_Final(reinterpret_cast<unsigned char*>(out), &c);
  OPENSSL_cleanse(&c, sizeof c);
}
template <class... Parts>
void low_level_sha256(std::byte* out, const Parts&... parts) noexcept {
  SHA256_CTX c;
  SHA256_Init(&c);
  ([&](std::span<const std::byte> s) { SHA256_Update(&c, s.data(), s.size()); }(parts), ...);
  SHA256_Final(reinterpret_cast<unsigned char*>(out), &c);
  OPENSSL_cleanse(&c, sizeof c);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#endif

}  // namespace detail

/// SHA-1 of the concatenation of `parts` (none: SHA-1 of nothing).
template <byte_range... Parts>
[[nodiscard]] sha1_digest sha1(const Parts&... parts) noexcept {
  sha1_digest out;
#if defined(TLCPP_NET_EVP_DIGEST)
  detail::evp_digest("SHA1", out.data(), std::span<const std::byte>(parts)...);
#else
  detail::low_level_sha1(out.data(), std::span<const std::byte>(parts)...);
#endif
  return out;
}

/// SHA-256 of the concatenation of `parts`.
template <byte_range... Parts>
[[nodiscard]] sha256_digest sha256(const Parts&... parts) noexcept {
  sha256_digest out;
#if defined(TLCPP_NET_EVP_DIGEST)
  detail::evp_digest("SHA256", out.data(), std::span<const std::byte>(parts)...);
#else
  detail::low_level_sha256(out.data(), std::span<const std::byte>(parts)...);
#endif
  return out;
}

/// True when `a` and `b` hold the same bytes, in time that depends on their
/// sizes only (CRYPTO_memcmp): for MACs, msg_keys and hashes of secrets.
/// Spans of different sizes are unequal (sizes are not secret).
[[nodiscard]] inline bool constant_time_equal(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tlcpp::net
