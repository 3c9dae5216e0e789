// tlcpp's transports against GramJS's (npm telegram@2.26.22), an independent
// implementation: tests/net/vectors/transports-gramjs.json, written by
// tools/vectors/net/transports.mjs (see there for what each vector is and
// which GramJS code made it). Every byte is compared: frames up to 2 KiB
// directly, longer ones by length, first 32 bytes and SHA-256.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "net/support/transport.hpp"
#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/transport.hpp"

namespace {

using namespace tlcpp::net;
using tlcpp::to_hex;
using tlcpp::test::feed;
using tlcpp::test::feed_random;
using tlcpp::test::payload;
using tlcpp::test::unhex;
using bytes = std::vector<std::byte>;
using json = nlohmann::json;

const json& vectors() {
  static const json v = tlcpp::test::load_net_vectors("transports-gramjs.json");
  return v;
}

std::vector<bytes> payloads() {
  std::vector<bytes> ps;
  for (const auto& p : vectors().at("payloads")) ps.push_back(payload(p.at("size"), p.at("salt")));
  return ps;
}

// Compares bytes with a vector entry: {"hex"} or {"length","head","sha256"}.
void expect_frame(std::span<const std::byte> got, const json& want, const std::string& what) {
  if (want.contains("hex")) {
    EXPECT_EQ(to_hex(got), want.at("hex").get<std::string>()) << what;
    return;
  }
  ASSERT_EQ(got.size(), want.at("length").get<std::size_t>()) << what;
  EXPECT_EQ(to_hex(got.first(32)), want.at("head").get<std::string>()) << what;
  EXPECT_EQ(to_hex(sha256(got)), want.at("sha256").get<std::string>()) << what;
}

// What a reader on the client side makes of payload p: a 4-byte payload that
// is a negative int32 is the server's transport error (GramJS's first payload,
// 00830689, is one), anything else a frame.
void expect_received(const received& r, const bytes& p, role side, std::size_t i) {
  if (side == role::client && p.size() == 4 && std::to_integer<unsigned>(p[3]) >= 0x80) {
    EXPECT_EQ(r.kind, received_kind::transport_error) << i;
    EXPECT_EQ(r.error_code, static_cast<std::int32_t>(detail::load_le32(p.data()))) << i;
  } else {
    EXPECT_EQ(r.kind, received_kind::frame) << i;
    EXPECT_EQ(r.payload, p) << i;
  }
}

// The frames of a vector, whole (large ones rebuilt from our own bytes,
// which expect_frame has checked against the hash).
bytes concat(const std::vector<bytes>& frames) {
  bytes all;
  for (const auto& f : frames) all.insert(all.end(), f.begin(), f.end());
  return all;
}

TEST(GramJs, Abridged) {
  const auto ps = payloads();
  const auto& want = vectors().at("abridged");
  ASSERT_EQ(want.size(), ps.size());
  abridged client(role::client);
  abridged server(role::server);
  std::vector<bytes> frames;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    bytes out;
    ASSERT_FALSE(client.encode(ps[i], out));
    const std::span<const std::byte> frame = i == 0 ? std::span<const std::byte>(out).subspan(1) : out;
    if (i == 0) {
      EXPECT_EQ(to_hex(std::span(out).first(1)), "ef");
    }
    expect_frame(frame, want[i], "abridged client frame " + std::to_string(i));
    bytes s;
    ASSERT_FALSE(server.encode(ps[i], s));  // the server frames the same way
    expect_frame(s, want[i], "abridged server frame " + std::to_string(i));
    frames.emplace_back(frame.begin(), frame.end());
  }
  // Both sides read GramJS's frames back into the payloads, in pieces.
  const bytes stream = concat(frames);
  abridged reader(role::client);
  auto d = feed_random(reader, stream, 42, 4099);
  ASSERT_FALSE(d.error) << d.error->message();
  ASSERT_EQ(d.events.size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) expect_received(d.events[i], ps[i], role::client, i);
  bytes tagged = unhex("ef");
  tagged.insert(tagged.end(), stream.begin(), stream.end());
  abridged sreader(role::server);
  d = feed(sreader, tagged);
  ASSERT_FALSE(d.error);
  ASSERT_EQ(d.events.size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) expect_received(d.events[i], ps[i], role::server, i);
}

