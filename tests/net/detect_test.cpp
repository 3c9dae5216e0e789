// MTProxy secrets (parsing and refusals) and the server's detection of every
// transport from its first bytes, then serving it.
//
// The secret forms follow TDLib td/mtproto/ProxySecret.cpp (from_link,
// from_binary) and gotd internal/mtproxy/secret.go; the base64url texts below
// come from Python's base64.urlsafe_b64encode.
#include <gtest/gtest.h>

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
using tlcpp::test::feed;
using tlcpp::test::payload;
using tlcpp::test::unhex;
using bytes = std::vector<std::byte>;

// --- secrets ----------------------------------------------------------------

TEST(ProxySecret, PlainAndDdInHexAndBase64url) {
  struct {
    const char* text;
    proxy_secret::kind kind;
  } cases[] = {
      {"00112233445566778899aabbccddeeff", proxy_secret::kind::plain},
      {"00112233445566778899AABBCCDDEEFF", proxy_secret::kind::plain},
      {"ABEiM0RVZneImaq7zN3u_w==", proxy_secret::kind::plain},
      {"ABEiM0RVZneImaq7zN3u_w", proxy_secret::kind::plain},
      {"dd00112233445566778899aabbccddeeff", proxy_secret::kind::secure},
      {"3QARIjNEVWZ3iJmqu8zd7v8=", proxy_secret::kind::secure},
      {"3QARIjNEVWZ3iJmqu8zd7v8", proxy_secret::kind::secure},
  };
  for (const auto& c : cases) {
    auto s = proxy_secret::parse(c.text);
    ASSERT_TRUE(s) << c.text << ": " << s.error().message();
    EXPECT_EQ(s->type(), c.kind) << c.text;
    EXPECT_EQ(to_hex(s->key()), "00112233445566778899aabbccddeeff") << c.text;
    EXPECT_EQ(s->wants_padding(), c.kind == proxy_secret::kind::secure);
    EXPECT_EQ(s->to_string(),
              std::string(c.kind == proxy_secret::kind::secure ? "dd" : "") + "00112233445566778899aabbccddeeff");
  }
  // Standard base64's + and / for - and _.
  auto a = proxy_secret::parse("-_v7-_v7-_v7-_v7-_v7-w==");
  auto b = proxy_secret::parse("+/v7+/v7+/v7+/v7+/v7+w==");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(to_hex(a->key()), "fbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfb");
}

TEST(ProxySecret, FakeTlsIsRecognisedAndRefused) {
  for (const char* text : {"ee00112233445566778899aabbccddeeff676f6f676c652e636f6d",
                           "7gARIjNEVWZ3iJmqu8zd7v9nb29nbGUuY29t", "ee00112233445566778899aabbccddeeff"}) {
    auto s = proxy_secret::parse(text);
    ASSERT_FALSE(s) << text;
    EXPECT_EQ(s.error().code, secret_errc::fake_tls_unsupported) << text;
    EXPECT_NE(s.error().message().find("fake-TLS"), std::string::npos);
    EXPECT_NE(s.error().message().find("not supported"), std::string::npos);
  }
}

TEST(ProxySecret, EverythingElseIsRefusedClearly) {
  struct {
    const char* text;
    secret_errc code;
    std::size_t value;
  } cases[] = {
      {"00112233445566778899aabbccddee", secret_errc::bad_length, 15},         // 30 hex digits
      {"00112233445566778899aabbccddeeff00", secret_errc::unknown_prefix, 0},  // 17 bytes, not dd
      {"ab00112233445566778899aabbccddeeff", secret_errc::unknown_prefix, 0xab},
      {"dd00112233445566778899aabbccddeeff00", secret_errc::bad_length, 18},  // dd + 17
      {"0011223344556677889!aabbccddeeff", secret_errc::bad_encoding, 19},    // not hex, not base64
      {"", secret_errc::bad_encoding, 0},
      {"0011223344556677 899aabbccddeeff", secret_errc::bad_encoding, 16},  // white space is neither
      {"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", secret_errc::bad_length, 24},    // base64: 24 bytes
      {"ABEiM0RVZneImaq7zN3u_w=", secret_errc::bad_encoding, 22},           // padding short of a group
      {"A", secret_errc::bad_encoding, 1},
  };
  for (const auto& c : cases) {
    auto s = proxy_secret::parse(c.text);
    ASSERT_FALSE(s) << c.text;
    EXPECT_EQ(s.error().code, c.code) << c.text << ": " << s.error().message();
    EXPECT_EQ(s.error().value, c.value) << c.text;
    EXPECT_NE(s.error().message().find("MTProxy secret"), std::string::npos);
  }
  EXPECT_EQ(proxy_secret::from_bytes(unhex("0011")).error().code, secret_errc::bad_length);
}

