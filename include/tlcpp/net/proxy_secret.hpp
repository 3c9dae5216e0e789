// MTProxy secrets, as proxy links and settings give them.
//
// Text forms (as TDLib's ProxySecret::from_link reads them): hex digits
// first, and if the text is not hex, base64url (with or without '='
// padding; '+' and '/' are accepted for '-' and '_'). The decoded bytes:
//
//   16 bytes                     a plain secret: obfuscated2, keys hashed with it
//   dd + 16 bytes                "secure": the same, and the proxy wants padded
//                                intermediate inside obfuscated2
//   ee + 16 bytes + domain       fake-TLS: recognised and refused
//                                (secret_errc::fake_tls_unsupported)
//
// Anything else is refused, with what was wrong.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/hex.hpp"

namespace tlcpp::net {

/// Why a proxy secret was refused.
enum class secret_errc : std::uint8_t {
  bad_encoding = 1,      ///< neither hex nor base64url (value: the offending character's index)
  bad_length,            ///< decodes to a number of bytes no secret has (value: the count)
  unknown_prefix,        ///< 17 bytes whose first is not 0xdd (value: that byte)
  fake_tls_unsupported,  ///< an ee (fake-TLS) secret: recognised, not supported
};

/// A refused secret, and why.
struct secret_failure {
  secret_errc code{};     ///< what was wrong
  std::size_t value = 0;  ///< the number it concerns (see secret_errc)

  /// One line for people.
  [[nodiscard]] std::string message() const {
    char buf[200];
    switch (code) {
      case secret_errc::bad_encoding:
        std::snprintf(buf, sizeof buf, "MTProxy secret: neither hex nor base64url (unexpected character at index %zu)",
                      value);
        break;
      case secret_errc::bad_length:
        std::snprintf(buf, sizeof buf,
                      "MTProxy secret: %zu bytes; a secret is 16 bytes, or dd and 16 bytes, or ee, 16 bytes and a "
                      "domain",
                      value);
        break;
      case secret_errc::unknown_prefix:
        std::snprintf(buf, sizeof buf, "MTProxy secret: 17 bytes starting with 0x%02zx; only dd is known there", value);
        break;
      case secret_errc::fake_tls_unsupported:
        std::snprintf(buf, sizeof buf,
                      "MTProxy secret: fake-TLS (ee) secrets are not supported; use a plain or dd secret");
        break;
      default:
        std::snprintf(buf, sizeof buf, "MTProxy secret: invalid");
    }
    return buf;
  }
};

/// A plain or dd MTProxy secret.
class proxy_secret {
 public:
  /// Which kind.
  enum class kind : std::uint8_t {
    plain,   ///< 16 bytes
    secure,  ///< dd + 16 bytes: padded intermediate inside obfuscated2
  };

  /// From its text (hex or base64url).
  static result<proxy_secret, secret_failure> parse(std::string_view text) {
    // Hex strictly (tlcpp::from_hex skips white space, which a secret never has).
    if (!text.empty() && text.find_first_of(" \t\n\r\f\v") == std::string_view::npos) {
      if (auto hex = tlcpp::from_hex(text)) return from_bytes(*hex);
    }
    std::vector<std::byte> bytes;
    std::size_t bad = 0;
    if (!decode_base64url(text, bytes, bad)) return secret_failure{secret_errc::bad_encoding, bad};
    return from_bytes(bytes);
  }

  /// From its decoded bytes.
  static result<proxy_secret, secret_failure> from_bytes(std::span<const std::byte> raw) {
    if (raw.size() >= 17 && raw[0] == std::byte{0xee}) return secret_failure{secret_errc::fake_tls_unsupported, 0};
    if (raw.size() == 16) return proxy_secret(kind::plain, raw);
    if (raw.size() == 17) {
      if (raw[0] == std::byte{0xdd}) return proxy_secret(kind::secure, raw.subspan(1));
      return secret_failure{secret_errc::unknown_prefix, std::to_integer<std::size_t>(raw[0])};
    }
    return secret_failure{secret_errc::bad_length, raw.size()};
  }

  /// plain or secure (dd).
  [[nodiscard]] kind type() const noexcept { return kind_; }
  /// The 16 bytes the obfuscated2 keys are hashed with.
  [[nodiscard]] std::span<const std::byte, 16> key() const noexcept { return key_; }
  /// True for dd secrets: the proxy expects padded intermediate inside.
  [[nodiscard]] bool wants_padding() const noexcept { return kind_ == kind::secure; }
  /// The canonical text: lowercase hex, with its dd for secure secrets.
  [[nodiscard]] std::string to_string() const {
    return (kind_ == kind::secure ? std::string("dd") : std::string()) + tlcpp::to_hex(key_);
  }

  /// Same kind and same 16 bytes.
  friend bool operator==(const proxy_secret&, const proxy_secret&) = default;

 private:
  proxy_secret(kind k, std::span<const std::byte> key16) : kind_(k) {
    for (std::size_t i = 0; i < 16; ++i) key_[i] = key16[i];
  }

  static int b64_digit(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  }

  static bool decode_base64url(std::string_view text, std::vector<std::byte>& out, std::size_t& bad) {
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '=' && text.size() - end < 2) --end;
    if (end < text.size() && text.size() % 4 != 0) {  // '=' padding only up to a whole group
      bad = end;
      return false;
    }
    if (end == 0 || end % 4 == 1) {
      bad = end;
      return false;
    }
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < end; ++i) {
      const int d = b64_digit(text[i]);
      if (d < 0) {
        bad = i;
        return false;
      }
      acc = (acc << 6 | static_cast<std::uint32_t>(d)) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push_back(static_cast<std::byte>(acc >> bits));
      }
    }
    return true;
  }

  kind kind_;
  std::array<std::byte, 16> key_{};
};

}  // namespace tlcpp::net
