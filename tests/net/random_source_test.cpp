// tlcpp/net/random_source.hpp: the system source and the replay source.
#include "tlcpp/net/random_source.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/hex.hpp"

namespace {

using tlcpp::net::random_errc;

TEST(RandomSource, OpenSslFillsEverything) {
  tlcpp::net::openssl_random rng;
  tlcpp::net::random_source& src = rng;  // used through the interface
  std::vector<std::byte> a(4096), b(4096);
  ASSERT_TRUE(src.fill(a));
  ASSERT_TRUE(src.fill(b));
  EXPECT_NE(a, b);
  // 4096 zero bytes from a working generator: probability 2^-32768.
  EXPECT_NE(a, std::vector<std::byte>(4096));
  ASSERT_TRUE(src.fill({}));  // nothing asked, nothing drawn
}

TEST(RandomSource, ReplayHandsOutBytesInOrder) {
  tlcpp::net::replay_random r(tlcpp::test::unhex("0102030405060708"));
  std::array<std::byte, 3> a;
  ASSERT_TRUE(r.fill(a));
  EXPECT_EQ(a, (std::array{std::byte{1}, std::byte{2}, std::byte{3}}));
  EXPECT_EQ(r.consumed(), 3u);
  EXPECT_EQ(r.remaining(), 5u);
  std::array<std::byte, 5> b;
  ASSERT_TRUE(r.fill(b));
  EXPECT_EQ(b[4], std::byte{8});
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(RandomSource, ReplayReportsExhaustion) {
  tlcpp::net::replay_random r(tlcpp::test::unhex("0102030405"));
  std::array<std::byte, 4> a;
  ASSERT_TRUE(r.fill(a));
  std::array<std::byte, 2> b{std::byte{9}, std::byte{9}};
  auto s = r.fill(b);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, random_errc::exhausted);
  EXPECT_EQ(s.error().message, "replay_random: asked for 2 bytes, 1 left of the 5 given");
  EXPECT_EQ(b, (std::array{std::byte{9}, std::byte{9}}));  // nothing written
  EXPECT_EQ(r.remaining(), 1u);                            // nothing consumed
  std::array<std::byte, 1> c;
  ASSERT_TRUE(r.fill(c));
  EXPECT_EQ(c[0], std::byte{5});
}

}  // namespace
