// A session that encrypts and decrypts many messages with one
// message_cipher allocates nothing after the first message: neither tlcpp
// nor OpenSSL. The one allocation meter (support/alloc_meter.hpp) counts the
// global operator new; OpenSSL allocates with malloc, so here its
// allocations go through operator new (CRYPTO_set_mem_functions, which must
// run before OpenSSL allocates anything: hence a program of its own, set up
// by a static initializer).
#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <new>
#include <vector>

#include "support/alloc_meter.hpp"
#include "tlcpp/net/message_cipher.hpp"

namespace {

// Each block of OpenSSL's starts with its size (for realloc), in a header
// that keeps the block aligned as malloc's are.
constexpr std::size_t header = alignof(std::max_align_t);

void* openssl_malloc(std::size_t n, const char*, int) noexcept {
  auto* p = static_cast<unsigned char*>(::operator new(header + n, std::nothrow));
  if (p == nullptr) return nullptr;
  std::memcpy(p, &n, sizeof n);
  return p + header;
}
void openssl_free(void* p, const char*, int) noexcept {
  if (p != nullptr) ::operator delete(static_cast<unsigned char*>(p) - header);
}
void* openssl_realloc(void* p, std::size_t n, const char* file, int line) noexcept {
  if (p == nullptr) return openssl_malloc(n, file, line);
  if (n == 0) {
    openssl_free(p, file, line);
    return nullptr;
  }
  std::size_t old = 0;
  std::memcpy(&old, static_cast<unsigned char*>(p) - header, sizeof old);
  void* q = openssl_malloc(n, file, line);
  if (q == nullptr) return nullptr;
  std::memcpy(q, p, std::min(old, n));
  openssl_free(p, file, line);
  return q;
}

const bool routed = CRYPTO_set_mem_functions(openssl_malloc, openssl_realloc, openssl_free) == 1;

TEST(MessageCipherAllocations, NoneAfterTheFirstMessage) {
  ASSERT_TRUE(routed) << "OpenSSL allocated before its allocations could be routed to the meter";
  std::array<std::byte, 256> key;
  for (int i = 0; i < 256; ++i) key[i] = std::byte(i * 7);
  std::vector<std::byte> plain(1024), packet(24 + 1024), back(1024);
  // One message each way; no gtest assertion inside (they may allocate).
  const auto round = [&](tlcpp::net::message_cipher& cipher, int i) {
    plain[0] = std::byte(i);
    return cipher.encrypt(tlcpp::net::direction::client_to_server, plain, packet).has_value() &&
           cipher.decrypt(tlcpp::net::direction::client_to_server, packet, back).has_value() && back == plain;
  };

  tlcpp::net::message_cipher cipher(key);
  std::size_t first = 0;
  {
    tlcpp::test::alloc_meter m;
    ASSERT_TRUE(round(cipher, 0));  // makes and fetches the contexts
    first = m.allocations();
  }
  EXPECT_GT(first, 0u) << "the meter saw nothing of the first message: are OpenSSL's allocations routed?";

  tlcpp::test::alloc_meter m;
  bool ok = true;
  for (int i = 1; i <= 1000; ++i) ok = round(cipher, i) && ok;
  const std::size_t after = m.allocations();
  EXPECT_TRUE(ok);
  EXPECT_EQ(after, 0u) << "allocations in 1000 messages each way";
}

}  // namespace
