// tlcpp/net/handshake_server.hpp against tlcpp/net/handshake.hpp, both in
// process: permanent and temporary keys with fixed randomness (exact values,
// pinned after Python computed the same from the same random streams, and
// once recomputed here with Boost.Multiprecision instead of OpenSSL), and every
// fault the server can be asked for ending the client in its own error.
// The server's RSA key is vectors/handshake_server_key.pem (generated once
// with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`, for
// these tests only).
#include "tlcpp/net/handshake_server.hpp"

#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/handshake.hpp"

namespace {

namespace net = tlcpp::net;
using net::handshake_errc;
using tlcpp::to_hex;

using tlcpp::test::unhex;

std::vector<std::byte> cat_bytes(std::initializer_list<std::vector<std::byte>> parts) {
  std::vector<std::byte> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const net::rsa_private_key& server_key() {
  static const net::rsa_private_key key = [] {
    std::ifstream in(std::string(TLCPP_NET_VECTORS_DIR) + "/handshake_server_key.pem");
    std::stringstream text;
    text << in.rdbuf();
    return std::move(net::rsa_private_key::from_pem(text.str()).value());
  }();
  return key;
}

// `n` bytes of SHA-256(label || counter) blocks: fixed, unrelated streams.
std::vector<std::byte> stream(std::string_view label, std::size_t n = 4096) {
  std::vector<std::byte> out;
  for (std::uint32_t i = 0; out.size() < n; ++i) {
    const auto h = net::sha256(std::span(reinterpret_cast<const std::byte*>(label.data()), label.size()),
                               std::span(reinterpret_cast<const std::byte*>(&i), 4));
    out.insert(out.end(), h.begin(), h.end());
  }
  out.resize(n);
  return out;
}

constexpr std::int64_t client_now = 1700000000;
constexpr std::int64_t server_now = 1700000100;  // the server's clock 100 s ahead

// A client and a server talking; run() goes until one side fails or the
// client is done.
struct pair_run {
  std::vector<std::byte> client_bytes = stream("client"), server_bytes = stream("server");
  net::replay_random client_rng{client_bytes}, server_rng{server_bytes};
  net::rsa_key_set keys;
  net::dh_prime_cache primes;
  net::handshake_options options;
  net::handshake_server_options server_options;
  std::size_t b_at = 0;  // where the client's (last) b was drawn in its stream

  std::vector<std::byte> transcript;  // every message, both ways, in order
  std::optional<net::handshake_result> client_result, server_result;
  std::optional<net::handshake_error> client_error, server_error;
  int retries = 0;

  pair_run() { keys.add(server_key().public_key()); }

  // Whether the client's message is set_client_DH_params (for which it drew b).
  static bool draws_b(const std::vector<std::byte>& message) {
    auto m = net::parse_plain_message(message);
    return m && tlcpp::try_parse<tlcpp::mtproto::set_client_DH_params>(m->body).has_value();
  }

  void run() {
    net::client_handshake client(options, client_rng, keys, primes);
    net::server_handshake server(server_options, server_key(), server_rng);
    auto first = client.start(client_now);
    ASSERT_TRUE(first.has_value());
    std::vector<std::byte> to_server = *first;
    for (int round = 0; round < 20; ++round) {
      transcript.insert(transcript.end(), to_server.begin(), to_server.end());
      auto answer = server.receive(to_server, server_now);
      if (!answer) {
        server_error = answer.error();
        return;
      }
      if (answer->done) server_result = answer->done;
      transcript.insert(transcript.end(), answer->send.begin(), answer->send.end());
      const std::size_t before = client_rng.consumed();
      auto next = client.receive(answer->send, client_now);
      if (next && draws_b(next->send)) b_at = before;
      retries = client.retries();
      if (!next) {
        client_error = next.error();
        // A failed handshake stays failed, and gives no key.
        auto again = client.receive(answer->send, client_now);
        EXPECT_FALSE(again.has_value());
        if (!again) {
          EXPECT_EQ(again.error().code, handshake_errc::failed_earlier);
        }
        EXPECT_TRUE(client.failed());
        return;
      }
      if (next->done) {
        client_result = next->done;
        return;
      }
      to_server = next->send;
    }
    FAIL() << "no end after 20 rounds";
  }
};

using boost::multiprecision::cpp_int;
cpp_int big(std::span<const std::byte> be) {
  cpp_int v;
  for (std::byte b : be) v = v << 8 | std::to_integer<unsigned>(b);
  return v;
}
std::string hex256(const cpp_int& v) {
  std::vector<std::byte> out(256);
  cpp_int x = v;
  for (std::size_t i = 256; i-- > 0;) {
    out[i] = std::byte(static_cast<unsigned>(x & 0xff));
    x >>= 8;
  }
  return to_hex(out);
}

// The key both sides made, recomputed without OpenSSL: g^(ab) mod p with a
// and b taken from the random streams where the draw order puts them.
void expect_independent_key(const pair_run& r) {
  const auto p = big(net::telegram_dh_prime());
  const auto a = big(std::span(r.server_bytes).subspan(16, 256));  // after server_nonce
  const auto b = big(std::span(r.client_bytes).subspan(r.b_at, 256));
  const cpp_int g_a = boost::multiprecision::powm(cpp_int(3), a, p);
  EXPECT_EQ(to_hex(r.client_result->auth_key), hex256(boost::multiprecision::powm(g_a, b, p)));
  // Salt: new_nonce (client stream 16..48) XOR server_nonce (server stream 0..16), first 8 bytes.
  std::int64_t salt = 0;
  for (int i = 7; i >= 0; --i)
    salt = static_cast<std::int64_t>(static_cast<std::uint64_t>(salt) << 8 |
                                     std::to_integer<std::uint64_t>(r.client_bytes[16 + i] ^ r.server_bytes[i]));
  EXPECT_EQ(r.client_result->server_salt, salt);
}

TEST(HandshakePair, PermanentKey) {
  pair_run r;
  r.run();
  ASSERT_FALSE(r.client_error) << r.client_error->message;
  ASSERT_FALSE(r.server_error) << r.server_error->message;
  ASSERT_TRUE(r.client_result && r.server_result);
  EXPECT_EQ(to_hex(r.client_result->auth_key), to_hex(r.server_result->auth_key));
  EXPECT_EQ(r.client_result->server_salt, r.server_result->server_salt);
  EXPECT_EQ(r.client_result->server_time_offset, 100);
  EXPECT_EQ(r.client_result->expires_at, 0);
  EXPECT_EQ(r.server_result->expires_at, 0);
  // Pinned; also found by Python (pow() and hashlib, from the same streams).
  EXPECT_EQ(to_hex(net::auth_key_id(r.client_result->auth_key)), "3866e121501431cf");
  EXPECT_EQ(r.client_result->server_salt, -1044614480090856660);
  EXPECT_EQ(r.b_at, 172u);  // 16 nonce + 32 new_nonce + 92 RSA_PAD padding + 32 temp_key
  // The whole recorded exchange, byte for byte (pinned): six messages, each a
  // 20-byte header and its body; their sizes as the TL lengths make them.
  EXPECT_EQ(r.transcript.size(), 40u + 84 + 340 + 652 + 396 + 72);
  EXPECT_EQ(to_hex(net::sha256(r.transcript)), "e7fa8e8cf649587048d6a5e976b902da773b2608eae31eadb51374c097ca7564");
  expect_independent_key(r);
  EXPECT_EQ(r.primes.known_prime_hits(), 1u);
  EXPECT_EQ(r.primes.primality_tests(), 0u);
}

TEST(HandshakePair, TemporaryKeyOnTestMediaDc) {
  pair_run r;
  r.options = {.dc_id = 4, .test_dc = true, .media = true, .expires_in = 86400};
  r.run();
  ASSERT_FALSE(r.client_error) << r.client_error->message;
  ASSERT_TRUE(r.client_result && r.server_result);
  EXPECT_EQ(to_hex(r.client_result->auth_key), to_hex(r.server_result->auth_key));
  EXPECT_EQ(r.client_result->server_salt, r.server_result->server_salt);
  EXPECT_EQ(r.client_result->expires_at, server_now + 86400);
  EXPECT_EQ(r.server_result->expires_at, server_now + 86400);
  // Pinned; also found by Python (pow() and hashlib, from the same streams).
  EXPECT_EQ(to_hex(net::auth_key_id(r.client_result->auth_key)), "a6367e7829ede978");
  EXPECT_EQ(r.b_at, 168u);  // p_q_inner_data_temp_dc is 4 bytes longer: 4 less padding
}

TEST(HandshakePair, InnerDcAsTheServerSeesIt) {
  EXPECT_EQ((net::handshake_options{.dc_id = 2}.inner_dc()), 2);
  EXPECT_EQ((net::handshake_options{.dc_id = 2, .test_dc = true}.inner_dc()), 10002);
  EXPECT_EQ((net::handshake_options{.dc_id = 2, .media = true}.inner_dc()), -2);
  EXPECT_EQ((net::handshake_options{.dc_id = 2, .test_dc = true, .media = true}.inner_dc()), -10002);
}

TEST(HandshakePair, RetryOnceThenOk) {
  pair_run r;
  r.server_options.faults.dh_gen_retries = 1;
  r.run();
  ASSERT_FALSE(r.client_error) << r.client_error->message;
  ASSERT_FALSE(r.server_error) << r.server_error->message;  // the server checked retry_id
  ASSERT_TRUE(r.client_result && r.server_result);
  EXPECT_EQ(r.retries, 1);
  EXPECT_EQ(to_hex(r.client_result->auth_key), to_hex(r.server_result->auth_key));
  // The second b, after the first b and its 12 padding bytes; pinned, also found by Python.
  EXPECT_EQ(r.b_at, 440u);
  EXPECT_EQ(to_hex(net::auth_key_id(r.client_result->auth_key)), "f10b79afa4826fdb");
}

// Each fault ends the client with its own error and no key.
void expect_client_error(pair_run& r, handshake_errc code, std::string_view in_message = {}) {
  r.run();
  ASSERT_TRUE(r.client_error) << "no error";
  EXPECT_EQ(r.client_error->code, code) << r.client_error->message;
  EXPECT_NE(r.client_error->message.find(in_message), std::string::npos) << r.client_error->message;
  EXPECT_FALSE(r.client_result);
}

TEST(HandshakeFaults, WrongNonce) {
  pair_run r;
  r.server_options.faults.wrong_nonce = true;
  expect_client_error(r, handshake_errc::nonce_mismatch, "resPQ");
}
TEST(HandshakeFaults, WrongServerNonce) {
  pair_run r;
  r.server_options.faults.wrong_server_nonce = true;
  expect_client_error(r, handshake_errc::server_nonce_mismatch, "server_DH_params_ok");
}
TEST(HandshakeFaults, UnknownFingerprint) {
  pair_run r;
  r.server_options.faults.unknown_fingerprint = true;
  expect_client_error(r, handshake_errc::unknown_fingerprint);
}
TEST(HandshakeFaults, BuiltInKeysDoNotTrustTheTestServer) {
  pair_run r;
  r.keys = net::telegram_production_keys();
  expect_client_error(r, handshake_errc::unknown_fingerprint);
}
TEST(HandshakeFaults, BadAnswerHash) {
  pair_run r;
  r.server_options.faults.bad_answer_hash = true;
  expect_client_error(r, handshake_errc::answer_hash_mismatch);
}
TEST(HandshakeFaults, ServerDhParamsFail) {
  pair_run r;
  r.server_options.faults.dh_params_fail = true;
  expect_client_error(r, handshake_errc::dh_params_fail);
}
TEST(HandshakeFaults, GaOutOfRange) {
  pair_run r;
  r.server_options.faults.g_a_out_of_range = true;
  expect_client_error(r, handshake_errc::bad_g_a, "g_a is not less than dh_prime - 1");
}
// A 2048-bit prime p with p mod 3 = 2 (so g = 3 passes the residue check)
// whose (p - 1) / 2 is not prime (it is divisible by 5): from
// `openssl prime -generate -bits 2048`.
constexpr std::string_view non_safe_prime =
    "ce2524c56a62ec4923fe58a19d9af90124f81c0839b161a848f9015e1a7b16eb976ec329c8b8f4e3b453496f23f70342c4a9eb8a5b6b9cf3"
    "d233e36589484a1fbe76b41c4bc4fabb2d9f4334709e3a8596c1cf2498e1c6f8dab0a136aeb7b7f9e5943f7c50976b88df49b95bd1f629"
    "3b794d0d1b8c664d3902db6a4937d5ff20f373374b158024178d756c340b5fee116ddbbe72fe5018b00c908756c477d136de7f469bf41d"
    "7af1ea5c910dd5061702759aa869328fd03f8b41036b808f0a13199fa51c86a328c27ca0ccd3c7cea5020bfb5966f630109b4e19a43288"
    "fc6d07f8d8a885c0fb2a540400d3337288fe3366ab6dc18239ee8954c88804ce89637b";
TEST(HandshakeFaults, NonSafePrime) {
  pair_run r;
  r.server_options.dh_prime = *tlcpp::from_hex(non_safe_prime);
  expect_client_error(r, handshake_errc::bad_dh_params, "(dh_prime - 1) / 2 is not a prime");
  EXPECT_EQ(r.primes.primality_tests(), 1u);
}
TEST(HandshakeFaults, CompositePrime) {
  pair_run r;
  auto p = *tlcpp::from_hex(non_safe_prime);
  p.back() = std::byte{0x81};  // p + 6: odd, still 2 mod 3, divisible by 13
  r.server_options.dh_prime = p;
  expect_client_error(r, handshake_errc::bad_dh_params, "dh_prime is not a prime");
}
TEST(HandshakeFaults, GeneratorOutOfRange) {
  pair_run r;
  r.server_options.g = 8;
  expect_client_error(r, handshake_errc::bad_dh_params, "g = 8");
}
TEST(HandshakeFaults, BadNewNonceHash1) {
  pair_run r;
  r.server_options.faults.bad_new_nonce_hash = true;
  expect_client_error(r, handshake_errc::bad_new_nonce_hash, "dh_gen_ok");
}
TEST(HandshakeFaults, DhGenFail) {
  pair_run r;
  r.server_options.faults.dh_gen_fail = true;
  expect_client_error(r, handshake_errc::dh_gen_fail);
}
TEST(HandshakeFaults, TooManyRetries) {
  pair_run r;
  r.options.max_retries = 2;
  r.server_options.faults.dh_gen_retries = 3;
  expect_client_error(r, handshake_errc::too_many_retries);
  EXPECT_EQ(r.retries, 3);
}

// A client and server stepped by hand: at(k) runs them until the server is
// to receive the client's message k (0 req_pq_multi, 1 req_DH_params, 2
// set_client_DH_params) and returns it, for a test to change.
struct by_hand {
  std::vector<std::byte> client_bytes = stream("client"), server_bytes = stream("server");
  net::replay_random client_rng{client_bytes}, server_rng{server_bytes};
  net::rsa_key_set keys;
  net::dh_prime_cache primes;
  net::client_handshake client{{}, client_rng, keys, primes};
  net::server_handshake server{{}, server_key(), server_rng};

  explicit by_hand() { keys.add(server_key().public_key()); }

  std::vector<std::byte> at(int k) {
    auto m = client.start(client_now);
    EXPECT_TRUE(m.has_value());
    std::vector<std::byte> out = *m;
    for (int i = 0; i < k; ++i) {
      auto answer = server.receive(out, server_now);
      EXPECT_TRUE(answer.has_value());
      auto next = client.receive(answer->send, client_now);
      EXPECT_TRUE(next.has_value());
      out = next->send;
    }
    return out;
  }
  void expect_error(const std::vector<std::byte>& message, handshake_errc code, std::string_view in_message = {}) {
    auto r = server.receive(message, server_now);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(in_message), std::string::npos) << r.error().message;
    EXPECT_TRUE(server.failed());
    auto again = server.receive(message, server_now);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, handshake_errc::failed_earlier);
  }
  // The body of message k, parsed as T; and a client message carrying x.
  template <class T>
  static T body(const std::vector<std::byte>& message) {
    return tlcpp::parse<T>(net::parse_plain_message(message)->body);
  }
  template <class T>
  static std::vector<std::byte> message(const T& x) {
    return net::make_plain_message(std::int64_t{1700000000} << 32, tlcpp::serialize(x));
  }
  // set_client_DH_params carrying `inner` under this handshake's
  // tmp_aes_key/iv (new_nonce: client stream 16..48; server_nonce: server
  // stream 0..16).
  std::vector<std::byte> set_client_dh(const tlcpp::mtproto::client_DH_inner_data& inner) {
    const auto key =
        net::handshake_aes_key_iv(std::span(server_bytes).first<16>(), std::span(client_bytes).subspan<16, 32>());
    const auto data = tlcpp::serialize(inner);
    const auto h = net::sha1(data);
    std::vector<std::byte> plain(h.begin(), h.end());
    plain.insert(plain.end(), data.begin(), data.end());
    plain.resize((plain.size() + 15) / 16 * 16);
    net::aes256_ige aes;
    EXPECT_TRUE(aes.encrypt(key.key, key.iv, plain).has_value());
    return message(tlcpp::mtproto::set_client_DH_params{inner.nonce, inner.server_nonce,
                                                        tlcpp::bytes(std::span<const std::byte>(plain))});
  }
};

