// tlcpp/net/handshake.hpp: the client's auth key handshake, replayed against
// the worked example of core.telegram.org/mtproto/samples-auth_key
// (vectors/samples_auth_key.json), and fed crafted server messages for each
// check. (Against the server role: handshake_server_test.cpp.)
#include "tlcpp/net/handshake.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

namespace mt = tlcpp::mtproto;
using tlcpp::to_hex;
using tlcpp::net::handshake_errc;
using tlcpp::test::hex_field;
using tlcpp::test::unhex;

std::vector<std::byte> cat(std::initializer_list<std::vector<std::byte>> parts) {
  std::vector<std::byte> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

template <class Wide>
Wide wide(const std::vector<std::byte>& le) {
  return tlcpp::detail::wide_int_load<Wide>(le.data());
}

// A server's plain message carrying boxed x (msg_id 1 mod 4, as answers are).
template <class T>
std::vector<std::byte> from_server(const T& x, std::int64_t msg_id = 0x51e57ac91e83c801) {
  return tlcpp::net::make_plain_message(msg_id, tlcpp::serialize(x));
}

// The body of a plain message the client sent.
std::vector<std::byte> body_of(const std::vector<std::byte>& message) {
  auto m = tlcpp::net::parse_plain_message(message);
  EXPECT_TRUE(m.has_value());
  return {m->body.begin(), m->body.end()};
}

// The samples page's facts, and the client's messages and answers built from them.
struct sample {
  static const nlohmann::json& vectors() {
    static const nlohmann::json v = tlcpp::test::load_net_vectors("samples_auth_key.json");
    return v;
  }
  const nlohmann::json& v = vectors();
  std::vector<std::byte> nonce = hex_field(v, "nonce"), server_nonce = hex_field(v, "server_nonce"),
                         new_nonce = hex_field(v, "new_nonce");
  // A temp_key for RSA_PAD (the page does not give its own): one whose first
  // attempt is below the production modulus, so the draws that follow are b.
  std::vector<std::byte> temp_key = std::vector<std::byte>(32, std::byte{0x11});

  std::vector<std::byte> random() const {
    return cat({nonce, new_nonce, hex_field(v, "rsa_pad_random_padding_bytes"), temp_key, hex_field(v, "b"),
                hex_field(v, "client_DH_inner_data_padding")});
  }
  mt::resPQ res_pq() const {
    return mt::resPQ{wide<tlcpp::int128>(nonce),
                     wide<tlcpp::int128>(server_nonce),
                     tlcpp::bytes(std::span<const std::byte>(hex_field(v, "pq_bytes"))),
                     {tlcpp::net::telegram_production_key_fingerprint}};
  }
  mt::server_DH_params_ok dh_params_ok() const {
    return {wide<tlcpp::int128>(nonce), wide<tlcpp::int128>(server_nonce),
            tlcpp::bytes(std::span<const std::byte>(hex_field(v, "encrypted_answer")))};
  }
  mt::dh_gen_ok dh_gen_ok() const {
    return {wide<tlcpp::int128>(nonce), wide<tlcpp::int128>(server_nonce),
            wide<tlcpp::int128>(hex_field(v, "new_nonce_hash1"))};
  }
  // server_time inside the page's server_DH_inner_data: its last 4 bytes.
  std::int32_t server_time() const {
    const auto a = hex_field(v, "answer_with_hash");
    std::int32_t t = 0;
    std::memcpy(&t, a.data() + 20 + v.at("server_DH_inner_data_length").get<std::size_t>() - 4, 4);
    return t;
  }
};

// The whole example, byte for byte where the page gives the bytes: the
// p_q_inner_data inside RSA_PAD (checked by RSA_PAD-ing the page's bytes with
// the same randomness), the page's encrypted answer accepted, the page's
// set_client_DH_params encrypted_data, and its auth key.
TEST(ClientHandshake, SamplesAuthKeyReplayed) {
  sample s;
  tlcpp::net::replay_random rng(s.random());
  const auto keys = tlcpp::net::telegram_production_keys();
  tlcpp::net::dh_prime_cache primes;
  tlcpp::net::client_handshake hs({.dc_id = 2}, rng, keys, primes);

  const std::int64_t now = s.server_time() - 7;  // our clock 7 s behind the server's
  auto first = hs.start(now);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(to_hex(body_of(*first)), "f18e7ebe" + to_hex(s.nonce));  // req_pq_multi#be7e8ef1 nonce
  EXPECT_EQ(to_hex(std::span(*first).first(8)), "0000000000000000");

  auto second = hs.receive(from_server(s.res_pq()), now);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_FALSE(second->done);
  auto req = tlcpp::try_parse<mt::req_DH_params>(body_of(second->send));
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(to_hex(req->p.span()), "3c2357cf");  // 1008949199
  EXPECT_EQ(to_hex(req->q.span()), "56bfb29f");  // 1455403679
  EXPECT_EQ(req->public_key_fingerprint, tlcpp::net::telegram_production_key_fingerprint);
  tlcpp::net::replay_random pad_rng(cat({hex_field(s.v, "rsa_pad_random_padding_bytes"), s.temp_key}));
  auto expected = tlcpp::net::rsa_pad_encrypt(hex_field(s.v, "p_q_inner_data"), keys.keys()[0].key, pad_rng);
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(pad_rng.remaining(), 0u);  // one temp_key was enough
  EXPECT_EQ(to_hex(req->encrypted_data.span()), to_hex(*expected));

  auto third = hs.receive(from_server(s.dh_params_ok()), now);
  ASSERT_TRUE(third.has_value()) << third.error().message;
  ASSERT_FALSE(third->done);
  auto set = tlcpp::try_parse<mt::set_client_DH_params>(body_of(third->send));
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(to_hex(set->encrypted_data.span()), to_hex(hex_field(s.v, "client_DH_encrypted_data")));
  EXPECT_EQ(primes.known_prime_hits(), 1u);
  EXPECT_EQ(primes.primality_tests(), 0u);

  auto last = hs.receive(from_server(s.dh_gen_ok()), now);
  ASSERT_TRUE(last.has_value()) << last.error().message;
  ASSERT_TRUE(last->done);
  EXPECT_TRUE(last->send.empty());
  EXPECT_TRUE(hs.done());
  EXPECT_EQ(to_hex(last->done->auth_key), to_hex(hex_field(s.v, "auth_key")));
  // substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8) = 52 2f b2 ff f0 26 a7 fe
  EXPECT_EQ(last->done->server_salt, static_cast<std::int64_t>(0xfea726f0ffb22f52ULL));
  EXPECT_EQ(last->done->server_time_offset, 7);
  EXPECT_EQ(last->done->expires_at, 0);
  EXPECT_EQ(rng.remaining(), 0u);

  auto after = hs.receive(from_server(s.dh_gen_ok()), now);
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, handshake_errc::bad_state);
}

