// The server side of the MTProto 2.0 auth key handshake
// (core.telegram.org/mtproto/auth_key), for tests and an in-repo test
// server: answers req_pq_multi, req_DH_params and set_client_DH_params and
// ends with the same handshake_result as the client. Sans-IO like the
// client (handshake.hpp): the caller passes `now` (unix seconds) and a
// random_source, and carries the bytes.
//
//   tlcpp::net::server_handshake hs(options, private_key, rng);
//   for (;;) {
//     auto step = hs.receive(client_bytes, now);   // an error ends the handshake
//     send(step->send);                            // resPQ, server_DH_params_ok, dh_gen_*
//     if (step->done) break;                       // step->done->auth_key ...
//   }
//
// Randomness, in this order:
//   receive(req_pq_multi):          server_nonce, 16 bytes
//   receive(req_DH_params):         a, 256 bytes (drawn again, at most
//                                   server_handshake::max_a_draws times, while g_a
//                                   falls outside check_dh_value's range); then the
//                                   0..15 padding bytes of server_DH_inner_data
//   receive(set_client_DH_params):  nothing
//
// pq is fixed by the options (a real server draws it; a test wants it
// known). handshake_server_faults makes the server break one rule on
// purpose, so that each of the client's checks can be seen to fire through
// the real code path.
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
#include "tlcpp/net/rsa_private_key.hpp"

namespace tlcpp::net {

/// Rules the test server breaks on purpose (all off: a correct server).
struct handshake_server_faults {
  bool wrong_nonce = false;          ///< resPQ echoes a nonce that is not the client's
  bool wrong_server_nonce = false;   ///< server_DH_params_ok carries another server_nonce than resPQ's
  bool unknown_fingerprint = false;  ///< resPQ lists only a fingerprint that is not of our key
  bool bad_answer_hash = false;      ///< the SHA-1 before server_DH_inner_data is not its hash
  bool g_a_out_of_range = false;     ///< g_a is dh_prime - 1
  bool dh_params_fail = false;       ///< req_DH_params is answered with server_DH_params_fail
  int dh_gen_retries = 0;            ///< this many set_client_DH_params are answered with dh_gen_retry first
  bool dh_gen_fail = false;          ///< set_client_DH_params is answered with dh_gen_fail
  bool bad_new_nonce_hash = false;   ///< dh_gen_ok carries a new_nonce_hash1 that is not the right one
};

/// What the test server offers.
struct handshake_server_options {
  /// The DH prime, big-endian (Telegram's by default: see dh_check.hpp).
  std::vector<std::byte> dh_prime = [] {
    const auto p = telegram_dh_prime();
    return std::vector<std::byte>(p.begin(), p.end());
  }();
  /// The generator.
  std::int32_t g = 3;
  /// pq's factors (the samples-auth_key page's by default).
  pq_factors pq = {1008949199, 1455403679};
  /// Rules to break.
  handshake_server_faults faults = {};
};

/// The server's handshake with one client. Holds references to the private
/// key and the random source, which must outlive it. Not copyable (it holds
/// secrets, wiped when it is destroyed).
class server_handshake {
 public:
  /// Draws of a made before giving up with bad_g_a (each fails with
  /// probability about 2^-63).
  static constexpr int max_a_draws = 4;

  /// A server offering `options`, decrypting with `key`, drawing from `rng`.
  server_handshake(handshake_server_options options, const rsa_private_key& key, random_source& rng)
      : options_(std::move(options)), key_(key), rng_(rng) {}
  server_handshake(const server_handshake&) = delete;
  server_handshake& operator=(const server_handshake&) = delete;
  ~server_handshake() {
    OPENSSL_cleanse(new_nonce_.data(), new_nonce_.size());
    OPENSSL_cleanse(a_.data(), a_.size());
    OPENSSL_cleanse(auth_key_.data(), auth_key_.size());
  }

  /// The client's next unencrypted message (with its 20-byte header): the
  /// answer to send, and the result together with the final dh_gen_ok. A
  /// failed check ends the handshake; so does a refusal the faults asked for,
  /// after its message.
  [[nodiscard]] result<handshake_step, handshake_error> receive(std::span<const std::byte> message, std::int64_t now) {
    if (state_ == state::failed) return detail::hs_fail(handshake_errc::failed_earlier, "an earlier step failed");
    if (state_ == state::ended) return detail::hs_fail(handshake_errc::bad_state, "the handshake is over");
    auto body = detail::plain_body(message, false);
    if (!body) return fail(body.error());
    result<handshake_step, handshake_error> r = handshake_step{};
    switch (state_) {
      case state::wait_req_pq:
        r = on_req_pq(*body, now);
        break;
      case state::wait_req_dh:
        r = on_req_dh(*body, now);
        break;
      default:
        r = on_set_client_dh(*body, now);
        break;
    }
    if (!r) return fail(r.error());
    return r;
  }

