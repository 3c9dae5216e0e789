// The obfuscated2 transport: a 64-byte init, then abridged, intermediate or
// padded intermediate framing under AES-256-CTR, both ways.
//
// The client's init (TDLib: ObfuscatedTransport::init; gotd:
// mtproxy/obfuscated2; mtcute: ObfuscatedPacketCodec.tag):
//
//   1. 64 random bytes, drawn again until byte 0 is not 0xef, the first word
//      (LE) is none of 0x44414548 "HEAD", 0x54534f50 "POST", 0x20544547
//      "GET ", 0x4954504f "OPTI", 0xdddddddd, 0xeeeeeeee, 0x02010316 (a TLS
//      record), and the second word is not 0 (which also keeps it apart from
//      the full transport, whose second word is seqno 0);
//   2. bytes 56..59: the inner transport's tag as a word (efefefef,
//      eeeeeeee, dddddddd); bytes 60..61: the DC id, int16 LE (negative for
//      media DCs; test DCs are +10000: the caller's business), unless it is
//      0, which leaves the random bytes there, as TDLib does;
//   3. the client's encrypt key and iv are bytes 8..39 and 40..55, its decrypt
//      key and iv the same 48 bytes reversed (first 32, then 16); with an
//      MTProxy secret each key is SHA-256(key || the secret's 16 bytes);
//   4. the whole init is encrypted with the encrypt stream, and bytes 56..63
//      of the encrypted init replace those of the init sent; the stream goes
//      on from byte 64 for everything after.
//
// The server derives the same keys from bytes 8..55 of what it received
// (encrypt and decrypt swapped), decrypts the 64 bytes to read the tag (which
// says the inner transport) and the DC id, and goes on from byte 64.
#pragma once

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/net/abridged.hpp"
#include "tlcpp/net/aes_ctr.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/intermediate.hpp"
#include "tlcpp/net/proxy_secret.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

namespace detail {

inline constexpr std::uint32_t obf_tag_abridged = 0xefefefefu;
inline constexpr std::uint32_t obf_tag_intermediate = 0xeeeeeeeeu;
inline constexpr std::uint32_t obf_tag_padded = 0xddddddddu;

inline std::optional<transport_kind> inner_from_tag(std::uint32_t tag) noexcept {
  switch (tag) {
    case obf_tag_abridged:
      return transport_kind::abridged;
    case obf_tag_intermediate:
      return transport_kind::intermediate;
    case obf_tag_padded:
      return transport_kind::padded_intermediate;
    default:
      return std::nullopt;
  }
}

inline std::optional<std::uint32_t> tag_of_inner(transport_kind k) noexcept {
  switch (k) {
    case transport_kind::abridged:
      return obf_tag_abridged;
    case transport_kind::intermediate:
      return obf_tag_intermediate;
    case transport_kind::padded_intermediate:
      return obf_tag_padded;
    default:
      return std::nullopt;
  }
}

}  // namespace detail

/// The keys and ivs of one side of an obfuscated2 connection.
struct obfuscated2_keys {
  std::array<std::byte, 32> encrypt_key{};  ///< for what this side sends
  std::array<std::byte, 16> encrypt_iv{};   ///< its counter block
  std::array<std::byte, 32> decrypt_key{};  ///< for what this side receives
  std::array<std::byte, 16> decrypt_iv{};   ///< its counter block
};

/// The keys `side` uses, from the init's bytes 8..55 (the rest does not
/// matter), hashed with `secret` when there is one.
inline obfuscated2_keys obfuscated2_derive_keys(std::span<const std::byte, 64> init, role side,
                                                const proxy_secret* secret = nullptr) {
  obfuscated2_keys k;
  std::array<std::byte, 48> rev{};
  std::reverse_copy(init.begin() + 8, init.begin() + 56, rev.begin());
  std::array<std::byte, 32> out_key{};
  std::array<std::byte, 16> out_iv{};
  std::array<std::byte, 32> in_key{};
  std::array<std::byte, 16> in_iv{};
  std::copy(init.begin() + 8, init.begin() + 40, out_key.begin());
  std::copy(init.begin() + 40, init.begin() + 56, out_iv.begin());
  std::copy(rev.begin(), rev.begin() + 32, in_key.begin());
  std::copy(rev.begin() + 32, rev.end(), in_iv.begin());
  if (secret != nullptr) {
    out_key = sha256(out_key, secret->key());
    in_key = sha256(in_key, secret->key());
  }
  // The client sends with bytes 8..55 as they are; the server with them reversed.
  if (side == role::client) {
    k.encrypt_key = out_key;
    k.encrypt_iv = out_iv;
    k.decrypt_key = in_key;
    k.decrypt_iv = in_iv;
  } else {
    k.encrypt_key = in_key;
    k.encrypt_iv = in_iv;
    k.decrypt_key = out_key;
    k.decrypt_iv = out_iv;
  }
  OPENSSL_cleanse(rev.data(), rev.size());
  OPENSSL_cleanse(out_key.data(), out_key.size());
  OPENSSL_cleanse(in_key.data(), in_key.size());
  return k;
}

