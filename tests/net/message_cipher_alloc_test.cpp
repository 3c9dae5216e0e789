// A session that encrypts and decrypts many messages with one
// message_cipher makes OpenSSL allocate nothing after the first message.
// OpenSSL's allocations are counted through CRYPTO_set_mem_functions, which
// must run before OpenSSL allocates anything: hence a program of its own,
// set up by a static initializer.
#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <cstdlib>
#include <vector>

#include "tlcpp/net/message_cipher.hpp"

namespace {

long openssl_allocations = 0;

void* count_malloc(std::size_t n, const char*, int) {
  ++openssl_allocations;
  return std::malloc(n);
}
void* count_realloc(void* p, std::size_t n, const char*, int) {
  ++openssl_allocations;
  return std::realloc(p, n);
}
void count_free(void* p, const char*, int) { std::free(p); }

const bool counting = CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1;

TEST(MessageCipherAllocations, NoneAfterTheFirstMessage) {
  ASSERT_TRUE(counting) << "OpenSSL allocated before the counter could be installed";
  std::array<std::byte, 256> key;
  for (int i = 0; i < 256; ++i) key[i] = std::byte(i * 7);
  tlcpp::net::message_cipher cipher(key);
  std::vector<std::byte> plain(1024), packet(24 + 1024), back(1024);
  auto round = [&](int i) {
    plain[0] = std::byte(i);
    ASSERT_TRUE(cipher.encrypt(tlcpp::net::direction::client_to_server, plain, packet));
    ASSERT_TRUE(cipher.decrypt(tlcpp::net::direction::client_to_server, packet, back));
    ASSERT_EQ(back, plain);
  };
  round(0);  // makes and fetches the contexts
  const long before = openssl_allocations;
  for (int i = 1; i <= 1000; ++i) round(i);
  EXPECT_EQ(openssl_allocations - before, 0) << "OpenSSL allocations in 1000 messages each way";
  EXPECT_GT(before, 0) << "the counter saw nothing at all: is it installed?";
}

}  // namespace
