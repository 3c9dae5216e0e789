// What both roles of the auth key handshake (core.telegram.org/mtproto/auth_key)
// share: the error enum naming each check, the result (the key and what
// comes with it), a step's output, and the pieces both sides compute alike
// (the SHA-1-prefixed AES-IGE envelope of server_DH_inner_data and
// client_DH_inner_data, the first salt, plain msg_ids).
//
// The client is handshake.hpp, the server handshake_server.hpp.
#pragma once

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tlcpp/core/int128.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/handshake_keys.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/net/random_source.hpp"

namespace tlcpp::net {

/// Which check of the handshake failed. Once one has, the handshake is over:
/// every later call fails with `failed_earlier` and no key is produced.
enum class handshake_errc : std::uint8_t {
  bad_state = 1,          ///< start() or receive() called at the wrong time (twice, before start, after done)
  failed_earlier,         ///< an earlier step failed; the handshake is over
  bad_plain_message,      ///< the framing of the unencrypted message is wrong (plain_message_errc in the message)
  bad_msg_id,             ///< the peer's msg_id has the wrong parity for its direction
  unexpected_message,     ///< the body is not the TL object this step expects (or not TL at all)
  nonce_mismatch,         ///< nonce differs from the one this handshake drew
  server_nonce_mismatch,  ///< server_nonce differs from the one of resPQ
  bad_pq,                 ///< pq is above 2^63 or not a product of primes p < q (server: not our p and q)
  unknown_fingerprint,    ///< none of the server's key fingerprints is of a key we trust
  bad_fingerprint,        ///< server: req_DH_params names a key fingerprint that is not ours
  rsa_pad_failed,         ///< RSA_PAD encryption or decryption failed (rsa_pad_errc in the message)
  bad_inner_data,         ///< server: p_q_inner_data disagrees with resPQ (pq, p, q) or is not TL
  dh_params_fail,         ///< server_DH_params_fail with the right new_nonce_hash: the server refused
  bad_new_nonce_hash,     ///< new_nonce_hash (of server_DH_params_fail or dh_gen_*) is not ours
  bad_answer_length,      ///< encrypted_answer / encrypted_data is not a whole number of AES blocks, or too short
  answer_hash_mismatch,   ///< the SHA-1 inside the decrypted answer does not match it
  bad_answer_padding,     ///< 16 or more bytes of padding after the decrypted answer
  bad_dh_params,          ///< dh_prime or g fails check_dh_params (dh_errc in the message)
  bad_g_a,                ///< g_a out of range (check_dh_value)
  bad_g_b,                ///< g_b out of range: the client's own after every redraw, or the client's at the server
  bad_retry_id,           ///< server: retry_id is neither 0 nor the aux hash of the previous attempt's key
  dh_gen_fail,            ///< dh_gen_fail with the right new_nonce_hash3: the server refused the key
  too_many_retries,       ///< more dh_gen_retry answers than handshake_options::max_retries
  random_failure,         ///< the random_source failed
  openssl_failure,        ///< OpenSSL failed (out of memory)
};
using handshake_error = error<handshake_errc>;

/// What a completed handshake gives.
struct handshake_result {
  /// The 2048-bit auth key, big-endian (g^(ab) mod dh_prime).
  std::array<std::byte, 256> auth_key{};
  /// The first server salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), as a little-endian int64.
  std::int64_t server_salt = 0;
  /// server_time (of server_DH_inner_data) minus the caller's `now`, in seconds (0 on the server's side).
  std::int32_t server_time_offset = 0;
  /// For a temporary key, when it expires: server_time + expires_in, unix seconds by the server's clock;
  /// 0 for a permanent key.
  std::int32_t expires_at = 0;
};

/// One step's output: a message to send, and the result once there is one.
struct handshake_step {
  /// The next unencrypted message to send (with its 20-byte header); empty when there is none.
  std::vector<std::byte> send;
  /// Set when the handshake has ended successfully (on the server together with the dh_gen_ok to send).
  std::optional<handshake_result> done;
};

namespace detail {

inline handshake_error hs_fail(handshake_errc c, std::string message) {
  return fail(c, "handshake: " + std::move(message));
}

// int128 / int256 nonces as their little-endian wire bytes and back. Values
// parsed from the wire always fit; drawn ones are made from bytes.
template <std::size_t N, class Wide>
std::array<std::byte, N> wide_bytes(const Wide& v) {
  std::array<std::byte, N> out{};
  if (tlcpp::detail::wide_int_fits(v)) tlcpp::detail::wide_int_store(v, out.data());
  return out;
}
template <class Wide, std::size_t N>
Wide wide_from(const std::array<std::byte, N>& b) {
  return tlcpp::detail::wide_int_load<Wide>(b.data());
}

// A boxed T from the start of `in`, and how many bytes it took; the rest is
// the caller's (padding after a decrypted answer).
template <class T>
result<std::pair<T, std::size_t>, parse_failure> parse_prefix(std::span<const std::byte> in) {
  reader r(in);
  T value{};
  wire_traits<typename default_wire<T>::type>::read(r, value);
  if (!r.ok()) return r.failure();
  return std::pair<T, std::size_t>(std::move(value), r.offset());
}

// The serialization of x, or why not (never expected: every field the
// handshake writes fits).
template <class T>
result<std::vector<std::byte>, handshake_error> serialize_tl(const T& x) {
  std::vector<std::byte> out;
  if (auto r = try_serialize(x, out); !r)
    return hs_fail(handshake_errc::unexpected_message, "cannot serialize " + r.error().message());
  return out;
}

// data_with_hash := SHA1(data) + data + 0..15 random bytes to a multiple of
// 16, AES-256-IGE encrypted under tmp_aes_key/iv. Draws the padding (its
// length is fixed by data's) from `rng`. `wrong_hash` (a test server's
// fault) flips a bit of the hash.
inline result<std::vector<std::byte>, handshake_error> encrypt_with_hash(std::span<const std::byte> data,
                                                                         const aes_key_iv& key, random_source& rng,
                                                                         bool wrong_hash = false) {
  const std::size_t padding = (16 - (20 + data.size()) % 16) % 16;
  std::vector<std::byte> out(20 + data.size() + padding);
  auto hash = sha1(data);
  if (wrong_hash) hash[0] ^= std::byte{1};
  std::memcpy(out.data(), hash.data(), 20);
  std::memcpy(out.data() + 20, data.data(), data.size());
  if (auto s = rng.fill(std::span(out).subspan(20 + data.size())); !s)
    return hs_fail(handshake_errc::random_failure, "answer padding: " + s.error().message);
  aes256_ige aes;
  if (auto s = aes.encrypt(key.key, key.iv, out); !s)
    return hs_fail(handshake_errc::openssl_failure, s.error().message);
  return out;
}

// The reverse, with every check: whole AES blocks, a T after the hash, fewer
// than 16 bytes of padding, the SHA-1 of exactly T's bytes. `what` names T.
template <class T>
result<T, handshake_error> decrypt_with_hash(std::span<const std::byte> encrypted, const aes_key_iv& key,
                                             const char* what) {
  if (encrypted.size() % 16 != 0 || encrypted.size() < 32)
    return hs_fail(handshake_errc::bad_answer_length, std::string(what) + ": " + std::to_string(encrypted.size()) +
                                                          " encrypted bytes, not a whole number of AES blocks "
                                                          "holding a SHA-1 and an object");
  std::vector<std::byte> plain(encrypted.begin(), encrypted.end());
  aes256_ige aes;
  if (auto s = aes.decrypt(key.key, key.iv, plain); !s)
    return hs_fail(handshake_errc::openssl_failure, s.error().message);
  auto wipe = [&] { OPENSSL_cleanse(plain.data(), plain.size()); };
  const auto body = std::span<const std::byte>(plain).subspan(20);
  auto parsed = parse_prefix<T>(body);
  if (!parsed) {
    wipe();
    return hs_fail(handshake_errc::unexpected_message,
                   std::string(what) + ": the decrypted bytes are not one (" + parsed.error().message() + ")");
  }
  const std::size_t used = parsed->second;
  if (body.size() - used >= 16) {
    wipe();
    return hs_fail(handshake_errc::bad_answer_padding, std::string(what) + ": " + std::to_string(body.size() - used) +
                                                           " bytes of padding after it, more than 15");
  }
  const auto hash = sha1(body.first(used));
  const bool match = constant_time_equal(hash, std::span<const std::byte>(plain).first(20));
  wipe();
  if (!match)
    return hs_fail(handshake_errc::answer_hash_mismatch,
                   std::string(what) + ": the SHA-1 before it is not the SHA-1 of its bytes");
  return std::move(parsed->first);
}

// substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), read little-endian.
inline std::int64_t first_salt(std::span<const std::byte, 32> new_nonce, std::span<const std::byte, 16> server_nonce) {
  std::array<std::byte, 8> x;
  for (std::size_t i = 0; i < 8; ++i) x[i] = new_nonce[i] ^ server_nonce[i];
  std::int64_t salt = 0;
  std::memcpy(&salt, x.data(), 8);
  return salt;
}

// new_nonce_hash of server_DH_params_fail: the 128 lower-order bits of SHA1(new_nonce).
inline std::array<std::byte, 16> params_fail_hash(std::span<const std::byte, 32> new_nonce) {
  const auto h = sha1(new_nonce);
  std::array<std::byte, 16> out;
  std::memcpy(out.data(), h.data() + 4, 16);
  return out;
}

// Plain msg_ids: (now << 32) + `parity` (0 from the client, 1 from the
// server: answers are 1 mod 4), and strictly increasing even when `now` is
// not, by steps of 4.
class plain_msg_ids {
 public:
  explicit plain_msg_ids(std::int64_t parity) noexcept : parity_(parity) {}
  std::int64_t next(std::int64_t now) noexcept {
    const std::int64_t secs = std::clamp<std::int64_t>(now, 1, std::numeric_limits<std::int32_t>::max());
    std::int64_t id = (secs << 32) + parity_;
    if (id <= last_) id = last_ + 4;
    last_ = id;
    return id;
  }