/// Whether random bytes may start a client's init: byte 0 not 0xef, the first
/// word none of the forbidden ones, the second word not 0.
inline bool obfuscated2_init_allowed(std::span<const std::byte> first8) noexcept {
  if (first8.size() < 8) return false;
  if (first8[0] == std::byte{0xef}) return false;
  switch (detail::load_le32(first8.data())) {
    case 0x44414548u:  // "HEAD"
    case 0x54534f50u:  // "POST"
    case 0x20544547u:  // "GET "
    case 0x4954504fu:  // "OPTI"
    case 0xddddddddu:  // padded intermediate
    case 0xeeeeeeeeu:  // intermediate
    case 0x02010316u:  // a TLS record: 16 03 01 02
      return false;
    default:
      break;
  }
  return detail::load_le32(first8.data() + 4) != 0;
}

/// The client side's settings.
struct obfuscated2_options {
  /// The framing inside: abridged, intermediate or padded_intermediate.
  transport_kind inner = transport_kind::intermediate;
  /// Written at bytes 60..61 (int16 LE); 0 leaves them random.
  std::int16_t dc_id = 0;
  /// An MTProxy secret (plain or dd); a dd secret needs padded_intermediate.
  std::optional<proxy_secret> secret;
  /// As transport_options::max_frame.
  std::size_t max_frame = default_max_frame;
};

/// The server side's settings.
struct obfuscated2_server_options {
  /// The MTProxy secret the keys are hashed with, if this server is a proxy.
  std::optional<proxy_secret> secret;
  /// As transport_options::max_frame.
  std::size_t max_frame = default_max_frame;
  /// Padding for frames sent when the client chose padded intermediate
  /// (without one they go out unpadded, which is still valid). Must outlive
  /// the transport.
  random_source* random = nullptr;
};

/// The obfuscated2 transport, either side.
class obfuscated2 {
 public:
  /// Bytes of the client's init.
  static constexpr std::size_t init_size = 64;
  /// Draws of 64 bytes tried before a client gives up (bad_random): with a
  /// working source a redraw is needed about once in 200 connections.
  static constexpr unsigned max_draws = 64;

  /// A client: draws the init from `random`, which also gives the padding
  /// when `opt.inner` is padded_intermediate (it must then outlive this).
  /// A fill that fails is bad_random (detail says how).
  static result<obfuscated2, transport_failure> client(const obfuscated2_options& opt, random_source& random) {
    std::array<std::byte, init_size> init{};
    for (unsigned draw = 0; draw < max_draws; ++draw) {
      if (auto s = random.fill(init); !s) return detail::random_failure(transport_kind::obfuscated2, 0, s.error().code);
      if (obfuscated2_init_allowed(init)) return client_from_init(init, opt, &random);
    }
    return transport_failure{transport_errc::bad_random, transport_kind::obfuscated2, 0, max_draws, 0, {}};
  }

  /// A client from 64 bytes already drawn (they must pass
  /// obfuscated2_init_allowed); `random` gives the padding, if any.
  static result<obfuscated2, transport_failure> client_from_init(std::span<const std::byte, init_size> random_init,
                                                                 const obfuscated2_options& opt,
                                                                 random_source* random) {
    const auto fail = [](std::string_view why) {
      return transport_failure{transport_errc::unsupported, transport_kind::obfuscated2, 0, 0, 0, why};
    };
    const auto tag = detail::tag_of_inner(opt.inner);
    if (!tag) return fail("the inner transport must be abridged, intermediate or padded intermediate");
    if (opt.secret && opt.secret->wants_padding() && opt.inner != transport_kind::padded_intermediate) {
      return fail("a dd MTProxy secret needs padded intermediate inside");
    }
    if (!obfuscated2_init_allowed(random_init.first<8>())) {
      return transport_failure{transport_errc::bad_random, transport_kind::obfuscated2, 0, 1, 0, {}};
    }
    obfuscated2 t(role::client, opt.max_frame, opt.secret, random);
    std::copy(random_init.begin(), random_init.end(), t.init_.begin());
    detail::store_le32(t.init_.data() + 56, *tag);
    if (opt.dc_id != 0) {
      const auto dc = static_cast<std::uint16_t>(opt.dc_id);
      t.init_[60] = static_cast<std::byte>(dc);
      t.init_[61] = static_cast<std::byte>(dc >> 8);
    }
    t.inner_ = opt.inner;
    t.dc_id_ = opt.dc_id;
    t.set_up(std::span<const std::byte, init_size>(t.init_));
    std::array<std::byte, init_size> encrypted{};
    t.enc_->apply(t.init_, encrypted);
    std::copy(encrypted.begin() + 56, encrypted.end(), t.init_.begin() + 56);
    t.make_codec(0, init_size);
    return t;
  }

