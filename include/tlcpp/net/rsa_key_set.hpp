// The servers' RSA keys a client trusts, looked up by the fingerprints a
// resPQ lists; Telegram's production and test DC keys built in.
//
// The built-in keys are Telegram's published ones, taken from TDLib
// (td/telegram/net/PublicRsaKeySharedMain.cpp, the PKCS#1 PEM of each), and
// the same as in grammers, Telethon and GramJS (telegram/crypto/RSA.js,
// as decimal moduli); tests/net/rsa_key_set_test.cpp parses that PEM and
// checks the fingerprints:
//   production  -3414540481677951611 (on the wire 85 fd 64 de 85 1d 9d d0)
//   test        -5595554452916591101
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/rsa_public_key.hpp"

namespace tlcpp::net {

/// A key and its fingerprint.
struct fingerprinted_key {
  std::int64_t fingerprint;  ///< key.fingerprint()
  rsa_public_key key;        ///< the key
};

/// Keys by fingerprint. add() replaces a key with the same fingerprint.
class rsa_key_set {
 public:
  /// Adds `key`, or replaces the one with its fingerprint; returns the fingerprint.
  std::int64_t add(rsa_public_key key) {
    const std::int64_t fp = key.fingerprint();
    for (auto& k : keys_) {
      if (k.fingerprint == fp) {
        k.key = std::move(key);
        return fp;
      }
    }
    keys_.push_back({fp, std::move(key)});
    return fp;
  }
  /// Removes the key with this fingerprint; false if there is none.
  bool remove(std::int64_t fingerprint) {
    for (auto it = keys_.begin(); it != keys_.end(); ++it) {
      if (it->fingerprint == fingerprint) {
        keys_.erase(it);
        return true;
      }
    }
    return false;
  }
  /// The key with this fingerprint, or null.
  [[nodiscard]] const rsa_public_key* find(std::int64_t fingerprint) const noexcept {
    for (const auto& k : keys_)
      if (k.fingerprint == fingerprint) return &k.key;
    return nullptr;
  }
  /// The first of the server's fingerprints (in its order) that this set
  /// has a key for, or null: what the client picks for req_DH_params.
  [[nodiscard]] const fingerprinted_key* find_first(std::span<const std::int64_t> server_fingerprints) const noexcept {
    for (std::int64_t fp : server_fingerprints)
      for (const auto& k : keys_)
        if (k.fingerprint == fp) return &k;
    return nullptr;
  }
  /// Number of keys.
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// True when there are none.
  [[nodiscard]] bool empty() const noexcept { return keys_.empty(); }
  /// The keys, in the order they were first added.
  [[nodiscard]] const std::vector<fingerprinted_key>& keys() const noexcept { return keys_; }

 private:
  std::vector<fingerprinted_key> keys_;
};

/// Telegram's production DC key, PKCS#1 PEM (TDLib PublicRsaKeySharedMain.cpp).
inline constexpr std::string_view telegram_production_key_pem =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g\n"
    "5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO\n"
    "62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/\n"
    "+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9\n"
    "t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs\n"
    "5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB\n"
    "-----END RSA PUBLIC KEY-----\n";

/// Telegram's test DC key, PKCS#1 PEM (TDLib PublicRsaKeySharedMain.cpp).
inline constexpr std::string_view telegram_test_key_pem =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR\n"
    "yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv\n"
    "plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/\n"
    "j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1\n"
    "aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO\n"
    "j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB\n"
    "-----END RSA PUBLIC KEY-----\n";

inline constexpr std::int64_t telegram_production_key_fingerprint = -3414540481677951611;
inline constexpr std::int64_t telegram_test_key_fingerprint = -5595554452916591101;

namespace detail {

// The moduli of the two PEMs above (e = 65537), so that building the key
// sets needs no PEM decoding and cannot fail.
inline constexpr std::string_view telegram_production_n_hex =
    "e8bb3305c0b52c6cf2afdf7637313489e63e05268e5badb601af417786472e5f93b85438968e20e6729a301c0afc121bf7151f834436f7"
    "fda680847a66bf64accec78ee21c0b316f0edafe2f41908da7bd1f4a5107638eeb67040ace472a14f90d9f7c2b7def99688ba3073adb57"
    "50bb02964902a359fe745d8170e36876d4fd8a5d41b2a76cbff9a13267eb9580b2d06d10357448d20d9da2191cb5d8c93982961cdfdeda"
    "629e37f1fb09a0722027696032fe61ed663db7a37f6f263d370f69db53a0dc0a1748bdaaff6209d5645485e6e001d1953255757e4b8e42"
    "813347b11da6ab500fd0ace7e6dfa3736199ccaf9397ed0745a427dcfa6cd67bcb1acff3";
inline constexpr std::string_view telegram_test_n_hex =
    "c8c11d635691fac091dd9489aedced2932aa8a0bcefef05fa800892d9b52ed03200865c9e97211cb2ee6c7ae96d3fb0e15aeffd66019b4"
    "4a08a240cfdd2868a85e1f54d6fa5deaa041f6941ddf302690d61dc476385c2fa655142353cb4e4b59f6e5b6584db76fe8b1370263246c"
    "010c93d011014113ebdf987d093f9d37c2be48352d69a1683f8f6e6c2167983c761e3ab169fde5daaa12123fa1beab621e4da5935e9c19"
    "8f82f35eae583a99386d8110ea6bd1abb0f568759f62694419ea5f69847c43462abef858b4cb5edc84e7b9226cd7bd7e183aa974a712c0"
    "79dde85b9dc063b8a5c08e8f859c0ee5dcd824c7807f20153361a7f63cfd2a433a1be7f5";

inline rsa_key_set builtin_key_set(std::string_view n_hex) {
  const auto n = tlcpp::from_hex(n_hex);
  const std::byte e[] = {std::byte{1}, std::byte{0}, std::byte{1}};
  rsa_key_set set;
  set.add(std::move(rsa_public_key::from_n_e(*n, e).value()));  // fixed, valid constants
  return set;
}

}  // namespace detail

/// A key set holding Telegram's production DC key.
[[nodiscard]] inline rsa_key_set telegram_production_keys() {
  return detail::builtin_key_set(detail::telegram_production_n_hex);
}
/// A key set holding Telegram's test DC key.
[[nodiscard]] inline rsa_key_set telegram_test_keys() { return detail::builtin_key_set(detail::telegram_test_n_hex); }

}  // namespace tlcpp::net
