// No allocation before a frame's length is accepted, and none beyond the
// frame being assembled: measured with the one allocation meter
// (support/alloc_meter.hpp, which replaces the global operator new, so this
// test is its own program).
#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "net/support/transport.hpp"
#include "support/alloc_meter.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/transport.hpp"

namespace {

using namespace tlcpp::net;
using tlcpp::test::payload;
using tlcpp::test::unhex;
using bytes = std::vector<std::byte>;

template <class T>
std::size_t peak_while_feeding(T& t, const bytes& stream, std::size_t piece, bool& failed) {
  tlcpp::test::alloc_meter m;
  failed = false;
  for (std::size_t i = 0; i < stream.size(); i += piece) {
    auto in = std::span(stream).subspan(i, std::min(piece, stream.size() - i));
    while (!in.empty()) {
      auto s = t.decode(in);
      if (s.error) {
        failed = true;
        return m.peak();
      }
      in = in.subspan(s.consumed);
    }
  }
  return m.peak();
}

TEST(TransportHeap, OversizedLengthsAllocateNothing) {
  // 64 MiB - 4 (abridged's largest), 2 GiB - 4 (intermediate's), 2 GiB - 4
  // of payload (full's): each refused with nothing allocated for it.
  bool failed = false;
  {
    abridged t(role::client);
    const bytes s = unhex(
        "7fffffff"
        "00000000");
    EXPECT_EQ(peak_while_feeding(t, s, 1, failed), 0u);
    EXPECT_TRUE(failed);
  }
  {
    intermediate t(role::client);
    const bytes s = unhex(
        "fcffff7f"
        "00000000");
    EXPECT_EQ(peak_while_feeding(t, s, 1, failed), 0u);
    EXPECT_TRUE(failed);
  }
  {
    full t(role::client);
    const bytes s = unhex(
        "fcffff7f"
        "00000000");
    EXPECT_EQ(peak_while_feeding(t, s, 1, failed), 0u);
    EXPECT_TRUE(failed);
  }
  {
    // Under obfuscated2: the length is decrypted, then refused, all in place.
    tlcpp::test::counter_random rnd(1);
    auto c =
        obfuscated2::client({.inner = transport_kind::intermediate, .dc_id = 2, .secret = {}, .max_frame = 0}, rnd);
    ASSERT_TRUE(c);
    obfuscated2 server({.secret = {}, .max_frame = 1024, .random = nullptr});
    bytes stream;
    c->start(stream);
    // A client with no limit of its own would send 4096 bytes; the server's is 1024.
    auto c2 = obfuscated2::client_from_init(
        c->init().first<64>(),
        {.inner = transport_kind::intermediate, .dc_id = 2, .secret = {}, .max_frame = default_max_frame}, nullptr);
    ASSERT_TRUE(c2);
    bytes frames;
    ASSERT_FALSE(c2->encode(payload(4096, 1), frames));
    stream.insert(stream.end(), frames.begin() + 64, frames.begin() + 64 + 8);
    // (the server's EVP contexts are made at the init: let it take the init first)
    auto first = server.decode(std::span(stream).first(64));
    ASSERT_FALSE(first.error);
    const bytes rest(stream.begin() + 64, stream.end());
    EXPECT_EQ(peak_while_feeding(server, rest, 1, failed), 0u);
    EXPECT_TRUE(failed);
  }
}

TEST(TransportHeap, AFrameCostsItsOwnSizeOnly) {
  // 1 MiB fed one byte at a time: one allocation of exactly the frame.
  const bytes p = payload(1 << 20, 9);
  for (int kind = 0; kind < 3; ++kind) {
    bytes stream;
    bool failed = false;
    std::size_t peak = 0;
    if (kind == 0) {
      abridged tx(role::server);
      ASSERT_FALSE(tx.encode(p, stream));
      abridged rx(role::client);
      peak = peak_while_feeding(rx, stream, 1, failed);
    } else if (kind == 1) {
      intermediate tx(role::server);
      ASSERT_FALSE(tx.encode(p, stream));
      intermediate rx(role::client);
      peak = peak_while_feeding(rx, stream, 1, failed);
    } else {
      full tx(role::server);
      ASSERT_FALSE(tx.encode(p, stream));
      full rx(role::client);
      peak = peak_while_feeding(rx, stream, 1, failed);
    }
    EXPECT_FALSE(failed);
    EXPECT_EQ(peak, p.size()) << kind;
  }
}

}  // namespace