  /// A server: reads the client's init first, then its frames.
  explicit obfuscated2(const obfuscated2_server_options& opt = {})
      : obfuscated2(role::server, opt.max_frame, opt.secret, opt.random) {}

  /// @{
  /// Takes over the connection's state, keys and streams included.
  obfuscated2(obfuscated2&&) = default;
  obfuscated2& operator=(obfuscated2&&) = default;
  /// @}

  /// Which end this object is.
  [[nodiscard]] role side() const noexcept { return side_; }
  /// transport_kind::obfuscated2.
  [[nodiscard]] static constexpr transport_kind kind() noexcept { return transport_kind::obfuscated2; }
  /// The framing inside (the server knows it once the init is in).
  [[nodiscard]] std::optional<transport_kind> inner() const noexcept { return inner_; }
  /// The DC id of bytes 60..61 (the server knows it once the init is in).
  [[nodiscard]] std::int16_t dc_id() const noexcept { return dc_id_; }
  /// True once the keys are known: always for the client, after the 64-byte
  /// init for the server.
  [[nodiscard]] bool ready() const noexcept { return enc_.has_value(); }
  /// The client's init as sent (for the server: as received, once ready).
  [[nodiscard]] std::span<const std::byte, init_size> init() const noexcept { return init_; }
  /// The one-time prefix the client sends first: the init. Empty for the server.
  [[nodiscard]] std::span<const std::byte> prefix() const noexcept {
    if (side_ == role::client) return init_;
    return {};
  }

  /// Client: appends the init now if it has not been sent.
  void start(std::vector<std::byte>& out) {
    if (side_ == role::client && !prefix_sent_) {
      out.insert(out.end(), init_.begin(), init_.end());
      prefix_sent_ = true;
    }
  }

  /// Appends `payload`, framed by the inner transport and encrypted (after
  /// the init, the first time, on the client side).
  std::optional<transport_failure> encode(std::span<const std::byte> payload, std::vector<std::byte>& out,
                                          send_options opt = {}) {
    return with_codec(out, [&](auto& c) { return c.encode(payload, out, opt); });
  }

  /// Server: appends a quick ack answer (see the inner transport).
  std::optional<transport_failure> encode_quick_ack(std::uint32_t token, std::vector<std::byte>& out) {
    return with_codec(out, [&](auto& c) { return c.encode_quick_ack(token, out); });
  }

  /// Server: appends a transport error (negative code) as a 4-byte frame.
  std::optional<transport_failure> encode_transport_error(std::int32_t code, std::vector<std::byte>& out) {
    return with_codec(out, [&](auto& c) { return c.encode_transport_error(code, out); });
  }

