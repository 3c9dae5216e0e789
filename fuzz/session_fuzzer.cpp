// libFuzzer target: tlcpp::net::session::receive on decrypted plaintexts the
// fuzzer chooses, under a fixed key (so that they get past msg_key and reach
// the session's own checks and its handling of service messages).
//
// The first byte picks the mode: even, the rest is the message_data of a
// well-framed plaintext (the session's session_id, a fresh server msg_id, an
// odd or even seq_no); odd, the rest is the whole plaintext, header and
// padding included (framing checks). Either way the result must be a typed
// refusal that left the session as it was, or events; never a crash, and
// the session must still take a good answer afterwards. Seeds: fuzz/corpus/session,
// hand-made service messages and the message bodies of vectors/independent.json.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/server_session.hpp"
#include "tlcpp/net/session.hpp"

namespace {

using namespace tlcpp::net;

class counting_random final : public random_source {
 public:
  status<random_errc> fill(std::span<std::byte> out) override {
    for (auto& b : out) b = static_cast<std::byte>(++n_);
    return success{};
  }

 private:
  std::uint8_t n_ = 0;
};

constexpr unix_time now = msg_id_time(0x658cc34f87854004);

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 4096) return 0;
  std::array<std::byte, 256> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::byte>(i * 7 + 3);
  counting_random client_rng, server_rng;
  auto s = session::create(key, 1, 0, client_rng).value();
  server_session server(key, 1, server_rng);
  (void)s.send(tlcpp::serialize(tlcpp::mtproto::ping{1}));
  const auto request = server.receive(s.take_output(now).value().value()).value();

  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  std::vector<std::byte> plaintext;
  if (data[0] % 2 == 0) {
    const std::span<const std::byte> body = in.first(in.size() / 4 * 4);
    if (body.empty()) return 0;
    plaintext = server.plaintext(server.next_msg_id(now, server_msg_kind::other), data[0] / 2 % 4, body,
                                 std::vector<std::byte>(padding_for(body.size())));
  } else {
    plaintext.assign(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(in.size() / 16 * 16));
    if (plaintext.empty()) return 0;
  }
  const std::int64_t session_before = s.session_id();
  const std::size_t unanswered_before = s.unanswered();
  const std::size_t queued_before = s.queued();
  auto r = s.receive(server.encrypt_plaintext(plaintext).value(), now);
  if (!r) {
    check(s.session_id() == session_before && s.unanswered() == unanswered_before && s.queued() == queued_before);
  }
  // Whatever happened, a good packet for the session's current session_id is taken.
  server.set_session_id(s.session_id());
  auto good = server.send(
      {server_message(server_session::rpc_result(request[0].msg_id, tlcpp::serialize(tlcpp::mtproto::ping{2})))},
      now + std::chrono::seconds(1));
  auto after = s.receive(good.value(), now + std::chrono::seconds(1));
  check(static_cast<bool>(after));
  return 0;
}
