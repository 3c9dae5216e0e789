// obfuscated2: the init, the keys, encryption both ways, the server side,
// MTProxy secrets in the keys.
//
// Published vectors, each named where it is used:
//   mtcute  packages/core/src/network/transports/obfuscated.test.ts, with the
//           test entropy of packages/test/src/crypto.ts (DEFAULT_ENTROPY)
//           (github.com/mtcute/mtcute)
//   gotd    internal/proto/codec/obfuscated2_test.go (github.com/gotd/td)
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/support/transport.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/transport.hpp"

namespace {

using namespace tlcpp::net;
using tlcpp::to_hex;
using tlcpp::test::counter_random;
using tlcpp::test::decoded;
using tlcpp::test::feed;
using tlcpp::test::feed_random;
using tlcpp::test::payload;
using tlcpp::test::unhex;
using bytes = std::vector<std::byte>;

// The first 64 bytes of mtcute's DEFAULT_ENTROPY.
constexpr const char* mtcute_entropy =
    "29afd26df40fb8ed10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343936b33fa7f97bae0251025322"
    "33abb269c489920ef99021b";

const std::string ff64(128, 'f');

proxy_secret secret(std::string_view text) {
  auto s = proxy_secret::parse(text);
  EXPECT_TRUE(s) << s.error().message();
  return *s;
}

obfuscated2 make_client(std::string_view random_hex, obfuscated2_options opt = {}) {
  replay_random r(unhex(random_hex));
  auto t = obfuscated2::client(opt, r);
  EXPECT_TRUE(t) << t.error().message();
  return std::move(*t);
}

TEST(Obfuscated2, MtcuteInitFromAllFf) {
  // obfuscated.test.ts "should correctly generate random initial payload":
  // intermediate inside, no DC id (bytes 60..61 stay random).
  auto t = make_client(ff64);
  EXPECT_EQ(to_hex(t.init()), std::string(112, 'f') + "fce8ab2203db2bff");
  EXPECT_EQ(to_hex(t.prefix()), to_hex(t.init()));
  EXPECT_EQ(t.inner(), transport_kind::intermediate);
}

TEST(Obfuscated2, MtcuteInitWithMtproxySecretAndDcIds) {
  // obfuscated.test.ts, "mtproxy": secret of 16 zero bytes; DC 1, test DC 1
  // (10001), media DC 1 (-1).
  struct {
    std::int16_t dc;
    const char* tail;
  } cases[] = {{1, "ecec4cbda8bb188b"}, {10001, "ecec4cbdb89c188b"}, {-1, "ecec4cbd5644188b"}};
  for (const auto& c : cases) {
    auto t = make_client(ff64, {.inner = transport_kind::intermediate,
                                .dc_id = c.dc,
                                .secret = secret("00000000000000000000000000000000"),
                                .max_frame = default_max_frame});
    EXPECT_EQ(to_hex(t.init()), std::string(112, 'f') + c.tail) << c.dc;
    EXPECT_EQ(t.dc_id(), c.dc);
  }
}

TEST(Obfuscated2, MtcuteRedrawsForbiddenPrefixes) {
  // obfuscated.test.ts "should correctly retry for %s prefix": with only 64
  // bytes of entropy, a forbidden init asks for more.
  for (const char* prefix :
       {"ef", "48454144", "504f5354", "47455420", "4f505449", "dddddddd", "eeeeeeee", "16030102"}) {
    const std::string bad = prefix + std::string(128 - std::string_view(prefix).size(), 'f');
    replay_random only64(unhex(bad));
    auto refused = obfuscated2::client({}, only64);
    ASSERT_FALSE(refused) << prefix;
    EXPECT_EQ(refused.error().code, transport_errc::bad_random) << prefix;
    EXPECT_EQ(refused.error().value, static_cast<std::uint64_t>(random_errc::exhausted)) << prefix;
    EXPECT_EQ(refused.error().message(),
              "obfuscated2: the random source failed at byte 0 (a replay source ran out of bytes)");
    // Given more, the second draw is used.
    replay_random more(unhex(bad + ff64));
    auto t = obfuscated2::client({}, more);
    ASSERT_TRUE(t);
    EXPECT_EQ(to_hex(t->init()), std::string(112, 'f') + "fce8ab2203db2bff") << prefix;
  }
  // And a zero second word (which the full transport's seqno 0 has).
  replay_random zero(unhex(std::string(8, 'f') + std::string(8, '0') + std::string(112, 'f') + ff64));
  auto t = obfuscated2::client({}, zero);
  ASSERT_TRUE(t);
  EXPECT_EQ(zero.consumed(), 128u);
}

TEST(Obfuscated2, GivesUpOnABrokenRandomSource) {
  // A source that gives only zeros: no draw is an acceptable init.
  replay_random z(bytes(obfuscated2::init_size * obfuscated2::max_draws));
  auto t = obfuscated2::client({}, z);
  ASSERT_FALSE(t);
  EXPECT_EQ(z.remaining(), 0u);
  EXPECT_EQ(t.error().code, transport_errc::bad_random);
  EXPECT_EQ(t.error().value, obfuscated2::max_draws);
  EXPECT_EQ(t.error().message(), "obfuscated2: no acceptable init in 64 draws from the random source");
}

TEST(Obfuscated2, MtcuteKeys) {
  // obfuscated.test.ts "should correctly create aes ctr" (and "for mtproxy"
  // with secret 00112233445566778899aabbccddeeff).
  const auto init = unhex(mtcute_entropy);
  const auto k = obfuscated2_derive_keys(std::span<const std::byte, 64>(init.data(), 64), role::client);
  EXPECT_EQ(to_hex(k.encrypt_key), "10b6b4ad6d56ef5df9453f88e6ee6adb6e0544ba635dc6a8a990c9b8b980c343");
  EXPECT_EQ(to_hex(k.encrypt_iv), "936b33fa7f97bae025102532233abb26");
  EXPECT_EQ(to_hex(k.decrypt_key), "26bb3a2332251025e0ba977ffa336b9343c380b9b8c990a9a8c65d63ba44056e");
  EXPECT_EQ(to_hex(k.decrypt_iv), "db6aeee6883f45f95def566dadb4b610");

  const auto s = secret("00112233445566778899aabbccddeeff");
  const auto p = obfuscated2_derive_keys(std::span<const std::byte, 64>(init.data(), 64), role::client, &s);
  EXPECT_EQ(to_hex(p.encrypt_key), "dd03188944590983e28dad14d97d0952389d118af4ffcbdb28d56a6a612ef7a6");
  EXPECT_EQ(to_hex(p.encrypt_iv), "936b33fa7f97bae025102532233abb26");
  EXPECT_EQ(to_hex(p.decrypt_key), "413b8e08021fbb08a2962b6d7187194fe46565c6b329d3bbdfcffd4870c16119");
  EXPECT_EQ(to_hex(p.decrypt_iv), "db6aeee6883f45f95def566dadb4b610");

  // The server's are the client's, swapped.
  const auto srv = obfuscated2_derive_keys(std::span<const std::byte, 64>(init.data(), 64), role::server, &s);
  EXPECT_EQ(srv.encrypt_key, p.decrypt_key);
  EXPECT_EQ(srv.encrypt_iv, p.decrypt_iv);
  EXPECT_EQ(srv.decrypt_key, p.encrypt_key);
  EXPECT_EQ(srv.decrypt_iv, p.encrypt_iv);
}

TEST(Obfuscated2, GotdReversedInit) {
  // obfuscated2_test.go Test_getDecryptInit: bytes 0..63 = 0..63; the
  // decrypt key and iv are bytes 55 down to 8.
  bytes init(64);
  for (int i = 0; i < 64; ++i) init[i] = static_cast<std::byte>(i);
  const auto k = obfuscated2_derive_keys(std::span<const std::byte, 64>(init.data(), 64), role::client);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(std::to_integer<int>(k.decrypt_key[i]), 55 - i);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(std::to_integer<int>(k.decrypt_iv[i]), 23 - i);
}

TEST(Obfuscated2, MtcuteEncryptsTheInnerFrames) {
  // obfuscated.test.ts "should correctly encrypt the underlying codec":
  // intermediate 04000000 6cfeffff, twice, after the init.
  auto t = make_client(mtcute_entropy);
  bytes out;
  ASSERT_FALSE(t.encode(unhex("6cfeffff"), out));
  ASSERT_EQ(out.size(), 64u + 8u);
  EXPECT_EQ(to_hex(std::span(out).first(64)), to_hex(t.init()));
  EXPECT_EQ(to_hex(std::span(out).subspan(64)), "a1020630a410e940");
  out.clear();
  ASSERT_FALSE(t.encode(unhex("6cfeffff"), out));
  EXPECT_EQ(to_hex(out), "f53ff53f371db495");
}

TEST(Obfuscated2, MtcuteDecryptsTransportErrors) {
  // obfuscated.test.ts "should correctly decrypt the underlying codec": two
  // -404s, in two reads.
  auto t = make_client(mtcute_entropy);
  std::vector<std::int32_t> codes;
  for (const char* piece : {"e8027df708ab3b5c", "1854be76d2df4949"}) {
    auto d = feed(t, unhex(piece));
    ASSERT_FALSE(d.error);
    for (auto& e : d.events) {
      EXPECT_EQ(e.kind, received_kind::transport_error);
      codes.push_back(e.error_code);
    }
  }
  EXPECT_EQ(codes, (std::vector<std::int32_t>{-404, -404}));
}

TEST(Obfuscated2, GotdHeaders) {
  // obfuscated2_test.go Test_generateKeys: random "a" x 64, secret aa x 16,
  // padded intermediate, DC 2.
  std::string a64;
  for (int i = 0; i < 64; ++i) a64 += "61";
  auto t = make_client(a64, {.inner = transport_kind::padded_intermediate,
                             .dc_id = 2,
                             .secret = secret(std::string(32, 'a')),
                             .max_frame = default_max_frame});
  EXPECT_EQ(to_hex(t.init()), a64.substr(0, 112) + "ab4162424f66fddc");

  // TestEncrypt: fixed random, secret 8a96ef6e42a18c21837580cd1c91c5a8.
  const std::string rnd =
      "f5768f50b731260a46be1027c2eeaa39350624f0b6da59eba56c81fe4510c2e0b61d3dd323ee02388633e3837a0c1c24fa6f29ccd724be6f"
      "416ff7b026f6cce6";
  const auto s = secret("8a96ef6e42a18c21837580cd1c91c5a8");
  auto t2 = make_client(
      rnd, {.inner = transport_kind::padded_intermediate, .dc_id = 2, .secret = s, .max_frame = default_max_frame});
  EXPECT_EQ(to_hex(t2.init()), rnd.substr(0, 112) + "bea2dde16dc59dd2");
  // The streams themselves: encrypt past the 64-byte init, decrypt from 0.
  const auto init = unhex(rnd);
  const auto k = obfuscated2_derive_keys(std::span<const std::byte, 64>(init.data(), 64), role::client, &s);
  aes256_ctr enc(k.encrypt_key, k.encrypt_iv);
  bytes skip(64);
  enc.apply(skip);
  bytes abcd = unhex("61626364");
  enc.apply(abcd);
  EXPECT_EQ(to_hex(abcd), "ca7a8226");
  aes256_ctr dec(k.decrypt_key, k.decrypt_iv);
  abcd = unhex("61626364");
  dec.apply(abcd);
  EXPECT_EQ(to_hex(abcd), "8f711982");
}

TEST(Obfuscated2, DcIdIsSignedLittleEndianAtBytes60And61) {
  counter_random rnd(5);
  for (std::int16_t dc : {std::int16_t{2}, std::int16_t{-2}, std::int16_t{10004}, std::int16_t{-10005}}) {
    auto c =
        obfuscated2::client({.inner = transport_kind::abridged, .dc_id = dc, .secret = {}, .max_frame = 1024}, rnd);
    ASSERT_TRUE(c);
    obfuscated2 s;
    bytes out;
    c->start(out);
    auto d = feed(s, out);
    ASSERT_FALSE(d.error);
    EXPECT_TRUE(s.ready());
    EXPECT_EQ(s.dc_id(), dc);
    EXPECT_EQ(s.inner(), transport_kind::abridged);
    EXPECT_EQ(detect_transport(out).dc_id, dc);
  }
}

obfuscated2_options opts(transport_kind inner, std::optional<proxy_secret> s = std::nullopt, std::int16_t dc = 2) {
  return {.inner = inner, .dc_id = dc, .secret = std::move(s), .max_frame = default_max_frame};
}

TEST(Obfuscated2, ClientAndServerBothWaysInPieces) {
  counter_random rnd(11);
  const std::vector<std::optional<proxy_secret>> secrets = {std::nullopt, secret("00112233445566778899aabbccddeeff"),
                                                            secret("dd00112233445566778899aabbccddeeff")};
  for (auto inner : {transport_kind::abridged, transport_kind::intermediate, transport_kind::padded_intermediate}) {
    for (const auto& sec : secrets) {
      if (sec && sec->wants_padding() && inner != transport_kind::padded_intermediate) continue;
      const bool padded = inner == transport_kind::padded_intermediate;
      auto client = obfuscated2::client(opts(inner, sec), rnd);
      ASSERT_TRUE(client) << client.error().message();
      std::vector<bytes> ps;
      bytes up;
      for (std::size_t n : {4u, 16u, 504u, 508u, 4096u, 8u}) {
        ps.push_back(payload(n, static_cast<unsigned>(n)));
        ASSERT_FALSE(client->encode(ps.back(), up, {.quick_ack = n == 16}));
      }
      for (std::size_t piece : {0u, 1u, 13u}) {
        obfuscated2 server({.secret = sec, .max_frame = default_max_frame, .random = &rnd});
        EXPECT_FALSE(server.ready());
        bytes none;
        EXPECT_EQ(server.encode(ps[0], none)->code, transport_errc::not_ready);
        auto d = feed(server, up, piece);
        ASSERT_FALSE(d.error) << d.error->message();
        EXPECT_EQ(server.inner(), inner);
        EXPECT_EQ(server.dc_id(), 2);
        ASSERT_EQ(d.events.size(), ps.size());
        for (std::size_t i = 0; i < ps.size(); ++i) {
          const auto& got = d.events[i].payload;
          ASSERT_GE(got.size(), ps[i].size());
          EXPECT_TRUE(std::equal(ps[i].begin(), ps[i].end(), got.begin()));
          if (!padded) {
            EXPECT_EQ(got.size(), ps[i].size());
          }
          EXPECT_EQ(d.events[i].quick_ack_requested, ps[i].size() == 16);
        }
        EXPECT_FALSE(server.finish());

        // And back: frames, a quick ack and a transport error.
        bytes down;
        ASSERT_FALSE(server.encode(ps[2], down));
        ASSERT_FALSE(server.encode_quick_ack(0x01020304, down));
        ASSERT_FALSE(server.encode(ps[3], down));
        ASSERT_FALSE(server.encode_transport_error(-429, down));
        auto back = obfuscated2::client_from_init(client->init().first<64>(), opts(inner, sec), &rnd);
        // A client with the same init (the keys come from bytes 8..55): its
        // decrypt stream starts at 0, as the first client's did.
        ASSERT_TRUE(back);
        auto e = feed_random(*back, down, piece + 1);
        ASSERT_FALSE(e.error) << e.error->message();
        ASSERT_EQ(e.events.size(), 4u);
        EXPECT_TRUE(std::equal(ps[2].begin(), ps[2].end(), e.events[0].payload.begin()));
        EXPECT_EQ(e.events[1].kind, received_kind::quick_ack);
        EXPECT_EQ(e.events[1].quick_ack, 0x81020304u);
        EXPECT_TRUE(std::equal(ps[3].begin(), ps[3].end(), e.events[2].payload.begin()));
        EXPECT_EQ(e.events[3].kind, received_kind::transport_error);
        EXPECT_EQ(e.events[3].error_code, -429);
      }
    }
  }
}

TEST(Obfuscated2, WrongOrMissingSecretIsABadInit) {
  counter_random rnd(3);
  auto client =
      obfuscated2::client(opts(transport_kind::intermediate, secret("00112233445566778899aabbccddeeff")), rnd);
  ASSERT_TRUE(client);
  bytes up;
  ASSERT_FALSE(client->encode(payload(8, 1), up));
  for (auto server_secret :
       {std::optional<proxy_secret>{}, std::optional(secret("ffeeddccbbaa99887766554433221100"))}) {
    obfuscated2 server({.secret = server_secret, .max_frame = default_max_frame, .random = nullptr});
    auto d = feed(server, up, 1);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, transport_errc::bad_init);
    EXPECT_EQ(d.error->offset, 56u);
    EXPECT_FALSE(server.ready());
    EXPECT_TRUE(server.finish());
    EXPECT_NE(d.error->message().find("secret"), std::string::npos) << d.error->message();
  }
}