  /// Takes received bytes (any amount) and yields at most one event.
  decode_step decode(std::span<const std::byte> in) {
    std::size_t at = 0;
    if (!ready()) {
      if (bad_init_) {
        decode_step s;
        s.error = bad_init_;
        return s;
      }
      detail::take(in, at, init_.data(), init_have_, init_size, nullptr);
      if (init_have_ < init_size) {
        decode_step s;
        s.consumed = at;
        return s;
      }
      set_up(std::span<const std::byte, init_size>(init_));
      std::array<std::byte, init_size> plain{};
      dec_->apply(init_, plain);
      const std::uint32_t tag = detail::load_le32(plain.data() + 56);
      inner_ = detail::inner_from_tag(tag);
      if (!inner_) {
        enc_.reset();
        dec_.reset();
        bad_init_ = transport_failure{
            transport_errc::bad_init,
            transport_kind::obfuscated2,
            56,
            tag,
            0,
            secret_ ? "expected efefefef, eeeeeeee or dddddddd; or a wrong MTProxy secret"
                    : "expected efefefef, eeeeeeee or dddddddd; a client keyed with an MTProxy secret gives this too"};
        decode_step s;
        s.consumed = at;
        s.error = bad_init_;
        return s;
      }
      dc_id_ = static_cast<std::int16_t>(std::to_integer<std::uint16_t>(plain[60]) |
                                         std::to_integer<std::uint16_t>(plain[61]) << 8);
      OPENSSL_cleanse(plain.data(), plain.size());
      make_codec(init_size, 0);
      if (at == in.size()) {
        decode_step s;
        s.consumed = at;
        return s;
      }
    }
    decode_step s = std::visit(
        [&](auto& c) -> decode_step {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, std::monostate>) {
            return {};
          } else {
            return c.decode(in.subspan(at), &*dec_);
          }
        },
        codec_);
    s.consumed += at;
    return s;
  }

  /// The end of the stream: the failure if it ended inside the init or a frame.
  [[nodiscard]] std::optional<transport_failure> finish() const {
    if (bad_init_) return bad_init_;
    if (!ready()) {
      if (init_have_ == 0) return std::nullopt;
      return transport_failure{
          transport_errc::truncated, transport_kind::obfuscated2, init_have_, init_size - init_have_, 0, {}};
    }
    return std::visit(
        [](const auto& c) -> std::optional<transport_failure> {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, std::monostate>) {
            return std::nullopt;
          } else {
            return c.finish();
          }
        },
        codec_);
  }

  /// True between frames.
  [[nodiscard]] bool idle() const noexcept {
    if (!ready()) return init_have_ == 0;
    return std::visit(
        [](const auto& c) -> bool {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, std::monostate>) {
            return true;
          } else {
            return c.idle();
          }
        },
        codec_);
  }

 private:
  obfuscated2(role side, std::size_t max_frame, std::optional<proxy_secret> secret, random_source* random)
      : side_(side), max_(max_frame), secret_(std::move(secret)), random_(random) {}

  void set_up(std::span<const std::byte, init_size> init) {
    obfuscated2_keys k = obfuscated2_derive_keys(init, side_, secret_ ? &*secret_ : nullptr);
    enc_.emplace(k.encrypt_key, k.encrypt_iv);
    dec_.emplace(k.decrypt_key, k.decrypt_iv);
    OPENSSL_cleanse(&k, sizeof k);
  }

  void make_codec(std::uint64_t in_pos, std::uint64_t out_pos) {
    if (*inner_ == transport_kind::abridged) {
      codec_.emplace<detail::abridged_codec>(side_, max_, transport_kind::obfuscated2, in_pos, out_pos);
    } else {
      codec_.emplace<detail::intermediate_codec>(side_, max_, transport_kind::obfuscated2, in_pos, out_pos,
                                                 *inner_ == transport_kind::padded_intermediate, random_);
    }
  }

  template <class F>
  std::optional<transport_failure> with_codec(std::vector<std::byte>& out, F&& f) {
    if (!ready()) return transport_failure{transport_errc::not_ready, transport_kind::obfuscated2, 0, 0, 0, {}};
    const std::size_t mark = out.size();
    const bool sent = prefix_sent_;
    start(out);
    const std::size_t body = out.size();
    std::optional<transport_failure> failed = std::visit(
        [&](auto& c) -> std::optional<transport_failure> {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, std::monostate>) {
            return transport_failure{transport_errc::not_ready, transport_kind::obfuscated2, 0, 0, 0, {}};
          } else {
            return f(c);
          }
        },
        codec_);
    if (failed) {
      out.resize(mark);
      prefix_sent_ = sent;
      return failed;
    }
    enc_->apply(std::span<std::byte>(out.data() + body, out.size() - body));
    return std::nullopt;
  }

  role side_;
  std::size_t max_;
  std::optional<proxy_secret> secret_;
  random_source* random_;
  std::array<std::byte, init_size> init_{};
  std::size_t init_have_ = 0;
  bool prefix_sent_ = false;
  std::optional<transport_kind> inner_;
  std::int16_t dc_id_ = 0;
  std::optional<aes256_ctr> enc_;
  std::optional<aes256_ctr> dec_;
  std::variant<std::monostate, detail::abridged_codec, detail::intermediate_codec> codec_;
  std::optional<transport_failure> bad_init_;
};

}  // namespace tlcpp::net