// What the client RSA_PADs, as the server role decrypts it: exactly
// p_q_inner_data_dc with the drawn nonces, then the client's padding draws.
TEST(ServerHandshake, DecryptsTheClientsInnerData) {
  by_hand h;
  const auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
  auto data = server_key().rsa_pad_decrypt(req.encrypted_data.span());
  ASSERT_TRUE(data.has_value()) << data.error().message;
  const auto expected =
      cat_bytes({unhex("955ff5a9"
                       "081460e7d3fa727791000000"
                       "043c2357cf000000"
                       "0456bfb29f000000"),
                 std::vector<std::byte>(h.client_bytes.begin(), h.client_bytes.begin() + 16),
                 std::vector<std::byte>(h.server_bytes.begin(), h.server_bytes.begin() + 16),
                 std::vector<std::byte>(h.client_bytes.begin() + 16, h.client_bytes.begin() + 48), unhex("02000000"),
                 std::vector<std::byte>(h.client_bytes.begin() + 48, h.client_bytes.begin() + 140)});
  EXPECT_EQ(to_hex(*data), to_hex(expected));
}

TEST(ServerHandshake, FirstMessageChecks) {
  {
    by_hand h;
    auto m = h.at(0);
    m[8] |= std::byte{1};  // msg_id 1 mod 4: a server's
    h.expect_error(m, handshake_errc::bad_msg_id);
  }
  {
    by_hand h;
    h.expect_error(by_hand::message(tlcpp::mtproto::ping{7}), handshake_errc::unexpected_message, "req_pq_multi");
  }
  {
    by_hand h;
    auto m = h.at(0);
    h.expect_error(std::vector<std::byte>(m.begin(), m.end() - 4), handshake_errc::bad_plain_message);
  }
}

