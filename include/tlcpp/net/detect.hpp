// Every transport from the first bytes, so that a server can take any of
// them on one port; and any_transport, which holds whichever it is.
//
//   detect_transport(buffered)   what the client's first bytes (up to 64)
//                                are: abridged (0xef), intermediate
//                                (0xeeeeeeee), padded (0xdddddddd), full (no
//                                tag: a plausible length, then seqno 0), or
//                                obfuscated2 (a 64-byte init whose bytes
//                                56..59 decrypt to an inner tag), or that
//                                more bytes are needed, or that it is none.
//   make_server_transport(d)     the server side for it; feed it the SAME
//                                bytes from the first one (it checks the tag
//                                or reads the init itself).
//   make_client_transport(o)     the client side of any kind.
//
// A server loop:
//
//   detection d = detect_transport(buffered, secret);
//   if (d.status == detect_status::need_more) { read more; retry; }
//   if (d.status == detect_status::unknown) { close (d.reason says why); }
//   auto t = make_server_transport(d, options);  // then t->decode(buffered)...
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/net/abridged.hpp"
#include "tlcpp/net/full.hpp"
#include "tlcpp/net/intermediate.hpp"
#include "tlcpp/net/obfuscated2.hpp"
#include "tlcpp/net/proxy_secret.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

/// What detect_transport could say.
enum class detect_status : std::uint8_t {
  need_more,  ///< the bytes so far could still be more than one thing: read `needed` in all
  detected,   ///< `kind` (and for obfuscated2, `inner` and `dc_id`)
  unknown,    ///< no MTProto transport: `reason` says what it looks like
};

/// The answer of detect_transport.
struct detection {
  detect_status status = detect_status::need_more;  ///< what could be said
  transport_kind kind{};                            ///< detected: which transport
  std::optional<transport_kind> inner;              ///< obfuscated2: the framing inside, from the decrypted tag
  std::int16_t dc_id = 0;                           ///< obfuscated2: bytes 60..61 decrypted
  std::size_t needed = 0;                           ///< need_more: how many bytes in all it needs to decide
  std::string_view reason;                          ///< unknown: why
};

/// What the client's first bytes say (it looks at 64 at most). `secret`: the
/// MTProxy secret obfuscated2 keys are hashed with on this port, if any.
inline detection detect_transport(std::span<const std::byte> first, const proxy_secret* secret = nullptr) {
  detection d;
  const auto need = [&](std::size_t n) {
    d.status = detect_status::need_more;
    d.needed = n;
    return d;
  };
  const auto found = [&](transport_kind k) {
    d.status = detect_status::detected;
    d.kind = k;
    return d;
  };
  const auto unknown = [&](std::string_view why) {
    d.status = detect_status::unknown;
    d.reason = why;
    return d;
  };
  if (first.empty()) return need(1);
  if (first[0] == std::byte{0xef}) return found(transport_kind::abridged);
  if (first.size() < 4) return need(4);
  const std::uint32_t w0 = detail::load_le32(first.data());
  switch (w0) {
    case 0xeeeeeeeeu:
      return found(transport_kind::intermediate);
    case 0xddddddddu:
      return found(transport_kind::padded_intermediate);
    case 0x44414548u:  // "HEAD"
    case 0x54534f50u:  // "POST"
    case 0x20544547u:  // "GET "
    case 0x4954504fu:  // "OPTI"
      return unknown("HTTP, which this server does not speak");
    case 0x02010316u:
      return unknown("a TLS record: fake-TLS MTProxy is not supported");
    default:
      break;
  }
  if (first.size() < 8) return need(8);
  if (detail::load_le32(first.data() + 4) == 0) {
    // seqno 0: the full transport's first frame (no obfuscated2 init has it).
    if (w0 >= 16 && w0 % 4 == 0 && w0 <= 0x7fffffffu) return found(transport_kind::full);
    return unknown("second word 0 (a full frame) after an impossible full length");
  }
  if (first.size() < obfuscated2::init_size) return need(obfuscated2::init_size);
  const auto init = first.first<obfuscated2::init_size>();
  const obfuscated2_keys k = obfuscated2_derive_keys(init, role::server, secret);
  aes256_ctr dec(k.decrypt_key, k.decrypt_iv);
  std::array<std::byte, obfuscated2::init_size> plain{};
  dec.apply(init, plain);
  const auto inner = detail::inner_from_tag(detail::load_le32(plain.data() + 56));
  if (!inner) {
    return unknown(secret != nullptr ? "no transport tag, and no obfuscated2 init with this MTProxy secret"
                                     : "no transport tag, and no obfuscated2 init (an MTProxy client?)");
  }
  d.inner = inner;
  d.dc_id = static_cast<std::int16_t>(std::to_integer<std::uint16_t>(plain[60]) |
                                      std::to_integer<std::uint16_t>(plain[61]) << 8);
  return found(transport_kind::obfuscated2);
}

/// Any of the transports, with their common interface.
class any_transport {
 public:
  /// The transports it can hold.
  using variant = std::variant<abridged, intermediate, padded_intermediate, full, obfuscated2>;

  /// Holds `t`, one of the transports.
  template <class T>
  requires std::is_constructible_v<variant, T&&> any_transport(T&& t)
      : v_(std::forward<T>(t)) {}  // NOLINT(google-explicit-constructor)

