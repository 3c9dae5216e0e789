// Errors of the MTProto session tier's building blocks (tlcpp::net).
//
// Every fallible function of the cryptographic building blocks returns
// tlcpp::result<T, error<E>>: a value, or an enum saying which check failed
// together with one line for people that names that check. The transports
// report transport_failure (transport_common.hpp) and secret_failure
// (proxy_secret.hpp) instead: the enum with the stream position and numbers
// it concerns, worded by message() only when asked, so that refusing a
// stream's bytes builds no string. Nothing in tlcpp::net throws or aborts on
// hostile input, and no message carries key material (keys, nonces,
// plaintext): only sizes, names of checks and OpenSSL's own reason strings.
#pragma once

#include <openssl/err.h>

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "tlcpp/core/codec_error.hpp"

namespace tlcpp::net {

/// Which check failed (`code`, one of a component's `*_errc` enums) and a
/// sentence naming it (`message`).
template <class Errc>
struct error {
  Errc code{};          ///< which check failed
  std::string message;  ///< one line naming the check (never key material)
};

/// The value of a function that has nothing to return but can fail.
using success = std::monostate;

/// A result<success, error<Errc>>: nothing, or why not.
template <class Errc>
using status = result<success, error<Errc>>;

namespace detail {

/// `what`, followed by the reason OpenSSL queued for the last failure (if
/// any); clears OpenSSL's error queue for this thread so that a later
/// failure does not report this one's reason.
inline std::string with_openssl_reason(std::string_view what) {
  std::string out(what);
  unsigned long last = 0;
  while (unsigned long e = ERR_get_error()) last = e;
  if (last != 0) {
    char buf[256];
    ERR_error_string_n(last, buf, sizeof buf);
    out += " (";
    out += buf;
    out += ')';
  }
  return out;
}

template <class Errc>
error<Errc> fail(Errc code, std::string message) {
  return error<Errc>{code, std::move(message)};
}

template <class Errc>
error<Errc> openssl_fail(Errc code, std::string_view what) {
  return error<Errc>{code, with_openssl_reason(what)};
}

}  // namespace detail
}  // namespace tlcpp::net