 private:
  std::int64_t parity_;
  std::int64_t last_ = 0;
};

// The plain message carrying boxed x.
template <class T>
result<std::vector<std::byte>, handshake_error> plain_tl_message(std::int64_t msg_id, const T& x) {
  auto body = serialize_tl(x);
  if (!body) return body.error();
  return make_plain_message(msg_id, *body);
}

// The body of a received plain message, its msg_id's parity checked
// (1 or 3 mod 4 from a server, 0 mod 4 from a client).
inline result<std::span<const std::byte>, handshake_error> plain_body(std::span<const std::byte> in, bool from_server) {
  auto m = parse_plain_message(in);
  if (!m) return hs_fail(handshake_errc::bad_plain_message, m.error().message);
  const std::int64_t mod = m->msg_id & 3;
  if (from_server ? (mod != 1 && mod != 3) : mod != 0)
    return hs_fail(handshake_errc::bad_msg_id, from_server ? "the server's msg_id is not 1 or 3 mod 4"
                                                           : "the client's msg_id is not divisible by 4");
  return m->body;
}

// seconds clamped into an int32 (a server_time offset, an expiry).
inline std::int32_t clamp32(std::int64_t v) noexcept {
  return static_cast<std::int32_t>(
      std::clamp<std::int64_t>(v, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

}  // namespace detail
}  // namespace tlcpp::net
