// The transports' decoders on arbitrary bytes, in arbitrary pieces, both
// sides; and every transport's round trip on arbitrary payloads.
//
// Input: byte 0 picks the mode and the transport, byte 1 how the rest is
// cut into pieces, the rest is the stream (or the payloads).
//   mode 0  a server: detect_transport on the stream, then decode it
//   mode 1  a client of the chosen transport: decode the stream as if the
//           server sent it
//   mode 2  a client encodes the payloads, a server detects and decodes
//           them, then answers each and the client decodes the answers:
//           every payload must arrive unchanged both ways
// Traps (crash) when: a decode step neither consumes, yields nor fails (it
// would loop); a frame is larger than the limit; a failure is not sticky; a
// round trip changes a payload.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "tlcpp/net/transport.hpp"

namespace {

using namespace tlcpp::net;

constexpr std::size_t max_frame = 1 << 16;  // small, so that lengths beyond it are common

// Deterministic bytes that never run out (the fuzzer replays its input).
class counter_random final : public random_source {
 public:
  tlcpp::net::status<random_errc> fill(std::span<std::byte> out) override {
    for (auto& b : out) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 7;
      state_ ^= state_ << 17;
      b = static_cast<std::byte>(state_);
    }
    return success{};
  }

 private:
  std::uint64_t state_ = 0x9e3779b97f4a7c15;
};

// Aborts (a crash to libFuzzer) naming the broken property.
#define check(ok)                                                       \
  do {                                                                  \
    if (!(ok)) {                                                        \
      std::fprintf(stderr, "transport_fuzzer:%d: %s\n", __LINE__, #ok); \
      std::abort();                                                     \
    }                                                                   \
  } while (false)

constexpr transport_kind kinds[] = {transport_kind::abridged, transport_kind::intermediate,
                                    transport_kind::padded_intermediate, transport_kind::full,
                                    transport_kind::obfuscated2};

// Feeds `in` to `t` in pieces of 1..piece bytes; returns the frames.
std::vector<std::vector<std::byte>> decode_in_pieces(any_transport& t, std::span<const std::byte> in,
                                                     std::size_t piece) {
  std::vector<std::vector<std::byte>> frames;
  std::size_t cut = 0;
  while (!in.empty()) {
    const std::size_t n = std::min(in.size(), 1 + (cut++ * 7919 % piece));
    auto chunk = in.first(n);
    while (!chunk.empty()) {
      decode_step s = t.decode(chunk);
      check(s.consumed <= chunk.size());
      if (s.error) {
        // Sticky: the stream is broken for good.
        const std::byte one{0};
        check(t.decode(std::span(&one, 1)).error.has_value());
        return frames;
      }
      check(s.consumed > 0 || s.event.has_value());
      if (s.event && s.event->kind == received_kind::frame) {
        check(s.event->payload.size() <= max_frame);
        frames.push_back(std::move(s.event->payload));
      }
      chunk = chunk.subspan(s.consumed);
    }
    in = in.subspan(n);
  }
  (void)t.finish();
  return frames;
}

void round_trip(transport_kind kind, std::span<const std::byte> data, std::size_t piece) {
  counter_random random;
  client_options co;
  co.kind = kind;
  co.max_frame = max_frame;
  co.dc_id = 2;
  auto client = make_client_transport(co, random);
  check(client.has_value());
  // Payloads: the data cut at every 0xff byte, each rounded down to whole words.
  std::vector<std::vector<std::byte>> payloads;
  std::vector<std::byte> wire;
  client->start(wire);
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= data.size(); ++i) {
    if (i == data.size() || data[i] == std::byte{0xff}) {
      const std::size_t len = std::min<std::size_t>(i - begin, max_frame - 16) / 4 * 4;
      // A short frame from a server that starts with a negative int is a
      // transport error (-404...); MTProto's shortest message (a plain one)
      // has 24 bytes.
      if (len >= 24) {
        payloads.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(begin),
                              data.begin() + static_cast<std::ptrdiff_t>(begin + len));
        check(!client->encode(payloads.back(), wire).has_value());
      }
      begin = i + 1;
    }
  }
  const detection d = detect_transport(wire);
  if (payloads.empty()) return;
  check(d.status == detect_status::detected && d.kind == kind);
  server_options so;
  so.max_frame = max_frame;
  so.random = &random;
  auto server = make_server_transport(d, so);
  check(server.has_value());
  auto got = decode_in_pieces(*server, wire, piece);
  check(got.size() == payloads.size());
  std::vector<std::byte> back;
  for (std::size_t i = 0; i < got.size(); ++i) {
    // Padded intermediate hands over the frame with its 0..15 bytes of padding.
    const bool padded = kind == transport_kind::padded_intermediate ||
                        (kind == transport_kind::obfuscated2 && co.inner == transport_kind::padded_intermediate);
    check(got[i].size() >= payloads[i].size() && got[i].size() - payloads[i].size() < (padded ? 16u : 1u));
    check(std::equal(payloads[i].begin(), payloads[i].end(), got[i].begin()));
    check(!server->encode(payloads[i], back).has_value());
  }
  auto answers = decode_in_pieces(*client, back, piece);
  check(answers.size() == payloads.size());
  for (std::size_t i = 0; i < answers.size(); ++i)
    check(std::equal(payloads[i].begin(), payloads[i].end(), answers[i].begin()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned mode = data[0] % 3;
  const transport_kind kind = kinds[(data[0] / 3) % 5];
  const std::size_t piece = 1 + data[1];
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data) + 2, size - 2);
  counter_random random;
  if (mode == 0) {
    const detection d = detect_transport(in);
    if (d.status != detect_status::detected) return 0;
    server_options so;
    so.max_frame = max_frame;
    so.random = &random;
    auto server = make_server_transport(d, so);
    check(server.has_value());
    decode_in_pieces(*server, in, piece);
  } else if (mode == 1) {
    client_options co;
    co.kind = kind;
    co.max_frame = max_frame;
    auto client = make_client_transport(co, random);
    check(client.has_value());
    decode_in_pieces(*client, in, piece);
  } else {
    round_trip(kind, in, piece);
  }
  return 0;
}