TEST(Obfuscated2, FlippedTagByteIsABadInit) {
  counter_random rnd(4);
  auto client = obfuscated2::client(opts(transport_kind::abridged), rnd);
  ASSERT_TRUE(client);
  bytes up;
  client->start(up);
  fault_injector f({.drop_at = std::nullopt, .flips = {{57, std::byte{0x10}}}});
  bytes arrived;
  obfuscated2 server;
  auto d = feed(server, f.pass(up, arrived));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, transport_errc::bad_init);
}

TEST(Obfuscated2, Refusals) {
  counter_random rnd(6);
  // A dd secret asks for padded intermediate.
  auto t = obfuscated2::client(opts(transport_kind::intermediate, secret("dd00112233445566778899aabbccddeeff")), rnd);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, transport_errc::unsupported);
  EXPECT_NE(t.error().message().find("padded"), std::string::npos);
  // full cannot go inside.
  t = obfuscated2::client(opts(transport_kind::full), rnd);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, transport_errc::unsupported);
  // An init that should have been redrawn.
  bytes bad(64, std::byte{0xff});
  bad[0] = std::byte{0xef};
  t = obfuscated2::client_from_init(std::span<const std::byte, 64>(bad.data(), 64), {}, nullptr);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, transport_errc::bad_random);

  // Lengths past the maximum, decrypted first: refused at the init's end + 4.
  auto c = obfuscated2::client(opts(transport_kind::intermediate), rnd);
  ASSERT_TRUE(c);
  obfuscated2 s({.secret = {}, .max_frame = 1024, .random = nullptr});
  bytes up;
  ASSERT_FALSE(c->encode(payload(2048, 0), up));
  auto d = feed(s, up, 1);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, transport_errc::frame_too_large);
  EXPECT_EQ(d.error->offset, 64u);
  EXPECT_EQ(d.error->value, 2048u);
  EXPECT_EQ(d.error->transport, transport_kind::obfuscated2);

  // A stream that ends inside the init.
  obfuscated2 s2;
  d = feed(s2, std::span(up).first(40));
  EXPECT_FALSE(d.error);
  auto f = s2.finish();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, transport_errc::truncated);
  EXPECT_EQ(f->offset, 40u);
  EXPECT_EQ(f->value, 24u);
}

}  // namespace