// A client fed the sample up to (not including) step `n` of the three
// server messages: 0 just started, 1 after resPQ, 2 after server_DH_params_ok.
struct sample_client {
  sample s;
  tlcpp::net::replay_random rng;
  tlcpp::net::rsa_key_set keys = tlcpp::net::telegram_production_keys();
  tlcpp::net::dh_prime_cache primes;
  tlcpp::net::client_handshake hs;
  std::int64_t now = s.server_time();

  explicit sample_client(int n, std::vector<std::byte> random = {})
      : rng(random.empty() ? s.random() : std::move(random)), hs({.dc_id = 2}, rng, keys, primes) {
    EXPECT_TRUE(hs.start(now).has_value());
    if (n >= 1) {
      EXPECT_TRUE(hs.receive(from_server(s.res_pq()), now).has_value());
    }
    if (n >= 2) {
      EXPECT_TRUE(hs.receive(from_server(s.dh_params_ok()), now).has_value());
    }
  }
  // Feeds `message`; expects the handshake to end with `code`, and to stay ended.
  void expect_error(const std::vector<std::byte>& message, handshake_errc code, std::string_view in_message = {}) {
    auto r = hs.receive(message, now);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(in_message), std::string::npos) << r.error().message;
    EXPECT_TRUE(hs.failed());
    auto again = hs.receive(message, now);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, handshake_errc::failed_earlier);
  }
};