TEST(GramJs, Full) {
  const auto ps = payloads();
  const auto& want = vectors().at("full");
  ASSERT_EQ(want.size(), ps.size());
  full client(role::client);
  std::vector<bytes> frames;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    bytes out;
    ASSERT_FALSE(client.encode(ps[i], out));
    expect_frame(out, want[i], "full frame " + std::to_string(i));
    frames.push_back(std::move(out));
  }
  // GramJS's frames (seqno 0, 1, ...) are what a server sends too.
  full reader(role::client);
  auto d = feed_random(reader, concat(frames), 7, 4099);
  ASSERT_FALSE(d.error) << d.error->message();
  ASSERT_EQ(d.events.size(), ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) expect_received(d.events[i], ps[i], role::client, i);
}

TEST(GramJs, ObfuscatedAndMtproxy) {
  const auto ps = payloads();
  for (const auto& v : vectors().at("obfuscated")) {
    const std::string name = v.at("name");
    SCOPED_TRACE(name);
    obfuscated2_options opt;
    opt.inner = transport_kind::abridged;
    opt.dc_id = static_cast<std::int16_t>(v.at("dc_id").get<int>());
    std::optional<proxy_secret> sec;
    if (!v.at("secret").is_null()) {
      auto s = proxy_secret::parse(v.at("secret").get<std::string>());
      ASSERT_TRUE(s);
      sec = *s;
    }
    opt.secret = sec;
    const auto random = unhex(v.at("random").get<std::string>());
    auto client = obfuscated2::client_from_init(std::span<const std::byte, 64>(random.data(), 64), opt, nullptr);
    ASSERT_TRUE(client) << client.error().message();

    // The client: its init and its frames.
    bytes out;
    ASSERT_FALSE(client->encode(ps[0], out));
    EXPECT_EQ(to_hex(std::span(out).first(64)), v.at("init").get<std::string>());
    std::vector<bytes> up{bytes(out.begin() + 64, out.end())};
    expect_frame(up[0], v.at("client_frames")[0], "client frame 0");
    for (std::size_t i = 1; i < ps.size(); ++i) {
      bytes f;
      ASSERT_FALSE(client->encode(ps[i], f));
      expect_frame(f, v.at("client_frames")[i], "client frame " + std::to_string(i));
      up.push_back(std::move(f));
    }

    // The server (the mirror) reads GramJS's client stream ...
    bytes client_stream = unhex(v.at("init").get<std::string>());
    const bytes rest = concat(up);
    client_stream.insert(client_stream.end(), rest.begin(), rest.end());
    obfuscated2 server({.secret = sec, .max_frame = default_max_frame, .random = nullptr});
    auto d = feed_random(server, client_stream, 5, 4099);
    ASSERT_FALSE(d.error) << d.error->message();
    EXPECT_EQ(server.inner(), transport_kind::abridged);
    if (opt.dc_id != 0) {
      EXPECT_EQ(server.dc_id(), opt.dc_id);
    }
    ASSERT_EQ(d.events.size(), ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) expect_received(d.events[i], ps[i], role::server, i);

    // ... and sends exactly the server stream GramJS's client reads.
    std::vector<bytes> down;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      bytes f;
      ASSERT_FALSE(server.encode(ps[i], f));
      expect_frame(f, v.at("server_frames")[i], "server frame " + std::to_string(i));
      down.push_back(std::move(f));
    }
    // And the client reads it.
    auto back = feed_random(*client, concat(down), 6, 4099);
    ASSERT_FALSE(back.error) << back.error->message();
    ASSERT_EQ(back.events.size(), ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) expect_received(back.events[i], ps[i], role::client, i);

    // Detection finds it, with the secret when there is one.
    auto det = detect_transport(std::span(client_stream).first(64), sec ? &*sec : nullptr);
    EXPECT_EQ(det.status, detect_status::detected);
    EXPECT_EQ(det.kind, transport_kind::obfuscated2);
    EXPECT_EQ(det.inner, transport_kind::abridged);
  }
}

}  // namespace