  /// The `dc` the client asked for in its inner data (0 before req_DH_params, or for p_q_inner_data).
  [[nodiscard]] std::int32_t client_dc() const noexcept { return dc_; }
  /// True once the handshake is over, successfully or by a fault's refusal.
  [[nodiscard]] bool ended() const noexcept { return state_ == state::ended; }
  /// True once a check has failed.
  [[nodiscard]] bool failed() const noexcept { return state_ == state::failed; }

 private:
  enum class state : std::uint8_t { wait_req_pq, wait_req_dh, wait_set_client_dh, ended, failed };

  handshake_error fail(handshake_error e) {
    state_ = state::failed;
    OPENSSL_cleanse(a_.data(), a_.size());
    OPENSSL_cleanse(auth_key_.data(), auth_key_.size());
    return e;
  }

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
      return detail::hs_fail(handshake_errc::nonce_mismatch, std::string(where) + ": nonce is not the client's");
    if (detail::wide_bytes<16>(server_nonce) != server_nonce_)
      return detail::hs_fail(handshake_errc::server_nonce_mismatch, std::string(where) + ": server_nonce is not ours");
    return success{};
  }

  template <class T>
  result<handshake_step, handshake_error> answer(std::int64_t now, const T& x, state next) {
    auto m = detail::plain_tl_message(ids_.next(now), x);
    if (!m) return m.error();
    state_ = next;
    return handshake_step{std::move(*m), std::nullopt};
  }

  int128 nonce() const { return detail::wide_from<int128>(nonce_); }
  int128 server_nonce() const { return detail::wide_from<int128>(server_nonce_); }

  result<handshake_step, handshake_error> on_req_pq(std::span<const std::byte> body, std::int64_t now) {
    auto req = parse_body<mtproto::req_pq_multi>(body, "req_pq_multi");
    if (!req) return req.error();
    nonce_ = detail::wide_bytes<16>(req->nonce);
    if (auto s = rng_.fill(server_nonce_); !s)
      return detail::hs_fail(handshake_errc::random_failure, "server_nonce: " + s.error().message);
    const auto pq = big_endian_bytes(options_.pq.p * options_.pq.q);
    const std::int64_t fingerprint = key_.public_key().fingerprint();
    auto echoed = nonce_;
    if (options_.faults.wrong_nonce) echoed[0] ^= std::byte{1};
    return answer(now,
                  mtproto::resPQ{detail::wide_from<int128>(echoed),
                                 server_nonce(),
                                 bytes(std::span<const std::byte>(pq)),
                                 {options_.faults.unknown_fingerprint ? ~fingerprint : fingerprint}},
                  state::wait_req_dh);
  }

  // The fields of any of the three P_Q_inner_data forms; dc 0 and
  // expires_in 0 where the form has none.
  struct inner_fields {
    const bytes *pq, *p, *q;
    const int128 *nonce, *server_nonce;
    const int256* new_nonce;
    std::int32_t dc = 0, expires_in = 0;
  };
  static inner_fields fields_of(const mtproto::P_Q_inner_data& d) {
    if (const auto* x = d.get_if<mtproto::p_q_inner_data_dc>())
      return {&x->pq, &x->p, &x->q, &x->nonce, &x->server_nonce, &x->new_nonce, x->dc, 0};
    if (const auto* x = d.get_if<mtproto::p_q_inner_data_temp_dc>())
      return {&x->pq, &x->p, &x->q, &x->nonce, &x->server_nonce, &x->new_nonce, x->dc, x->expires_in};
    const auto& x = d.get<mtproto::p_q_inner_data>();
    return {&x.pq, &x.p, &x.q, &x.nonce, &x.server_nonce, &x.new_nonce, 0, 0};
  }

