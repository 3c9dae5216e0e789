// The client side of the MTProto 2.0 auth key handshake
// (core.telegram.org/mtproto/auth_key), sans-IO: a step machine that takes
// the server's unencrypted messages and gives the next one to send, until
// it has an auth key. It opens no socket, reads no clock (every call takes
// `now`, unix seconds) and draws randomness only from the random_source it
// is given.
//
//   tlcpp::net::client_handshake hs(options, rng, keys, prime_cache);
//   auto first = hs.start(now);                  // req_pq_multi: send it
//   for (;;) {
//     auto step = hs.receive(answer_bytes, now); // an error ends the handshake
//     if (step->done) break;                     // step->done->auth_key ...
//     send(step->send);                          // req_DH_params, set_client_DH_params
//   }
//
// Randomness, in this order (so that a recorded handshake replays byte for
// byte from its random bytes):
//   start():                 nonce, 16 bytes
//   receive(resPQ):          new_nonce, 32 bytes; then RSA_PAD's draws
//                            (rsa_pad.hpp: 192 - |p_q_inner_data| padding bytes,
//                            then 32 bytes of temp_key per attempt)
//   receive(server_DH_params_ok), and again on each dh_gen_retry:
//                            b, 256 bytes (drawn again, at most
//                            client_handshake::max_b_draws times, while g_b falls
//                            outside the range check_dh_value asks);
//                            then the 0..15 padding bytes of client_DH_inner_data
//
// Checks, each failing with its own handshake_errc: the framing and msg_id
// parity of every message; the expected constructor; nonce echoed in every
// answer and server_nonce unchanged from resPQ (also inside the encrypted
// answer); pq at most 2^63 and a product of two distinct primes p < q
// (pq.hpp); a trusted key
// fingerprint; server_DH_params_fail's new_nonce_hash; the decrypted
// answer's length, SHA-1 and padding (< 16 bytes); dh_prime and g
// (check_dh_params, through the caller's dh_prime_cache); g_a's range, and
// our own g_b's; new_nonce_hash1/2/3 of dh_gen_ok/retry/fail; a bounded
// number of dh_gen_retry answers.
#pragma once

#include <openssl/crypto.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "tlcpp/mtproto/Client_DH_Inner_Data.hpp"
#include "tlcpp/mtproto/P_Q_inner_data.hpp"
#include "tlcpp/mtproto/ResPQ.hpp"
#include "tlcpp/mtproto/Server_DH_Params.hpp"
#include "tlcpp/mtproto/Server_DH_inner_data.hpp"
#include "tlcpp/mtproto/Set_client_DH_params_answer.hpp"
#include "tlcpp/mtproto/req_DH_params.hpp"
#include "tlcpp/mtproto/req_pq_multi.hpp"
#include "tlcpp/mtproto/set_client_DH_params.hpp"
#include "tlcpp/net/bignum.hpp"
#include "tlcpp/net/dh_check.hpp"
#include "tlcpp/net/handshake_common.hpp"
#include "tlcpp/net/pq.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_pad.hpp"

namespace tlcpp::net {

/// Which key to make, for which DC.
struct handshake_options {
  /// The DC's number (1..5 on Telegram), as in p_q_inner_data_dc's `dc`.
  std::int32_t dc_id = 2;
  /// A test DC: `dc` goes out as dc_id + 10000.
  bool test_dc = false;
  /// A media DC: `dc` goes out negated.
  bool media = false;
  /// Above 0: a temporary key for this many seconds (p_q_inner_data_temp_dc);
  /// 0: a permanent key (p_q_inner_data_dc).
  std::int32_t expires_in = 0;
  /// dh_gen_retry answers accepted before giving up with too_many_retries.
  int max_retries = 5;

