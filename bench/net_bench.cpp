// The session tier's costs next to their floors, in one run:
//   handshake/client          the client's whole handshake (pq, RSA_PAD, DH checks
//                             with the known prime, g^b, g_a^b, hashes) against
//                             recorded server answers
//   handshake/modexp_floor    its two 2048-bit exponentiations with a secret
//                             exponent, alone
//   session/encrypt/updateProfilePhoto   send + take_output: msg_id, seq_no,
//                             padding, SHA-256 msg_key, AES-256-IGE, framing
//                             (intermediate)
//   crypto/floor/updateProfilePhoto      message_cipher on the same padded bytes
//                             (the same OpenSSL calls) and nothing else
// Randomness is a fixed xorshift stream, so every iteration does the same work.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "net/support/counter_random.hpp"
#include "support/alloc_meter.hpp"
#include "support/workloads.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/net/dh_check.hpp"
#include "tlcpp/net/handshake.hpp"
#include "tlcpp/net/handshake_server.hpp"
#include "tlcpp/net/intermediate.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/session.hpp"

namespace {

using namespace tlcpp;

const net::rsa_private_key& server_key() {
  static const auto key = [] {
    std::ifstream in(TLCPP_NET_VECTORS_DIR "/handshake_server_key.pem", std::ios::binary);
    return net::rsa_private_key::from_pem(std::string(std::istreambuf_iterator<char>(in), {})).value();
  }();
  return key;
}

constexpr std::int64_t now = 1700000000;

// The server's answers to a client drawing from counter_random(7): the
// same client draws the same bytes, so it can replay them every iteration.
const std::vector<std::vector<std::byte>>& recorded_answers() {
  static const auto answers = [] {
    std::vector<std::vector<std::byte>> out;
    test::counter_random crng(7), srng(8);
    net::rsa_key_set keys;
    keys.add(server_key().public_key());
    net::dh_prime_cache primes;
    net::client_handshake client({}, crng, keys, primes);
    net::server_handshake server({}, server_key(), srng);
    auto msg = client.start(now).value();
    for (;;) {
      auto s = server.receive(msg, now).value();
      out.push_back(s.send);
      auto c = client.receive(s.send, now).value();
      if (c.done) break;
      msg = c.send;
    }
    return out;
  }();
  return answers;
}

void BM_handshake_client(benchmark::State& state) {
  const auto& answers = recorded_answers();
  net::rsa_key_set keys;
  keys.add(server_key().public_key());
  net::dh_prime_cache primes;
  for (auto _ : state) {
    test::counter_random rng(7);
    net::client_handshake client({}, rng, keys, primes);
    benchmark::DoNotOptimize(client.start(now));
    for (const auto& a : answers) {
      auto step = client.receive(a, now);
      if (!step) state.SkipWithError(step.error().message.c_str());
      benchmark::DoNotOptimize(step);
    }
    if (!client.done()) state.SkipWithError("the handshake did not finish");
  }
}

void BM_handshake_modexp_floor(benchmark::State& state) {
  net::bn_context ctx;
  const auto p = net::bignum::from_bytes(net::telegram_dh_prime()).value();
  std::array<std::byte, 256> secret{};
  test::counter_random rng(9);
  (void)rng.fill(secret);
  const auto b = net::bignum::from_bytes(secret).value();
  std::array<std::byte, 4> three{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{3}};
  const auto g = net::bignum::from_bytes(three).value();
  const auto g_a = net::bignum::mod_exp_secret(g, b, p, ctx).value();  // some value in range
  for (auto _ : state) {
    auto g_b = net::bignum::mod_exp_secret(g, b, p, ctx);
    auto key = net::bignum::mod_exp_secret(g_a, b, p, ctx);
    benchmark::DoNotOptimize(g_b);
    benchmark::DoNotOptimize(key);
  }
}

std::array<std::byte, 256> fixed_key() {
  std::array<std::byte, 256> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::byte>(i * 7 + 1);
  return k;
}

void BM_session_encrypt(benchmark::State& state) {
  const auto key = fixed_key();
  test::counter_random rng(10);
  auto s = net::session::create(key, 1, 0, rng).value();
  const std::vector<std::byte> request = serialize(test::w1());
  net::intermediate framing(net::role::client, {});
  std::vector<std::byte> out;
  std::int64_t t = now * 1'000'000'000;
  std::size_t packet_size = 0, iterations = 0;
  test::alloc_meter meter;
  for (auto _ : state) {
    (void)s.send(request);
    t += 1000;
    auto packet = s.take_output(net::unix_time(t));
    if (!packet || !*packet) state.SkipWithError("no packet");
    out.clear();
    (void)framing.encode(**packet, out);
    packet_size = (*packet)->size();
    benchmark::DoNotOptimize(out.data());
    // Nothing is answered, so the session remembers every request: start a
    // new one now and then, outside the timing, to keep that from growing.
    if (++iterations % 1024 == 0) {
      state.PauseTiming();
      s = net::session::create(key, 1, 0, rng).value();
      state.ResumeTiming();
    }
  }
  state.counters["bytes"] = static_cast<double>(packet_size);
  state.counters["allocs"] = static_cast<double>(meter.allocations()) / static_cast<double>(iterations);
}

void BM_crypto_floor(benchmark::State& state) {
  const auto key = fixed_key();
  net::message_cipher cipher(key);
  const std::vector<std::byte> request = serialize(test::w1());
  // The session's packet: header 32 + message header 16 + request + 12..27 padding, whole blocks.
  const std::size_t plain = (32 + request.size() + 12 + 15) / 16 * 16;
  std::vector<std::byte> packet(net::encrypted_header_size + plain);
  for (auto _ : state) {
    auto r = cipher.encrypt_in_place(net::direction::client_to_server, packet);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(packet.data());
  }
  state.counters["bytes"] = static_cast<double>(packet.size());
}

}  // namespace

BENCHMARK(BM_handshake_client)->Name("handshake/client")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_handshake_modexp_floor)->Name("handshake/modexp_floor")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_session_encrypt)->Name("session/encrypt/updateProfilePhoto");
BENCHMARK(BM_crypto_floor)->Name("crypto/floor/updateProfilePhoto");

BENCHMARK_MAIN();
