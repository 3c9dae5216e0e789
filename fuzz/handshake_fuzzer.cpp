// The auth key handshake's receive steps on arbitrary bytes: the first byte
// picks a role (client or server) and a step (0..2); a client and a server
// role, with fixed randomness, are brought to that step together, and the
// rest of the input is what that side receives next. Whatever it is, the
// answer is a typed error or a next step, never a crash; after an error
// the side stays failed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/net/handshake.hpp"
#include "tlcpp/net/handshake_server.hpp"

namespace {

namespace net = tlcpp::net;

const net::rsa_private_key& server_key() {
  static const net::rsa_private_key key = [] {
    std::ifstream in(std::string(TLCPP_NET_VECTORS_DIR) + "/handshake_server_key.pem");
    std::stringstream text;
    text << in.rdbuf();
    auto k = net::rsa_private_key::from_pem(text.str());
    if (!k) std::abort();
    return std::move(*k);
  }();
  return key;
}

// 4 KiB of SHA-256(label || counter) blocks: fixed randomness for one side.
std::vector<std::byte> fixed_bytes(std::string_view label) {
  std::vector<std::byte> out;
  for (std::uint32_t i = 0; out.size() < 4096; ++i) {
    const auto h = net::sha256(std::span(reinterpret_cast<const std::byte*>(label.data()), label.size()),
                               std::span(reinterpret_cast<const std::byte*>(&i), 4));
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool to_server = (data[0] & 4) != 0;
  const int step = data[0] % 3;
  const auto input = std::span(reinterpret_cast<const std::byte*>(data) + 1, size - 1);

  net::replay_random client_rng(fixed_bytes("client")), server_rng(fixed_bytes("server"));
  net::rsa_key_set keys;
  keys.add(server_key().public_key());
  net::dh_prime_cache primes;
  net::client_handshake client({}, client_rng, keys, primes);
  net::server_handshake server({}, server_key(), server_rng);
  constexpr std::int64_t now = 1700000000;

  // Bring both to `step`: the client's message `step` is about to go to the
  // server, or the server's answer to it is about to go to the client.
  auto message = client.start(now);
  if (!message) std::abort();
  std::vector<std::byte> to_server_bytes = *message;
  for (int i = 0;; ++i) {
    if (to_server && i == step) break;
    auto answer = server.receive(to_server_bytes, now);
    if (!answer) std::abort();
    if (!to_server && i == step) break;
    auto next = client.receive(answer->send, now);
    if (!next || next->done) std::abort();
    to_server_bytes = next->send;
  }

  auto r = to_server ? server.receive(input, now) : client.receive(input, now);
  if (!r) {
    auto again = to_server ? server.receive(input, now) : client.receive(input, now);
    if (again || again.error().code != net::handshake_errc::failed_earlier) std::abort();
  }
  return 0;
}