  /// The `dc` field of the inner data: dc_id, + 10000 on a test DC, negated for media.
  [[nodiscard]] std::int32_t inner_dc() const noexcept {
    const std::int32_t d = test_dc ? dc_id + 10000 : dc_id;
    return media ? -d : d;
  }
};

/// The client's handshake. Holds references to the random source, the key
/// set and the prime cache, which must outlive it. Not copyable (it holds
/// secrets, wiped when it is destroyed).
class client_handshake {
 public:
  /// Draws of b made before giving up with bad_g_b (each fails with
  /// probability about 2^-63).
  static constexpr int max_b_draws = 4;

  /// A handshake for `options`, trusting the keys of `keys`, drawing from
  /// `rng`, remembering tested primes in `primes`.
  client_handshake(handshake_options options, random_source& rng, const rsa_key_set& keys, dh_prime_cache& primes)
      : options_(options), rng_(rng), keys_(keys), primes_(primes) {}
  client_handshake(const client_handshake&) = delete;
  client_handshake& operator=(const client_handshake&) = delete;
  ~client_handshake() {
    OPENSSL_cleanse(new_nonce_.data(), new_nonce_.size());
    OPENSSL_cleanse(b_.data(), b_.size());
    OPENSSL_cleanse(auth_key_.data(), auth_key_.size());
  }

  /// The first message: req_pq_multi with a fresh nonce. Once only.
  [[nodiscard]] result<std::vector<std::byte>, handshake_error> start(std::int64_t now) {
    if (state_ != state::initial) return bad_state("start() called twice");
    if (auto s = rng_.fill(nonce_); !s) return fail(handshake_errc::random_failure, "nonce: " + s.error().message);
    auto m = detail::plain_tl_message(ids_.next(now), mtproto::req_pq_multi{detail::wide_from<int128>(nonce_)});
    if (!m) return fail(m.error());
    state_ = state::wait_res_pq;
    return m;
  }

  /// The server's next unencrypted message (with its 20-byte header, as the
  /// transport delivered it): the message to send next, or the result once
  /// dh_gen_ok has come. Any failed check ends the handshake.
  [[nodiscard]] result<handshake_step, handshake_error> receive(std::span<const std::byte> message, std::int64_t now) {
    switch (state_) {
      case state::initial:
        return bad_state("receive() before start()");
      case state::done:
        return bad_state("receive() after the handshake is done");
      case state::failed:
        return detail::hs_fail(handshake_errc::failed_earlier, "an earlier step failed");
      default:
        break;
    }
    auto body = detail::plain_body(message, true);
    if (!body) return fail(body.error());
    result<handshake_step, handshake_error> r = handshake_step{};
    switch (state_) {
      case state::wait_res_pq:
        r = on_res_pq(*body, now);
        break;
      case state::wait_dh_params:
        r = on_dh_params(*body, now);
        break;
      default:
        r = on_dh_gen(*body, now);
        break;
    }
    if (!r) return fail(r.error());
    return r;
  }

  /// True once dh_gen_ok has been accepted.
  [[nodiscard]] bool done() const noexcept { return state_ == state::done; }
  /// True once a check has failed.
  [[nodiscard]] bool failed() const noexcept { return state_ == state::failed; }
  /// dh_gen_retry answers received so far.
  [[nodiscard]] int retries() const noexcept { return retries_; }

 private:
  enum class state : std::uint8_t { initial, wait_res_pq, wait_dh_params, wait_dh_gen, done, failed };

  handshake_error fail(handshake_error e) {
    state_ = state::failed;
    OPENSSL_cleanse(b_.data(), b_.size());
    OPENSSL_cleanse(auth_key_.data(), auth_key_.size());
    return e;
  }
  handshake_error fail(handshake_errc c, std::string message) { return fail(detail::hs_fail(c, std::move(message))); }
  static handshake_error bad_state(const char* what) { return detail::hs_fail(handshake_errc::bad_state, what); }

  template <class T>
  static result<T, handshake_error> parse_body(std::span<const std::byte> body, const char* what) {
    auto r = try_parse<T>(body);
    if (!r)
      return detail::hs_fail(handshake_errc::unexpected_message,
                             std::string("not ") + what + ": " + r.error().message());
    return std::move(r).value();
  }