TEST(ServerHandshake, ReqDhParamsChecks) {
  {
    by_hand h;
    auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
    req.public_key_fingerprint = net::telegram_production_key_fingerprint;
    h.expect_error(by_hand::message(req), handshake_errc::bad_fingerprint);
  }
  {
    by_hand h;
    auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
    req.encrypted_data.str()[100] ^= 1;
    h.expect_error(by_hand::message(req), handshake_errc::rsa_pad_failed);
  }
  {
    by_hand h;
    auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
    std::swap(req.p, req.q);
    h.expect_error(by_hand::message(req), handshake_errc::bad_pq);
  }
  {
    by_hand h;
    auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
    req.nonce += 1;
    h.expect_error(by_hand::message(req), handshake_errc::nonce_mismatch, "req_DH_params");
  }
  {
    by_hand h;
    auto req = by_hand::body<tlcpp::mtproto::req_DH_params>(h.at(1));
    req.server_nonce += 1;
    h.expect_error(by_hand::message(req), handshake_errc::server_nonce_mismatch, "req_DH_params");
  }
}

TEST(ServerHandshake, SetClientDhParamsChecks) {
  const auto inner_of = [](by_hand& h) {
    const auto set = by_hand::body<tlcpp::mtproto::set_client_DH_params>(h.at(2));
    return tlcpp::mtproto::client_DH_inner_data{set.nonce, set.server_nonce, 0, {}};
  };
  {  // crafted the way the client does it, with a real g_b: accepted
    by_hand h;
    auto inner = inner_of(h);
    inner.g_b = tlcpp::bytes(std::span<const std::byte>(std::vector<std::byte>(256, std::byte{0x42})));
    auto r = h.server.receive(h.set_client_dh(inner), server_now);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(r->done);
  }
  {
    by_hand h;
    auto inner = inner_of(h);
    inner.g_b = tlcpp::bytes(std::span<const std::byte>(unhex("01")));
    h.expect_error(h.set_client_dh(inner), handshake_errc::bad_g_b, "g_b is not greater than 1");
  }
  {
    by_hand h;
    auto inner = inner_of(h);
    inner.retry_id = 5;
    inner.g_b = tlcpp::bytes(std::span<const std::byte>(std::vector<std::byte>(256, std::byte{0x42})));
    h.expect_error(h.set_client_dh(inner), handshake_errc::bad_retry_id);
  }
  {
    by_hand h;
    auto set = by_hand::body<tlcpp::mtproto::set_client_DH_params>(h.at(2));
    // IGE garbles from a changed block to the end: in the last block only the
    // end of g_b and the padding, so it still parses, and the hash tells.
    set.encrypted_data.str().back() ^= 1;
    h.expect_error(by_hand::message(set), handshake_errc::answer_hash_mismatch);
  }
  {
    by_hand h;
    const auto m = h.at(2);
    auto r = h.server.receive(m, server_now);
    ASSERT_TRUE(r.has_value() && r->done);
    auto after = h.server.receive(m, server_now);
    ASSERT_FALSE(after.has_value());
    EXPECT_EQ(after.error().code, handshake_errc::bad_state);
  }
}

}  // namespace