// server_DH_params_ok carrying `inner` (server_DH_inner_data's bytes) under
// the sample's tmp_aes_key/iv: hash + inner + padding, as given.
std::vector<std::byte> answer_message(const sample& s, std::vector<std::byte> plain) {
  tlcpp::net::aes256_ige aes;
  const auto key = hex_field(s.v, "tmp_aes_key"), iv = hex_field(s.v, "tmp_aes_iv");
  EXPECT_TRUE(
      aes.encrypt(std::span<const std::byte, 32>(key.data(), 32), std::span<const std::byte, 32>(iv.data(), 32), plain)
          .has_value());
  auto ok = s.dh_params_ok();
  ok.encrypted_answer = tlcpp::bytes(std::span<const std::byte>(plain));
  return from_server(ok);
}
// The sample's server_DH_inner_data bytes, and hash + them + padding to 16.
std::vector<std::byte> inner_data(const sample& s) {
  const auto a = hex_field(s.v, "answer_with_hash");
  const auto n = s.v.at("server_DH_inner_data_length").get<std::size_t>();
  return {a.begin() + 20, a.begin() + 20 + static_cast<std::ptrdiff_t>(n)};
}
std::vector<std::byte> with_hash(const std::vector<std::byte>& inner, std::size_t padding) {
  const auto h = tlcpp::net::sha1(inner);
  auto out = cat({std::vector<std::byte>(h.begin(), h.end()), inner, std::vector<std::byte>(padding, std::byte{0x5a})});
  return out;
}

TEST(ClientHandshake, CalledAtTheWrongTime) {
  sample s;
  tlcpp::net::replay_random rng(s.random());
  const auto keys = tlcpp::net::telegram_production_keys();
  tlcpp::net::dh_prime_cache primes;
  tlcpp::net::client_handshake hs({}, rng, keys, primes);
  auto early = hs.receive(from_server(s.res_pq()), 0);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code, handshake_errc::bad_state);
  ASSERT_TRUE(hs.start(1).has_value());
  auto twice = hs.start(1);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, handshake_errc::bad_state);
}

TEST(ClientHandshake, RandomSourceExhausted) {
  tlcpp::net::replay_random rng(std::vector<std::byte>(15));
  const auto keys = tlcpp::net::telegram_production_keys();
  tlcpp::net::dh_prime_cache primes;
  tlcpp::net::client_handshake hs({}, rng, keys, primes);
  auto r = hs.start(1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, handshake_errc::random_failure);
  EXPECT_TRUE(hs.failed());
}

TEST(ClientHandshake, PlainMessageFraming) {
  sample s;
  auto good = from_server(s.res_pq());
  {
    sample_client c(0);
    c.expect_error(std::vector<std::byte>(good.begin(), good.begin() + 19), handshake_errc::bad_plain_message,
                   "shorter than its 20-byte header");
  }
  {
    sample_client c(0);
    auto m = good;
    m[3] = std::byte{1};
    c.expect_error(m, handshake_errc::bad_plain_message, "auth_key_id is not 0");
  }
  {
    sample_client c(0);
    auto m = good;
    m.push_back(std::byte{0});
    c.expect_error(m, handshake_errc::bad_plain_message, "message_data_length");
  }
  {
    sample_client c(0);
    c.expect_error(from_server(s.res_pq(), 0x51e57ac91e83c800), handshake_errc::bad_msg_id);  // a client's parity
  }
  {
    sample_client c(0);
    c.expect_error(from_server(s.dh_gen_ok()), handshake_errc::unexpected_message, "not resPQ");
  }
  {
    sample_client c(0);
    c.expect_error(tlcpp::net::make_plain_message(0x51e57ac91e83c801, std::vector<std::byte>(8, std::byte{0xee})),
                   handshake_errc::unexpected_message);
  }
}

