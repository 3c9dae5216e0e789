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
  nlohmann::json v = tlcpp::test::load_net_vectors("samples_auth_key.json");
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

}  // namespace
