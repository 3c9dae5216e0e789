// tlcpp/net/hash.hpp: SHA-1, SHA-256 over several spans, constant-time equality.
#include "tlcpp/net/hash.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::test::unhex;

std::span<const std::byte> as_bytes(const std::string& s) { return std::as_bytes(std::span(s.data(), s.size())); }

// TDLib tdutils/test/crypto.cpp (TEST(Crypto, sha1) and TEST(Crypto, sha256)):
// the hashes of "", "1", "short test string" and a million 'a's, there in
// base64, here in hex.
const std::string inputs[] = {"", "1", "short test string", std::string(1000000, 'a')};
const char* const sha1_answers[] = {
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "356a192b7913b04c54574d18c28d46e6395428ab",
    "b91cac430a1ac74a4d25e042dfece9433272d6b0",
    "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
};
const char* const sha256_answers[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
    "c8f31a63b43c3ca3f00acc3ae149c30f99a145c8adb84260ccb64cbebd0ef296",
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
};

TEST(Hash, Sha1PublishedVectors) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(to_hex(tlcpp::net::sha1(as_bytes(inputs[i]))), sha1_answers[i]) << i;
}

TEST(Hash, Sha256PublishedVectors) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(to_hex(tlcpp::net::sha256(as_bytes(inputs[i]))), sha256_answers[i]) << i;
}

TEST(Hash, NoPartsIsTheHashOfNothing) {
  EXPECT_EQ(to_hex(tlcpp::net::sha1()), sha1_answers[0]);
  EXPECT_EQ(to_hex(tlcpp::net::sha256()), sha256_answers[0]);
}

TEST(Hash, PartsHashAsTheirConcatenation) {
  const std::string& s = inputs[2];  // "short test string"
  const auto all = as_bytes(s);
  for (std::size_t cut1 = 0; cut1 <= s.size(); ++cut1) {
    for (std::size_t cut2 = cut1; cut2 <= s.size(); cut2 += 3) {
      const auto a = all.first(cut1), b = all.subspan(cut1, cut2 - cut1), c = all.subspan(cut2);
      ASSERT_EQ(to_hex(tlcpp::net::sha256(a, b, c)), sha256_answers[2]) << cut1 << " " << cut2;
      ASSERT_EQ(to_hex(tlcpp::net::sha1(a, b, c)), sha1_answers[2]) << cut1 << " " << cut2;
    }
  }
  // Arrays and vectors of bytes are parts too.
  const std::vector<std::byte> v(all.begin(), all.begin() + 5);
  std::array<std::byte, 12> rest;
  std::copy(all.begin() + 5, all.end(), rest.begin());
  EXPECT_EQ(to_hex(tlcpp::net::sha256(v, rest)), sha256_answers[2]);
}

TEST(Hash, ConstantTimeEqual) {
  const auto a = unhex("00112233445566778899aabbccddeeff");
  auto b = a;
  EXPECT_TRUE(tlcpp::net::constant_time_equal(a, b));
  for (std::size_t i = 0; i < b.size(); ++i) {
    b[i] ^= std::byte{1};
    EXPECT_FALSE(tlcpp::net::constant_time_equal(a, b)) << i;
    b[i] ^= std::byte{1};
  }
  EXPECT_FALSE(tlcpp::net::constant_time_equal(a, std::span(b).first(15)));  // sizes differ
  EXPECT_TRUE(tlcpp::net::constant_time_equal({}, {}));
}

}  // namespace