  /// Which transport it holds.
  [[nodiscard]] transport_kind kind() const {
    return std::visit([](const auto& t) { return t.kind(); }, v_);
  }
  /// Which end of the connection it is.
  [[nodiscard]] role side() const {
    return std::visit([](const auto& t) { return t.side(); }, v_);
  }
  /// The one-time prefix the client sends first (see the transport's).
  [[nodiscard]] std::span<const std::byte> prefix() const {
    return std::visit([](const auto& t) { return t.prefix(); }, v_);
  }
  /// Client: appends the prefix now if it has not been sent.
  void start(std::vector<std::byte>& out) {
    std::visit([&](auto& t) { t.start(out); }, v_);
  }
  /// Appends `payload` framed (see the transport's encode()).
  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt = {}) {
    return std::visit([&](auto& t) { return t.encode(payload, out, opt); }, v_);
  }
  /// Server: appends a quick ack answer carrying `token`.
  std::optional<transport_failure> encode_quick_ack(std::uint32_t token, std::vector<std::byte>& out) {
    return std::visit([&](auto& t) { return t.encode_quick_ack(token, out); }, v_);
  }
  /// Server: appends a transport error (negative `code`).
  std::optional<transport_failure> encode_transport_error(std::int32_t code, std::vector<std::byte>& out) {
    return std::visit([&](auto& t) { return t.encode_transport_error(code, out); }, v_);
  }
  /// Takes received bytes and yields at most one event; see decode_step.
  decode_step decode(std::span<const std::byte> in) {
    return std::visit([&](auto& t) { return t.decode(in); }, v_);
  }
  /// The end of the stream: the failure if it ended inside a frame.
  [[nodiscard]] std::optional<transport_failure> finish() const {
    return std::visit([](const auto& t) { return t.finish(); }, v_);
  }
  /// True between frames.
  [[nodiscard]] bool idle() const {
    return std::visit([](const auto& t) { return t.idle(); }, v_);
  }
  /// @{
  /// The transport itself.
  [[nodiscard]] variant& get() noexcept { return v_; }
  [[nodiscard]] const variant& get() const noexcept { return v_; }
  /// @}

 private:
  variant v_;
};

/// A server's settings for every transport it accepts.
struct server_options {
  /// As transport_options::max_frame, for every transport.
  std::size_t max_frame = default_max_frame;
  /// The MTProxy secret, for obfuscated2 (detect_transport needs it too).
  std::optional<proxy_secret> secret;
  /// Padding for padded intermediate (required for it), plain or inside
  /// obfuscated2. Must outlive the transports.
  random_source* random = nullptr;
};

/// The server side of what `d` detected.
inline result<any_transport, transport_failure> make_server_transport(const detection& d, const server_options& opt) {
  const auto fail = [&](transport_errc c, std::string_view why) { return transport_failure{c, d.kind, 0, 0, 0, why}; };
  if (d.status != detect_status::detected) return fail(transport_errc::unsupported, "nothing was detected");
  const transport_options o{opt.max_frame};
  switch (d.kind) {
    case transport_kind::abridged:
      return any_transport(abridged(role::server, o));
    case transport_kind::intermediate:
      return any_transport(intermediate(role::server, o));
    case transport_kind::padded_intermediate:
      if (opt.random == nullptr) return fail(transport_errc::unsupported, "padded intermediate needs a random source");
      return any_transport(padded_intermediate(role::server, *opt.random, o));
    case transport_kind::full:
      return any_transport(full(role::server, o));
    case transport_kind::obfuscated2:
      return any_transport(obfuscated2(obfuscated2_server_options{opt.secret, opt.max_frame, opt.random}));
  }
  return fail(transport_errc::unsupported, "unknown transport");
}

/// A client's choice of transport.
struct client_options {
  /// Which transport.
  transport_kind kind = transport_kind::obfuscated2;
  /// obfuscated2: the framing inside (as obfuscated2_options::inner).
  transport_kind inner = transport_kind::padded_intermediate;
  /// obfuscated2: the DC id (as obfuscated2_options::dc_id).
  std::int16_t dc_id = 0;
  /// obfuscated2: the MTProxy secret, if any.
  std::optional<proxy_secret> secret;
  /// As transport_options::max_frame.
  std::size_t max_frame = default_max_frame;
};

/// The client side of any transport. `random` draws the obfuscated2 init and
/// the padding; it must outlive the transport.
inline result<any_transport, transport_failure> make_client_transport(const client_options& opt,
                                                                      random_source& random) {
  const transport_options o{opt.max_frame};
  switch (opt.kind) {
    case transport_kind::abridged:
      return any_transport(abridged(role::client, o));
    case transport_kind::intermediate:
      return any_transport(intermediate(role::client, o));
    case transport_kind::padded_intermediate:
      return any_transport(padded_intermediate(role::client, random, o));
    case transport_kind::full:
      return any_transport(full(role::client, o));
    case transport_kind::obfuscated2: {
      auto t = obfuscated2::client(obfuscated2_options{opt.inner, opt.dc_id, opt.secret, opt.max_frame}, random);
      if (!t) return t.error();
      return any_transport(std::move(*t));
    }
  }
  return transport_failure{transport_errc::unsupported, opt.kind, 0, 0, 0, "unknown transport"};
}

}  // namespace tlcpp::net