// --- detection ----------------------------------------------------------------

bytes client_start(any_transport& t, std::size_t frame = 8) {
  bytes out;
  EXPECT_FALSE(t.encode(payload(frame, 1), out));
  return out;
}

TEST(Detect, EachTagFromItsFirstBytes) {
  EXPECT_EQ(detect_transport({}).status, detect_status::need_more);
  EXPECT_EQ(detect_transport({}).needed, 1u);

  auto d = detect_transport(unhex("ef"));
  EXPECT_EQ(d.status, detect_status::detected);
  EXPECT_EQ(d.kind, transport_kind::abridged);

  for (const char* partial : {"ee", "eeee", "eeeeee", "dd", "dddddd"}) {
    d = detect_transport(unhex(partial));
    EXPECT_EQ(d.status, detect_status::need_more) << partial;
    EXPECT_EQ(d.needed, 4u);
  }
  d = detect_transport(unhex("eeeeeeee"));
  EXPECT_EQ(d.status, detect_status::detected);
  EXPECT_EQ(d.kind, transport_kind::intermediate);
  d = detect_transport(unhex("dddddddd04000000"));
  EXPECT_EQ(d.kind, transport_kind::padded_intermediate);

  // full: a length, then seqno 0
  d = detect_transport(unhex("10000000"));
  EXPECT_EQ(d.status, detect_status::need_more);
  EXPECT_EQ(d.needed, 8u);
  d = detect_transport(unhex("1000000000000000"));
  EXPECT_EQ(d.status, detect_status::detected);
  EXPECT_EQ(d.kind, transport_kind::full);
  // an obfuscated2 init needs all 64
  d = detect_transport(unhex("1000000001000000"));
  EXPECT_EQ(d.status, detect_status::need_more);
  EXPECT_EQ(d.needed, 64u);
}

TEST(Detect, Garbage) {
  struct {
    const char* hex;
    const char* reason_has;
  } cases[] = {
      {"474554202f20485454502f312e310d0a", "HTTP"},  // "GET / HTTP/1.1"
      {"504f5354202f6170692048", "HTTP"},
      {"16030102000100", "TLS"},
      {"0300000000000000", "full"},  // seqno 0 after an impossible length
  };
  for (const auto& c : cases) {
    auto d = detect_transport(unhex(c.hex));
    EXPECT_EQ(d.status, detect_status::unknown) << c.hex;
    EXPECT_NE(std::string(d.reason).find(c.reason_has), std::string::npos) << d.reason;
  }
  // 64 bytes that decrypt to no tag.
  bytes junk(64);
  ASSERT_TRUE(counter_random(99).fill(junk));
  junk[0] = std::byte{0x01};
  junk[4] = std::byte{0x01};
  auto d = detect_transport(junk);
  EXPECT_EQ(d.status, detect_status::unknown);
}