  result<success, handshake_error> check_nonces(const int128& nonce, const int128& server_nonce,
                                                const char* where) const {
    if (detail::wide_bytes<16>(nonce) != nonce_)
      return detail::hs_fail(handshake_errc::nonce_mismatch, std::string(where) + ": nonce is not ours");
    if (detail::wide_bytes<16>(server_nonce) != server_nonce_)
      return detail::hs_fail(handshake_errc::server_nonce_mismatch,
                             std::string(where) + ": server_nonce is not the one of resPQ");
    return success{};
  }

  result<handshake_step, handshake_error> on_res_pq(std::span<const std::byte> body, std::int64_t now) {
    auto res = parse_body<mtproto::ResPQ>(body, "resPQ");
    if (!res) return res.error();
    if (detail::wide_bytes<16>(res->nonce) != nonce_)
      return detail::hs_fail(handshake_errc::nonce_mismatch, "resPQ: nonce is not ours");
    server_nonce_ = detail::wide_bytes<16>(res->server_nonce);
    auto pq = factorize_pq(res->pq.span());
    if (!pq) return detail::hs_fail(handshake_errc::bad_pq, "resPQ: " + pq.error().message);
    // Telegram's pq is below 2^63 (TDLib and grammers read it as a signed
    // 64-bit number); more is not what a server sends.
    if (pq->p * pq->q > (std::uint64_t{1} << 63))
      return detail::hs_fail(handshake_errc::bad_pq, "resPQ: pq is greater than 2^63");
    const fingerprinted_key* key = keys_.find_first(res->server_public_key_fingerprints);
    if (key == nullptr)
      return detail::hs_fail(handshake_errc::unknown_fingerprint,
                             "resPQ: none of the server's " +
                                 std::to_string(res->server_public_key_fingerprints.size()) +
                                 " key fingerprints is of a trusted key");
    if (auto s = rng_.fill(new_nonce_); !s)
      return detail::hs_fail(handshake_errc::random_failure, "new_nonce: " + s.error().message);

    const auto p = big_endian_bytes(pq->p), q = big_endian_bytes(pq->q);
    result<std::vector<std::byte>, handshake_error> inner = std::vector<std::byte>{};
    if (options_.expires_in > 0) {
      inner = detail::serialize_tl(mtproto::p_q_inner_data_temp_dc{
          res->pq, bytes(std::span<const std::byte>(p)), bytes(std::span<const std::byte>(q)), res->nonce,
          res->server_nonce, detail::wide_from<int256>(new_nonce_), options_.inner_dc(), options_.expires_in});
    } else {
      inner = detail::serialize_tl(mtproto::p_q_inner_data_dc{
          res->pq, bytes(std::span<const std::byte>(p)), bytes(std::span<const std::byte>(q)), res->nonce,
          res->server_nonce, detail::wide_from<int256>(new_nonce_), options_.inner_dc()});
    }
    if (!inner) return inner.error();
    auto encrypted = rsa_pad_encrypt(*inner, key->key, rng_);
    OPENSSL_cleanse(inner->data(), inner->size());
    if (!encrypted) return detail::hs_fail(handshake_errc::rsa_pad_failed, encrypted.error().message);

    auto m = detail::plain_tl_message(
        ids_.next(now), mtproto::req_DH_params{res->nonce, res->server_nonce, bytes(std::span<const std::byte>(p)),
                                               bytes(std::span<const std::byte>(q)), key->fingerprint,
                                               bytes(std::span<const std::byte>(*encrypted))});
    if (!m) return m.error();
    state_ = state::wait_dh_params;
    return handshake_step{std::move(*m), std::nullopt};
  }