  result<handshake_step, handshake_error> on_req_dh(std::span<const std::byte> body, std::int64_t now) {
    auto req = parse_body<mtproto::req_DH_params>(body, "req_DH_params");
    if (!req) return req.error();
    if (auto s = check_nonces(req->nonce, req->server_nonce, "req_DH_params"); !s) return s.error();
    const auto p = big_endian_bytes(options_.pq.p), q = big_endian_bytes(options_.pq.q),
               pq = big_endian_bytes(options_.pq.p * options_.pq.q);
    auto same = [](const bytes& b, const std::vector<std::byte>& v) {
      return b.size() == v.size() && std::memcmp(b.data(), v.data(), v.size()) == 0;
    };
    if (!same(req->p, p) || !same(req->q, q))
      return detail::hs_fail(handshake_errc::bad_pq, "req_DH_params: p and q are not the factors of our pq");
    if (req->public_key_fingerprint != key_.public_key().fingerprint())
      return detail::hs_fail(handshake_errc::bad_fingerprint, "req_DH_params: the key fingerprint is not ours");
    auto data = key_.rsa_pad_decrypt(req->encrypted_data.span());
    if (!data) return detail::hs_fail(handshake_errc::rsa_pad_failed, data.error().message);
    auto inner = detail::parse_prefix<mtproto::P_Q_inner_data>(*data);
    OPENSSL_cleanse(data->data(), data->size());
    if (!inner)
      return detail::hs_fail(handshake_errc::bad_inner_data,
                             "the RSA_PAD-decrypted data is not P_Q_inner_data: " + inner.error().message());
    const inner_fields f = fields_of(inner->first);
    if (!same(*f.pq, pq) || !same(*f.p, p) || !same(*f.q, q))
      return detail::hs_fail(handshake_errc::bad_inner_data, "p_q_inner_data: pq, p or q is not ours");
    if (auto s = check_nonces(*f.nonce, *f.server_nonce, "p_q_inner_data"); !s) return s.error();
    new_nonce_ = detail::wide_bytes<32>(*f.new_nonce);
    dc_ = f.dc;
    server_time_ = detail::clamp32(now);
    expires_at_ = f.expires_in > 0 ? detail::clamp32(static_cast<std::int64_t>(server_time_) + f.expires_in) : 0;

    if (options_.faults.dh_params_fail) {
      const auto h = detail::params_fail_hash(new_nonce_);
      return answer(now, mtproto::server_DH_params_fail{nonce(), server_nonce(), detail::wide_from<int128>(h)},
                    state::ended);
    }
    auto g_a = draw_a();
    if (!g_a) return g_a.error();
    if (options_.faults.g_a_out_of_range) {
      auto pm = bignum::from_bytes(options_.dh_prime);
      auto one = bignum::from_u64(1);
      if (!pm || !one) return detail::hs_fail(handshake_errc::openssl_failure, "OpenSSL failed");
      auto pm1 = bignum::sub(*pm, *one);
      if (!pm1) return detail::hs_fail(handshake_errc::openssl_failure, pm1.error().message);
      *g_a = pm1->to_minimal_bytes();
    }
    auto inner_data = detail::serialize_tl(mtproto::server_DH_inner_data{
        nonce(), server_nonce(), options_.g, bytes(std::span<const std::byte>(options_.dh_prime)),
        bytes(std::span<const std::byte>(*g_a)), server_time_});
    if (!inner_data) return inner_data.error();
    tmp_key_ = handshake_aes_key_iv(server_nonce_, new_nonce_);
    auto enc = detail::encrypt_with_hash(*inner_data, tmp_key_, rng_, options_.faults.bad_answer_hash);
    if (!enc) return enc.error();
    auto sn = server_nonce_;
    if (options_.faults.wrong_server_nonce) sn[0] ^= std::byte{1};
    return answer(
        now,
        mtproto::server_DH_params_ok{nonce(), detail::wide_from<int128>(sn), bytes(std::span<const std::byte>(*enc))},
        state::wait_set_client_dh);
  }

