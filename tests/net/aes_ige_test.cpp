// tlcpp/net/aes_ige.hpp: AES-256-IGE against published vectors.
#include "tlcpp/net/aes_ige.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <vector>

#include "net/support/vectors.hpp"
#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/hash.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::test::hex_field;
using tlcpp::test::unhex;

std::array<std::byte, 32> iota32() {
  std::array<std::byte, 32> a;
  for (int i = 0; i < 32; ++i) a[i] = std::byte(i);
  return a;
}

// grammers lib/grammers-crypto/src/lib.rs, tests verify_ige_encryption and
// verify_ige_decryption: key = iv = data = 0, 1, ..., 31.
TEST(AesIge, GrammersVectors) {
  const auto k = iota32();
  auto data = iota32();
  ASSERT_TRUE(tlcpp::net::aes256_ige_encrypt(k, k, data));
  EXPECT_EQ(to_hex(data), "e28112a53e5c89c7b1ea8071c133699fd4e86b26c4bac9fc5af1ab8ce27a44a4");
  data = iota32();
  ASSERT_TRUE(tlcpp::net::aes256_ige_decrypt(k, k, data));
  EXPECT_EQ(to_hex(data), "e5777afacd7b2c16f7ac40cae61ef603fee6098fb8a8860ab9ee672cd7e5bacc");
}

// TDLib tdutils/test/crypto.cpp, TEST(Crypto, AesIgeState): data, key and IV
// from a linear congruential generator seeded with the length; the CRC32 of
// the ciphertext is published for each length. 65536 bytes cross the
// 32-block chunks of the encryptor many times.
TEST(AesIge, TdlibCrc32Vectors) {
  const std::size_t lengths[] = {0, 16, 32, 256, 1024, 65536};
  const std::uint32_t answers[] = {0u, 2045698207u, 2423540300u, 525522475u, 1545267325u, 724143417u};
  tlcpp::net::aes256_ige ige;  // one context for all: reuse across keys
  for (int i = 0; i < 6; ++i) {
    std::uint32_t seed = static_cast<std::uint32_t>(lengths[i]);
    auto next = [&] {
      seed = seed * 123457567u + 987651241u;
      return std::byte((seed >> 23) & 255);
    };
    std::vector<std::byte> s(lengths[i]);
    for (auto& c : s) c = next();
    tlcpp::net::aes256_key key;
    for (auto& c : key) c = next();
    tlcpp::net::aes256_ige_iv iv;
    for (auto& c : iv) c = next();

    auto t = s;
    ASSERT_TRUE(ige.encrypt(key, iv, t));
    EXPECT_EQ(crc32(0, reinterpret_cast<const Bytef*>(t.data()), static_cast<uInt>(t.size())), answers[i])
        << lengths[i];
    ASSERT_TRUE(ige.decrypt(key, iv, t));
    EXPECT_EQ(t, s) << lengths[i];
  }
}

// core.telegram.org/mtproto/samples-auth_key (tests/net/vectors/samples_auth_key.json):
// the server's encrypted_answer decrypts to SHA1(server_DH_inner_data) +
// server_DH_inner_data + padding under tmp_aes_key/iv, and the client's
// SHA1(client_DH_inner_data) + client_DH_inner_data + padding encrypts to
// its encrypted_data.
TEST(AesIge, SamplesAuthKeyExample) {
  const auto v = tlcpp::test::load_net_vectors("samples_auth_key.json");
  const auto key = hex_field(v, "tmp_aes_key"), iv = hex_field(v, "tmp_aes_iv");
  const std::span<const std::byte, 32> k(key.data(), 32), i(iv.data(), 32);

  auto answer = hex_field(v, "encrypted_answer");
  ASSERT_TRUE(tlcpp::net::aes256_ige_decrypt(k, i, answer));
  EXPECT_EQ(to_hex(answer), to_hex(hex_field(v, "answer_with_hash")));

  const auto inner = hex_field(v, "client_DH_inner_data");
  const auto hash = tlcpp::net::sha1(inner);
  std::vector<std::byte> data(hash.begin(), hash.end());
  data.insert(data.end(), inner.begin(), inner.end());
  const auto padding = hex_field(v, "client_DH_inner_data_padding");
  data.insert(data.end(), padding.begin(), padding.end());
  ASSERT_TRUE(tlcpp::net::aes256_ige_encrypt(k, i, data));
  EXPECT_EQ(to_hex(data), to_hex(hex_field(v, "client_DH_encrypted_data")));
}

TEST(AesIge, RefusesPartialBlocks) {
  std::vector<std::byte> data(17);
  const auto k = iota32();
  tlcpp::net::aes256_ige ige;
  for (std::size_t n : {1, 15, 17, 31, 33}) {
    data.assign(n, std::byte{7});
    auto r = ige.encrypt(k, k, data);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, tlcpp::net::aes_errc::bad_length);
    EXPECT_NE(r.error().message.find(std::to_string(n) + " bytes"), std::string::npos) << r.error().message;
    EXPECT_EQ(data, std::vector<std::byte>(n, std::byte{7}));  // untouched
    r = ige.decrypt(k, k, data);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, tlcpp::net::aes_errc::bad_length);
  }
}

TEST(AesIge, RoundTripsEveryLengthUpToThreeChunks) {
  tlcpp::net::aes256_ige ige;
  auto key = iota32(), iv = iota32();
  iv[0] = std::byte{0xff};
  for (std::size_t blocks = 0; blocks <= 100; ++blocks) {
    std::vector<std::byte> plain(blocks * 16);
    for (std::size_t j = 0; j < plain.size(); ++j) plain[j] = std::byte(j * 7 + blocks);
    auto data = plain;
    ASSERT_TRUE(ige.encrypt(key, iv, data));
    // Encryption of a prefix is the prefix of the encryption (IGE runs forward).
    if (blocks > 0) {
      auto prefix = std::vector<std::byte>(plain.begin(), plain.end() - 16);
      ASSERT_TRUE(ige.encrypt(key, iv, prefix));
      ASSERT_TRUE(std::equal(prefix.begin(), prefix.end(), data.begin())) << blocks;
    }
    ASSERT_TRUE(ige.decrypt(key, iv, data));
    ASSERT_EQ(data, plain) << blocks;
    key[blocks % 32] ^= std::byte{0x5a};  // another key next time, same context
  }
}

TEST(AesIge, MovedContextStillWorks) {
  tlcpp::net::aes256_ige a;
  const auto k = iota32();
  auto data = iota32();
  ASSERT_TRUE(a.encrypt(k, k, data));
  tlcpp::net::aes256_ige b(std::move(a));
  auto again = iota32();
  ASSERT_TRUE(b.encrypt(k, k, again));
  EXPECT_EQ(again, data);
  a = std::move(b);
  again = iota32();
  ASSERT_TRUE(a.encrypt(k, k, again));
  EXPECT_EQ(again, data);
}

}  // namespace