  result<handshake_step, handshake_error> on_dh_params(std::span<const std::byte> body, std::int64_t now) {
    auto params = parse_body<mtproto::Server_DH_Params>(body, "server_DH_params_ok or server_DH_params_fail");
    if (!params) return params.error();
    if (const auto* f = params->get_if<mtproto::server_DH_params_fail>()) {
      if (auto s = check_nonces(f->nonce, f->server_nonce, "server_DH_params_fail"); !s) return s.error();
      if (detail::wide_bytes<16>(f->new_nonce_hash) != detail::params_fail_hash(new_nonce_))
        return detail::hs_fail(handshake_errc::bad_new_nonce_hash,
                               "server_DH_params_fail: new_nonce_hash is not that of our new_nonce");
      return detail::hs_fail(handshake_errc::dh_params_fail,
                             "the server answered req_DH_params with server_DH_params_fail");
    }
    const auto& ok = params->get<mtproto::server_DH_params_ok>();
    if (auto s = check_nonces(ok.nonce, ok.server_nonce, "server_DH_params_ok"); !s) return s.error();
    tmp_key_ = handshake_aes_key_iv(server_nonce_, new_nonce_);
    auto inner = detail::decrypt_with_hash<mtproto::server_DH_inner_data>(ok.encrypted_answer.span(), tmp_key_,
                                                                          "server_DH_inner_data");
    if (!inner) return inner.error();
    if (auto s = check_nonces(inner->nonce, inner->server_nonce, "server_DH_inner_data"); !s) return s.error();
    if (auto s = check_dh_params(inner->dh_prime.span(), inner->g, primes_, ctx_); !s)
      return detail::hs_fail(handshake_errc::bad_dh_params, s.error().message);
    if (auto s = check_dh_value(inner->g_a.span(), inner->dh_prime.span(), "g_a"); !s)
      return detail::hs_fail(handshake_errc::bad_g_a, s.error().message);
    dh_prime_.assign(inner->dh_prime.span().begin(), inner->dh_prime.span().end());
    g_a_.assign(inner->g_a.span().begin(), inner->g_a.span().end());
    g_ = inner->g;
    server_time_ = inner->server_time;
    time_offset_ = detail::clamp32(static_cast<std::int64_t>(inner->server_time) - now);
    return send_client_dh(now);
  }

  // Draws b, makes g_b and the auth key, and sends set_client_DH_params
  // (with retry_id_: 0 at first, the previous key's aux hash on a retry).
  result<handshake_step, handshake_error> send_client_dh(std::int64_t now) {
    auto g = bignum::from_u64(static_cast<std::uint64_t>(g_));
    auto p = bignum::from_bytes(dh_prime_);
    auto g_a = bignum::from_bytes(g_a_);
    if (!g || !p || !g_a) return detail::hs_fail(handshake_errc::openssl_failure, "OpenSSL failed");
    std::vector<std::byte> g_b_bytes;
    for (int draw = 0;; ++draw) {
      if (draw == max_b_draws)
        return detail::hs_fail(handshake_errc::bad_g_b,
                               "g_b out of range for each of " + std::to_string(max_b_draws) + " draws of b");
      if (auto s = rng_.fill(b_); !s) return detail::hs_fail(handshake_errc::random_failure, "b: " + s.error().message);
      auto b = bignum::from_bytes(b_);
      if (!b) return detail::hs_fail(handshake_errc::openssl_failure, b.error().message);
      auto g_b = bignum::mod_exp_secret(*g, *b, *p, ctx_);
      if (!g_b) return detail::hs_fail(handshake_errc::openssl_failure, g_b.error().message);
      auto bytes_of = g_b->to_bytes(256);
      if (!bytes_of) return detail::hs_fail(handshake_errc::openssl_failure, bytes_of.error().message);
      if (!check_dh_value(*bytes_of, dh_prime_, "g_b")) continue;
      auto key = bignum::mod_exp_secret(*g_a, *b, *p, ctx_);
      if (!key) return detail::hs_fail(handshake_errc::openssl_failure, key.error().message);
      if (auto s = key->to_bytes(std::span(auth_key_)); !s)
        return detail::hs_fail(handshake_errc::openssl_failure, s.error().message);
      g_b_bytes = g_b->to_minimal_bytes();
      break;
    }
    auto data = detail::serialize_tl(mtproto::client_DH_inner_data{detail::wide_from<int128>(nonce_),
                                                                   detail::wide_from<int128>(server_nonce_), retry_id_,
                                                                   bytes(std::span<const std::byte>(g_b_bytes))});
    if (!data) return data.error();
    auto encrypted = detail::encrypt_with_hash(*data, tmp_key_, rng_);
    if (!encrypted) return encrypted.error();
    auto m = detail::plain_tl_message(
        ids_.next(now),
        mtproto::set_client_DH_params{detail::wide_from<int128>(nonce_), detail::wide_from<int128>(server_nonce_),
                                      bytes(std::span<const std::byte>(*encrypted))});
    if (!m) return m.error();
    state_ = state::wait_dh_gen;
    return handshake_step{std::move(*m), std::nullopt};
  }