TEST(ClientHandshake, ResPQChecks) {
  sample s;
  {
    sample_client c(0);
    auto r = s.res_pq();
    r.nonce += 1;
    c.expect_error(from_server(r), handshake_errc::nonce_mismatch, "resPQ");
  }
  {
    sample_client c(0);
    auto r = s.res_pq();
    r.pq = tlcpp::bytes(std::span<const std::byte>(unhex("3c2357cf")));  // p alone: prime
    c.expect_error(from_server(r), handshake_errc::bad_pq, "is prime");
  }
  {
    sample_client c(0);
    auto r = s.res_pq();
    r.pq = tlcpp::bytes(std::span<const std::byte>(unhex("ffffffea00000055")));  // 4294967291 * 4294967279
    c.expect_error(from_server(r), handshake_errc::bad_pq, "greater than 2^63");
  }
  {
    sample_client c(0);
    auto r = s.res_pq();
    r.pq = tlcpp::bytes(std::span<const std::byte>(unhex("011460e7d3fa727791")));  // 65 bits
    c.expect_error(from_server(r), handshake_errc::bad_pq, "64 bits");
  }
  {
    sample_client c(0);
    auto r = s.res_pq();
    r.server_public_key_fingerprints = {tlcpp::net::telegram_test_key_fingerprint, 42};
    c.expect_error(from_server(r), handshake_errc::unknown_fingerprint);
  }
}

TEST(ClientHandshake, ServerDhParamsChecks) {
  sample s;
  {
    sample_client c(1);
    auto m = s.dh_params_ok();
    m.nonce -= 1;
    c.expect_error(from_server(m), handshake_errc::nonce_mismatch, "server_DH_params_ok");
  }
  {
    sample_client c(1);
    auto m = s.dh_params_ok();
    m.server_nonce -= 1;
    c.expect_error(from_server(m), handshake_errc::server_nonce_mismatch, "server_DH_params_ok");
  }
  {  // the sample's answer padded with 16 bytes more than the 8 it needs
    sample_client c(1);
    c.expect_error(answer_message(s, with_hash(inner_data(s), 8 + 16)), handshake_errc::bad_answer_padding);
  }
  {  // re-encrypted as given: accepted (what the next cases change is all that differs)
    sample_client c(1);
    auto r = c.hs.receive(answer_message(s, with_hash(inner_data(s), 8)), c.now);
    EXPECT_TRUE(r.has_value());
  }
  {
    sample_client c(1);
    auto plain = with_hash(inner_data(s), 8);
    plain[0] ^= std::byte{1};
    c.expect_error(answer_message(s, plain), handshake_errc::answer_hash_mismatch);
  }
  {  // server_nonce inside the answer (bytes 4..20 of server_DH_inner_data), hash recomputed
    sample_client c(1);
    auto inner = inner_data(s);
    inner[4 + 16] ^= std::byte{1};
    c.expect_error(answer_message(s, with_hash(inner, 8)), handshake_errc::server_nonce_mismatch,
                   "server_DH_inner_data");
  }
  {
    sample_client c(1);
    auto inner = inner_data(s);
    inner[4] ^= std::byte{1};
    c.expect_error(answer_message(s, with_hash(inner, 8)), handshake_errc::nonce_mismatch, "server_DH_inner_data");
  }
  {
    sample_client c(1);
    auto m = s.dh_params_ok();
    const auto answer = hex_field(s.v, "encrypted_answer");
    ASSERT_GT(answer.size(), 8u);
    // eight bytes short: no longer a whole number of AES blocks
    m.encrypted_answer = tlcpp::bytes(std::span<const std::byte>(answer).first(answer.size() - 8));
    c.expect_error(from_server(m), handshake_errc::bad_answer_length);
  }
  {  // other bytes under the same key: not TL
    sample_client c(1);
    c.expect_error(answer_message(s, std::vector<std::byte>(64, std::byte{0x77})), handshake_errc::unexpected_message);
  }
  {
    sample_client c(1);
    tlcpp::mtproto::server_DH_params_fail f{wide<tlcpp::int128>(s.nonce), wide<tlcpp::int128>(s.server_nonce), 0};
    c.expect_error(from_server(f), handshake_errc::bad_new_nonce_hash, "server_DH_params_fail");
  }
  {  // the right hash: the lower 128 bits of SHA1(new_nonce)
    sample_client c(1);
    const auto h = tlcpp::net::sha1(s.new_nonce);
    tlcpp::mtproto::server_DH_params_fail f{wide<tlcpp::int128>(s.nonce), wide<tlcpp::int128>(s.server_nonce),
                                            wide<tlcpp::int128>(std::vector<std::byte>(h.begin() + 4, h.end()))};
    c.expect_error(from_server(f), handshake_errc::dh_params_fail);
  }
}