TEST(Detect, EveryClientTransportIsDetectedAndServed) {
  counter_random rnd(21);
  const auto sec = *proxy_secret::parse("dd00112233445566778899aabbccddeeff");
  const auto co = [](transport_kind kind, transport_kind inner = transport_kind::padded_intermediate,
                     std::int16_t dc = 0, std::optional<proxy_secret> secret = std::nullopt) {
    client_options o;
    o.kind = kind;
    o.inner = inner;
    o.dc_id = dc;
    o.secret = std::move(secret);
    return o;
  };
  struct {
    client_options opt;
    bool with_secret;
  } cases[] = {
      {co(transport_kind::abridged), false},
      {co(transport_kind::intermediate), false},
      {co(transport_kind::padded_intermediate), false},
      {co(transport_kind::full), false},
      {co(transport_kind::obfuscated2, transport_kind::abridged, 2), false},
      {co(transport_kind::obfuscated2, transport_kind::intermediate, -4), false},
      {co(transport_kind::obfuscated2, transport_kind::padded_intermediate, 10002), false},
      {co(transport_kind::obfuscated2, transport_kind::padded_intermediate, 5, sec), true},
  };
  for (auto& c : cases) {
    auto client = make_client_transport(c.opt, rnd);
    ASSERT_TRUE(client) << client.error().message();
    bytes up;
    std::vector<bytes> ps = {payload(8, 1), payload(512, 2), payload(40, 3)};
    for (const auto& p : ps) ASSERT_FALSE(client->encode(p, up));

    const proxy_secret* s = c.with_secret ? &sec : nullptr;
    // Byte by byte: need_more until it knows, then the same answer.
    detection d;
    std::size_t have = 0;
    do {
      ++have;
      d = detect_transport(std::span(up).first(have), s);
      if (d.status == detect_status::need_more) {
        EXPECT_GT(d.needed, have);
      }
    } while (d.status == detect_status::need_more && have < up.size());
    ASSERT_EQ(d.status, detect_status::detected) << to_string(c.opt.kind);
    EXPECT_LE(have, 64u);
    EXPECT_EQ(d.kind, c.opt.kind);
    if (c.opt.kind == transport_kind::obfuscated2) {
      EXPECT_EQ(d.inner, c.opt.inner);
      EXPECT_EQ(d.dc_id, c.opt.dc_id);
      EXPECT_EQ(have, 64u);
    }
    auto server = make_server_transport(
        d,
        {.max_frame = default_max_frame, .secret = c.with_secret ? std::optional(sec) : std::nullopt, .random = &rnd});
    ASSERT_TRUE(server) << server.error().message();
    EXPECT_EQ(server->side(), role::server);
    EXPECT_EQ(server->kind(), c.opt.kind);
    auto got = feed(*server, up, 5);
    ASSERT_FALSE(got.error) << got.error->message();
    ASSERT_EQ(got.events.size(), ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) {
      EXPECT_TRUE(std::equal(ps[i].begin(), ps[i].end(), got.events[i].payload.begin()));
    }
    // and the server answers in the same transport
    bytes down;
    ASSERT_FALSE(server->encode(ps[1], down));
    ASSERT_FALSE(server->encode_transport_error(-444, down));
    auto back = feed(*client, down, 3);
    ASSERT_FALSE(back.error) << back.error->message();
    ASSERT_EQ(back.events.size(), 2u);
    EXPECT_TRUE(std::equal(ps[1].begin(), ps[1].end(), back.events[0].payload.begin()));
    EXPECT_EQ(back.events[1].kind, received_kind::transport_error);
    EXPECT_EQ(back.events[1].error_code, -444);
  }
}

TEST(Detect, ObfuscatedWithASecretNeedsTheSecret) {
  counter_random rnd(8);
  const auto sec = *proxy_secret::parse("00112233445566778899aabbccddeeff");
  client_options o;
  o.kind = transport_kind::obfuscated2;
  o.inner = transport_kind::intermediate;
  o.dc_id = 2;
  o.secret = sec;
  auto client = make_client_transport(o, rnd);
  ASSERT_TRUE(client);
  const bytes up = client_start(*client);
  EXPECT_EQ(detect_transport(up, &sec).status, detect_status::detected);
  auto d = detect_transport(up);
  EXPECT_EQ(d.status, detect_status::unknown);
  EXPECT_NE(std::string(d.reason).find("MTProxy"), std::string::npos);
}

TEST(Detect, ClientPassesOnAFailedRandomSource) {
  // 64 bytes are drawn for the init; 10 are not enough.
  replay_random rnd(bytes(10));
  client_options o;
  o.kind = transport_kind::obfuscated2;
  auto client = make_client_transport(o, rnd);
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, transport_errc::bad_random);
  EXPECT_EQ(client.error().transport, transport_kind::obfuscated2);
  EXPECT_EQ(rnd.remaining(), 10u);
}

TEST(Detect, ServerNeedsRandomForPadded) {
  auto s = make_server_transport(detect_transport(unhex("dddddddd")), {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, transport_errc::unsupported);
  EXPECT_FALSE(make_server_transport(detect_transport(unhex("dd")), {}));
}

}  // namespace