  result<handshake_step, handshake_error> on_dh_gen(std::span<const std::byte> body, std::int64_t now) {
    auto answer = parse_body<mtproto::Set_client_DH_params_answer>(body, "dh_gen_ok, dh_gen_retry or dh_gen_fail");
    if (!answer) return answer.error();
    auto hash_is = [&](const int128& got, int which) {
      return constant_time_equal(detail::wide_bytes<16>(got), new_nonce_hash(new_nonce_, std::byte(which), auth_key_));
    };
    if (const auto* ok = answer->get_if<mtproto::dh_gen_ok>()) {
      if (auto s = check_nonces(ok->nonce, ok->server_nonce, "dh_gen_ok"); !s) return s.error();
      if (!hash_is(ok->new_nonce_hash1, 1))
        return detail::hs_fail(handshake_errc::bad_new_nonce_hash, "dh_gen_ok: new_nonce_hash1 is not ours");
      handshake_result out;
      out.auth_key = auth_key_;
      out.server_salt = detail::first_salt(new_nonce_, server_nonce_);
      out.server_time_offset = time_offset_;
      out.expires_at =
          options_.expires_in > 0 ? detail::clamp32(static_cast<std::int64_t>(server_time_) + options_.expires_in) : 0;
      state_ = state::done;
      return handshake_step{{}, out};
    }
    if (const auto* retry = answer->get_if<mtproto::dh_gen_retry>()) {
      if (auto s = check_nonces(retry->nonce, retry->server_nonce, "dh_gen_retry"); !s) return s.error();
      if (!hash_is(retry->new_nonce_hash2, 2))
        return detail::hs_fail(handshake_errc::bad_new_nonce_hash, "dh_gen_retry: new_nonce_hash2 is not ours");
      if (++retries_ > options_.max_retries)
        return detail::hs_fail(handshake_errc::too_many_retries,
                               "more than " + std::to_string(options_.max_retries) + " dh_gen_retry answers");
      const auto aux = auth_key_aux_hash(auth_key_);
      std::memcpy(&retry_id_, aux.data(), 8);
      return send_client_dh(now);
    }
    const auto& f = answer->get<mtproto::dh_gen_fail>();
    if (auto s = check_nonces(f.nonce, f.server_nonce, "dh_gen_fail"); !s) return s.error();
    if (!hash_is(f.new_nonce_hash3, 3))
      return detail::hs_fail(handshake_errc::bad_new_nonce_hash, "dh_gen_fail: new_nonce_hash3 is not ours");
    return detail::hs_fail(handshake_errc::dh_gen_fail, "the server answered set_client_DH_params with dh_gen_fail");
  }

  handshake_options options_;
  random_source& rng_;
  const rsa_key_set& keys_;
  dh_prime_cache& primes_;
  bn_context ctx_;
  detail::plain_msg_ids ids_{0};
  state state_ = state::initial;
  std::array<std::byte, 16> nonce_{}, server_nonce_{};
  std::array<std::byte, 32> new_nonce_{};
  aes_key_iv tmp_key_{};
  std::vector<std::byte> dh_prime_, g_a_;
  std::int32_t g_ = 0, server_time_ = 0, time_offset_ = 0;
  std::array<std::byte, 256> b_{}, auth_key_{};
  std::int64_t retry_id_ = 0;
  int retries_ = 0;
};

}  // namespace tlcpp::net
