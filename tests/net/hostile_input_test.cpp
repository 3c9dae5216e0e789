// Hostile input: many deterministic pseudo-random inputs (and mutations of
// good ones) through every function that reads bytes from the network or
// from users. Each must answer with a value or a typed error: no crash, no
// exception, no hang (run under -fsanitize=address,undefined too).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tlcpp/net/crypto.hpp"  // the umbrella compiles on its own
#include "tlcpp/net/dh_check.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/pq.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_private_key.hpp"
#include "tlcpp/net/transport.hpp"  // and with the transports' umbrella

namespace {

struct lcg {  // fixed seed: the same inputs every run
  std::uint64_t s;
  std::uint64_t next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return s >> 11;
  }
  std::vector<std::byte> bytes(std::size_t n) {
    std::vector<std::byte> v(n);
    for (auto& b : v) b = std::byte(next());
    return v;
  }
};

TEST(HostileInput, MessageDecrypt) {
  lcg r{1};
  std::array<std::byte, 256> key;
  for (auto& b : key) b = std::byte(r.next());
  tlcpp::net::message_cipher c(key);
  std::vector<std::byte> out(2048);
  int refused = 0;
  for (int i = 0; i < 2000; ++i) {
    auto packet = r.bytes(r.next() % 300);
    if (i % 2 && packet.size() >= 8) std::memcpy(packet.data(), c.auth_key_id().data(), 8);  // past the id check
    auto d = i % 3 ? tlcpp::net::direction::server_to_client : tlcpp::net::direction::client_to_server;
    refused += !(i % 5 ? c.decrypt(d, packet, out) : c.decrypt_in_place(d, packet));
  }
  EXPECT_EQ(refused, 2000);  // a random packet never passes the msg_key check
}

TEST(HostileInput, PublicKeyPem) {
  lcg r{2};
  const std::string good(tlcpp::net::telegram_production_key_pem);
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string pem = good;
    const int flips = 1 + static_cast<int>(r.next() % 4);
    for (int f = 0; f < flips; ++f) pem[r.next() % pem.size()] = static_cast<char>(r.next());
    if (i % 7 == 0) pem.resize(r.next() % pem.size());
    parsed += static_cast<bool>(tlcpp::net::rsa_public_key::from_pem(pem));
  }
  for (int i = 0; i < 500; ++i) {
    const auto junk = r.bytes(r.next() % 600);
    std::string pem =
        "-----BEGIN RSA PUBLIC KEY-----\n" + std::string(reinterpret_cast<const char*>(junk.data()), junk.size());
    EXPECT_FALSE(tlcpp::net::rsa_public_key::from_pem(pem));
  }
  EXPECT_LT(parsed, 3000);
  EXPECT_EQ(tlcpp::net::rsa_public_key::from_pem(std::string(70000, 'A')).error().code,
            tlcpp::net::rsa_key_errc::not_pem);
  std::string huge = "-----BEGIN PUBLIC KEY-----\n" + std::string(70000, 'A');
  EXPECT_EQ(tlcpp::net::rsa_public_key::from_pem(huge).error().code, tlcpp::net::rsa_key_errc::bad_encoding);
}

TEST(HostileInput, PqAndDhValues) {
  lcg r{3};
  for (int i = 0; i < 3000; ++i) {
    const std::uint64_t pq = r.next() << (r.next() % 12) | r.next() % 2;
    auto f = tlcpp::net::factorize_pq(pq);
    if (f) {
      ASSERT_EQ(f->p * f->q, pq);
      ASSERT_LT(f->p, f->q);
    }
    (void)tlcpp::net::factorize_pq(r.bytes(r.next() % 12));
  }
  const auto p = tlcpp::net::telegram_dh_prime();
  for (int i = 0; i < 300; ++i) {
    (void)tlcpp::net::check_dh_value(r.bytes(r.next() % 300), p);
    (void)tlcpp::net::check_dh_value(r.bytes(256), r.bytes(r.next() % 300));
  }
}

TEST(HostileInput, RsaPadDecrypt) {
  lcg r{4};
  auto server = tlcpp::net::rsa_private_key::generate().value();
  for (int i = 0; i < 300; ++i) {
    auto c = r.bytes(i % 10 == 0 ? r.next() % 300 : 256);
    if (!c.empty()) c[0] &= std::byte{0x7f};  // mostly below n
    auto d = server.rsa_pad_decrypt(c);
    ASSERT_FALSE(d);  // random data never carries the right hash
  }
}

}  // namespace