  // Draws a until g_a = g^a mod dh_prime is in range; g_a's bytes.
  result<std::vector<std::byte>, handshake_error> draw_a() {
    auto g = bignum::from_u64(static_cast<std::uint64_t>(options_.g));
    auto p = bignum::from_bytes(options_.dh_prime);
    if (!g || !p) return detail::hs_fail(handshake_errc::openssl_failure, "OpenSSL failed");
    for (int draw = 0; draw < max_a_draws; ++draw) {
      if (auto s = rng_.fill(a_); !s) return detail::hs_fail(handshake_errc::random_failure, "a: " + s.error().message);
      auto a = bignum::from_bytes(a_);
      if (!a) return detail::hs_fail(handshake_errc::openssl_failure, a.error().message);
      auto g_a = bignum::mod_exp_secret(*g, *a, *p, ctx_);
      if (!g_a) return detail::hs_fail(handshake_errc::openssl_failure, g_a.error().message);
      auto out = g_a->to_minimal_bytes();
      if (check_dh_value(out, options_.dh_prime, "g_a")) return out;
    }
    return detail::hs_fail(handshake_errc::bad_g_a,
                           "g_a out of range for each of " + std::to_string(max_a_draws) + " draws of a");
  }

  result<handshake_step, handshake_error> on_set_client_dh(std::span<const std::byte> body, std::int64_t now) {
    auto req = parse_body<mtproto::set_client_DH_params>(body, "set_client_DH_params");
    if (!req) return req.error();
    if (auto s = check_nonces(req->nonce, req->server_nonce, "set_client_DH_params"); !s) return s.error();
    auto inner = detail::decrypt_with_hash<mtproto::client_DH_inner_data>(req->encrypted_data.span(), tmp_key_,
                                                                          "client_DH_inner_data");
    if (!inner) return inner.error();
    if (auto s = check_nonces(inner->nonce, inner->server_nonce, "client_DH_inner_data"); !s) return s.error();
    if (inner->retry_id != retry_id_)
      return detail::hs_fail(handshake_errc::bad_retry_id,
                             retry_id_ == 0 ? "client_DH_inner_data: retry_id is not 0 on the first attempt"
                                            : "client_DH_inner_data: retry_id is not the previous key's aux hash");
    if (auto s = check_dh_value(inner->g_b.span(), options_.dh_prime, "g_b"); !s)
      return detail::hs_fail(handshake_errc::bad_g_b, s.error().message);
    auto g_b = bignum::from_bytes(inner->g_b.span());
    auto a = bignum::from_bytes(a_);
    auto p = bignum::from_bytes(options_.dh_prime);
    if (!g_b || !a || !p) return detail::hs_fail(handshake_errc::openssl_failure, "OpenSSL failed");
    auto key = bignum::mod_exp_secret(*g_b, *a, *p, ctx_);
    if (!key) return detail::hs_fail(handshake_errc::openssl_failure, key.error().message);
    if (auto s = key->to_bytes(std::span(auth_key_)); !s)
      return detail::hs_fail(handshake_errc::openssl_failure, s.error().message);

    auto hash = [&](int which) {
      return detail::wide_from<int128>(new_nonce_hash(new_nonce_, std::byte(which), auth_key_));
    };
    if (retries_sent_ < options_.faults.dh_gen_retries) {
      ++retries_sent_;
      const auto aux = auth_key_aux_hash(auth_key_);
      std::memcpy(&retry_id_, aux.data(), 8);
      return answer(now, mtproto::dh_gen_retry{nonce(), server_nonce(), hash(2)}, state::wait_set_client_dh);
    }
    if (options_.faults.dh_gen_fail)
      return answer(now, mtproto::dh_gen_fail{nonce(), server_nonce(), hash(3)}, state::ended);
    auto h1 = new_nonce_hash(new_nonce_, std::byte{1}, auth_key_);
    if (options_.faults.bad_new_nonce_hash) h1[0] ^= std::byte{1};
    auto step = answer(now, mtproto::dh_gen_ok{nonce(), server_nonce(), detail::wide_from<int128>(h1)}, state::ended);
    if (!step) return step;
    handshake_result out;
    out.auth_key = auth_key_;
    out.server_salt = detail::first_salt(new_nonce_, server_nonce_);
    out.server_time_offset = 0;
    out.expires_at = expires_at_;
    step->done = out;
    return step;
  }

  handshake_server_options options_;
  const rsa_private_key& key_;
  random_source& rng_;
  bn_context ctx_;
  detail::plain_msg_ids ids_{1};
  state state_ = state::wait_req_pq;
  std::array<std::byte, 16> nonce_{}, server_nonce_{};
  std::array<std::byte, 32> new_nonce_{};
  aes_key_iv tmp_key_{};
  std::array<std::byte, 256> a_{}, auth_key_{};
  std::int32_t dc_ = 0, server_time_ = 0, expires_at_ = 0;
  std::int64_t retry_id_ = 0;
  int retries_sent_ = 0;
};

}  // namespace tlcpp::net