// b = 0 gives g_b = 1, out of range: b is drawn again.
TEST(ClientHandshake, OwnGbOutOfRangeIsDrawnAgain) {
  sample s;
  const auto zeros = std::vector<std::byte>(256);
  const auto random = cat({s.nonce, s.new_nonce, hex_field(s.v, "rsa_pad_random_padding_bytes"), s.temp_key, zeros,
                           zeros, hex_field(s.v, "b"), hex_field(s.v, "client_DH_inner_data_padding")});
  sample_client c(1, random);
  auto r = c.hs.receive(from_server(s.dh_params_ok()), c.now);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto set = tlcpp::try_parse<mt::set_client_DH_params>(body_of(r->send));
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(to_hex(set->encrypted_data.span()), to_hex(hex_field(s.v, "client_DH_encrypted_data")));
  EXPECT_EQ(c.rng.remaining(), 0u);
}
TEST(ClientHandshake, OwnGbOutOfRangeEveryTime) {
  sample s;
  const auto zeros = std::vector<std::byte>(256 * tlcpp::net::client_handshake::max_b_draws);
  sample_client c(1, cat({s.nonce, s.new_nonce, hex_field(s.v, "rsa_pad_random_padding_bytes"), s.temp_key, zeros}));
  c.expect_error(from_server(s.dh_params_ok()), handshake_errc::bad_g_b, "g_b out of range");
}

TEST(ClientHandshake, DhGenChecks) {
  sample s;
  {
    sample_client c(2);
    auto m = s.dh_gen_ok();
    m.new_nonce_hash1 += 1;
    c.expect_error(from_server(m), handshake_errc::bad_new_nonce_hash, "dh_gen_ok");
  }
  {
    sample_client c(2);
    auto m = s.dh_gen_ok();
    m.nonce += 1;
    c.expect_error(from_server(m), handshake_errc::nonce_mismatch, "dh_gen_ok");
  }
  {
    sample_client c(2);
    auto m = s.dh_gen_ok();
    m.server_nonce += 1;
    c.expect_error(from_server(m), handshake_errc::server_nonce_mismatch, "dh_gen_ok");
  }
  {  // new_nonce_hash1 where hash2 belongs
    sample_client c(2);
    const auto ok = s.dh_gen_ok();
    c.expect_error(from_server(mt::dh_gen_retry{ok.nonce, ok.server_nonce, ok.new_nonce_hash1}),
                   handshake_errc::bad_new_nonce_hash, "dh_gen_retry");
  }
  {
    sample_client c(2);
    const auto ok = s.dh_gen_ok();
    c.expect_error(from_server(mt::dh_gen_fail{ok.nonce, ok.server_nonce, ok.new_nonce_hash1}),
                   handshake_errc::bad_new_nonce_hash, "dh_gen_fail");
  }
  {
    sample_client c(2);
    c.expect_error(from_server(s.res_pq()), handshake_errc::unexpected_message);
  }
}

// Proper prefixes of each server message end the handshake with a typed
// error and no key: every prefix of resPQ; of the longer messages every 7th
// and 8th (each client there has done RSA_PAD, and its modular
// exponentiations), which still cuts every field somewhere.
TEST(ClientHandshake, TruncatedMessages) {
  sample s;
  const std::vector<std::byte> messages[] = {from_server(s.res_pq()), from_server(s.dh_params_ok()),
                                             from_server(s.dh_gen_ok())};
  for (int step = 0; step < 3; ++step) {
    const auto& m = messages[step];
    for (std::size_t n = 0; n < m.size(); n += step == 2 ? 8 : step == 1 ? 7 : 1) {
      sample_client c(step);
      auto r = c.hs.receive(std::span(m).first(n), c.now);
      ASSERT_FALSE(r.has_value()) << "step " << step << ", " << n << " bytes";
      EXPECT_TRUE(c.hs.failed());
    }
  }
}

}  // namespace
