// The client session (session.hpp): its packets byte for byte against
// mtcute's and GramJS's (vectors/independent.json), then against the
// server role in-process (server_session.hpp), one scenario per service
// message, and every refused check with the session intact afterwards.
#include "tlcpp/net/session.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "net/support/vectors.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/mtproto/get_future_salts.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/mtproto/ping_delay_disconnect.hpp"
#include "tlcpp/net/server_session.hpp"

namespace {

using namespace tlcpp::net;
using tlcpp::to_hex;
using tlcpp::test::hex_field;

const nlohmann::json& vectors() {
  static const nlohmann::json v = tlcpp::test::load_net_vectors("independent.json");
  return v;
}

server_message sm(std::vector<std::byte> body, server_msg_kind kind, bool content_related) {
  return server_message{std::move(body), kind, content_related};
}

std::vector<std::byte> le64(std::int64_t x) {
  std::vector<std::byte> b(8);
  detail::put_le(b.data(), x);
  return b;
}

// Deterministic bytes for scenarios where their values do not matter: a
// counter, so that runs are identical and every draw is distinct.
class counting_random final : public random_source {
 public:
  tlcpp::net::status<random_errc> fill(std::span<std::byte> out) override {
    for (auto& b : out) b = static_cast<std::byte>(++n_);
    return success{};
  }

 private:
  std::uint8_t n_ = 0;
};

// ---------------------------------------------------------------------------
// Against an independent implementation

// mtcute's and GramJS's five client packets come out of tlcpp's session
// byte for byte: same session_id, salt, msg_ids (the times that give them),
// seq_nos 1, 3, 5, 7, 9 and padding (its length chosen the same way; its
// bytes replayed, after the 8 of the session_id).
TEST(SessionVectors, ClientPacketsAsMtcuteAndGramjs) {
  const auto& m = vectors().at("mtproto2");
  const auto key = hex_field(m, "auth_key");
  const std::int64_t salt = std::stoll(m.at("salt").get<std::string>());
  const std::int64_t session_id = std::stoll(m.at("session_id").get<std::string>());
  std::vector<std::byte> draws = le64(session_id);
  std::vector<std::vector<std::byte>> plaintexts, packets;
  for (const auto& p : m.at("packets")) {
    if (p.at("direction") != "client_to_server") continue;
    plaintexts.push_back(hex_field(p, "plaintext"));
    packets.push_back(hex_field(p, "packet"));
    const auto& pt = plaintexts.back();
    const std::size_t len = detail::get_le<std::uint32_t>(pt.data() + 28);
    draws.insert(draws.end(), pt.begin() + static_cast<std::ptrdiff_t>(32 + len), pt.end());
  }
  ASSERT_EQ(packets.size(), 5u);
  replay_random rng(draws);
  auto s = session::create(auth_key_view(key.data(), 256), salt, 0, rng);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->session_id(), session_id);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& pt = plaintexts[i];
    const std::size_t len = detail::get_le<std::uint32_t>(pt.data() + 28);
    (void)s->send(std::vector<std::byte>(pt.begin() + 32, pt.begin() + static_cast<std::ptrdiff_t>(32 + len)));
    auto out = s->take_output(msg_id_time(detail::get_le<std::int64_t>(pt.data() + 16)));
    ASSERT_TRUE(out) << out.error().message;
    ASSERT_TRUE(out->has_value());
    EXPECT_EQ(to_hex(**out), to_hex(packets[i])) << "packet " << i;
  }
  EXPECT_EQ(rng.remaining(), 0u);
}

// The server packets built with mtcute's KDF: three pongs for the first
// ping. The first is its answer; the other two are no second answer (each
// is a new msg_id, so accepted, but the call is done); a replay of the
// first is refused as a duplicate.
TEST(SessionVectors, ServerPacketsAnswerOnce) {
  const auto& m = vectors().at("mtproto2");
  const auto key = hex_field(m, "auth_key");
  const std::int64_t salt = std::stoll(m.at("salt").get<std::string>());
  const std::int64_t session_id = std::stoll(m.at("session_id").get<std::string>());
  std::vector<std::byte> draws = le64(session_id);
  draws.resize(draws.size() + 64);
  replay_random rng(draws);
  auto s = session::create(auth_key_view(key.data(), 256), salt, 0, rng);
  ASSERT_TRUE(s);
  const auto ping = tlcpp::test::unhex("ec77be7a43420f0000000000");
  const call_id call = s->send(ping);
  const unix_time t = msg_id_time(0x658cc34f87854004);
  auto out = s->take_output(t);
  ASSERT_TRUE(out && out->has_value());
  ASSERT_EQ(s->msg_id_of(call), 0x658cc34f87854004);
  std::vector<std::vector<std::byte>> server;
  for (const auto& p : m.at("packets"))
    if (p.at("direction") == "server_to_client") server.push_back(hex_field(p, "packet"));
  ASSERT_EQ(server.size(), 3u);
  auto first = s->receive(server[0], t);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  const auto* a = std::get_if<answer>(&(*first)[0]);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->call, call);
  EXPECT_EQ(to_hex(a->result), "c5737734044085874fc38c65928d5b0000000000");
  EXPECT_FALSE(a->is_rpc_error());
  EXPECT_TRUE(s->pending_acks().empty());  // pong's seq_no is even: not acknowledged
  for (int i = 1; i < 3; ++i) {
    auto more = s->receive(server[static_cast<std::size_t>(i)], t);
    ASSERT_TRUE(more) << more.error().message;
    EXPECT_TRUE(more->empty());
  }
  auto again = s->receive(server[0], t);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, session_errc::duplicate_msg_id);
}

// ---------------------------------------------------------------------------
// Against the server role

constexpr unix_time t0 = msg_id_time(0x658cc34f87854004);
constexpr std::int64_t salt0 = 0x1122334455667788;

std::array<std::byte, 256> test_key() {
  std::array<std::byte, 256> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::byte>(i * 7 + 3);
  return k;
}

struct pair_fixture : ::testing::Test {
  std::array<std::byte, 256> key = test_key();
  counting_random client_rng, server_rng;
  session client = make_client({});
  server_session server{key, salt0, server_rng};

  session make_client(session_options o) { return session::create(key, salt0, 0, client_rng, std::move(o)).value(); }

  // Client to server: the messages of the next packet.
  std::vector<client_message> flush(unix_time now = t0) {
    auto out = client.take_output(now);
    EXPECT_TRUE(out) << out.error().message;
    if (!out || !out->has_value()) return {};
    auto got = server.receive(**out);
    EXPECT_TRUE(got) << got.error().message;
    return got ? std::move(got).value() : std::vector<client_message>{};
  }
  // Server to client: the events of one packet of `messages`.
  std::vector<session_event> deliver(std::vector<server_message> messages, unix_time now = t0) {
    auto packet = server.send(messages, now);
    EXPECT_TRUE(packet) << packet.error().message;
    auto ev = client.receive(*packet, now);
    EXPECT_TRUE(ev) << ev.error().message;
    return ev ? std::move(ev).value() : std::vector<session_event>{};
  }
  static std::vector<std::byte> ping_body(std::int64_t id) { return tlcpp::serialize(tlcpp::mtproto::ping{id}); }
};

using SessionPair = pair_fixture;

TEST_F(SessionPair, RequestAnsweredOnceAndAcknowledged) {
  const call_id call = client.send(ping_body(1));
  auto got = flush();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].msg_id % 4, 0);
  EXPECT_EQ(got[0].seq_no, 1);
  EXPECT_EQ(got[0].salt, salt0);
  EXPECT_EQ(server.session_id(), client.session_id());
  const auto result = tlcpp::test::unhex("b5757299010000000000000002000000");
  auto packet = server.send({server_session::rpc_result(got[0].msg_id, result)}, t0);
  ASSERT_TRUE(packet);
  auto ev = client.receive(*packet, t0);
  ASSERT_TRUE(ev) << ev.error().message;
  ASSERT_EQ(ev->size(), 1u);
  const auto& a = std::get<answer>((*ev)[0]);
  EXPECT_EQ(a.call, call);
  EXPECT_EQ(a.req_msg_id, got[0].msg_id);
  EXPECT_EQ(to_hex(a.result), to_hex(result));
  EXPECT_EQ(client.unanswered(), 0u);
  ASSERT_EQ(client.pending_acks().size(), 1u);
  EXPECT_EQ(client.pending_acks()[0], server.last_msg_id());
  EXPECT_EQ(server.last_msg_id() % 4, 1);  // a response
  // The same packet again: refused, nothing changes.
  auto dup = client.receive(*packet, t0);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, session_errc::duplicate_msg_id);
  EXPECT_EQ(client.pending_acks().size(), 1u);
  // The same answer in a new message: acknowledged, no second answer.
  auto again = deliver({server_session::rpc_result(got[0].msg_id, result)});
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(client.pending_acks().size(), 2u);
}

TEST_F(SessionPair, RpcErrorAndGzippedResult) {
  const call_id c1 = client.send(ping_body(1));
  const call_id c2 = client.send(ping_body(2));
  auto got = flush();
  ASSERT_EQ(got.size(), 2u);
  const auto inner = tlcpp::serialize(tlcpp::mtproto::pong{got[1].msg_id, 2});
  const auto packed =
      tlcpp::serialize(tlcpp::mtproto::gzip_packed{tlcpp::bytes(std::span<const std::byte>(tlcpp::gzip(inner)))});
  auto ev = deliver({server_session::rpc_error(got[0].msg_id, 420, "FLOOD_WAIT_30"),
                     server_session::rpc_result(got[1].msg_id, packed)});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(std::get<answer>(ev[0]).call, c1);
  EXPECT_TRUE(std::get<answer>(ev[0]).is_rpc_error());
  EXPECT_EQ(std::get<answer>(ev[1]).call, c2);
  EXPECT_EQ(to_hex(std::get<answer>(ev[1]).result), to_hex(inner));
}

TEST_F(SessionPair, AcksPiggyBackAndNeverAckAcks) {
  (void)client.send(ping_body(1));
  auto got = flush();
  (void)deliver({server_session::rpc_result(got[0].msg_id, tlcpp::test::unhex("b5757299"))});
  const std::int64_t answered_in = server.last_msg_id();
  // Alone, the acknowledgement waits for ack_delay ...
  auto out = client.take_output(t0);
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->has_value());
  ASSERT_TRUE(client.next_wakeup());
  EXPECT_EQ(*client.next_wakeup(), t0 + std::chrono::milliseconds(500));
  // ... unless a request goes: then both in one container.
  (void)client.send(ping_body(2));
  got = flush();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].container, 0);
  EXPECT_EQ(got[0].id(), tlcpp::meta<tlcpp::mtproto::msgs_ack>::id);
  EXPECT_EQ(got[0].seq_no % 2, 0);
  EXPECT_EQ(to_hex(got[0].body), to_hex(server_session::msgs_ack({answered_in})));
  EXPECT_EQ(got[1].seq_no, 3);
  EXPECT_TRUE(client.pending_acks().empty());
  // An acknowledgement from the server is not acknowledged.
  auto ev = deliver({sm(server_session::msgs_ack({got[1].msg_id}), server_msg_kind::other, false)});
  EXPECT_TRUE(ev.empty());
  EXPECT_TRUE(client.pending_acks().empty());
  // Not even one that claims to be content-related.
  ev = deliver({sm(server_session::msgs_ack({got[1].msg_id}), server_msg_kind::other, true)});
  EXPECT_TRUE(ev.empty());
  EXPECT_TRUE(client.pending_acks().empty());
  // An update is: and after ack_delay it goes alone.
  ev = deliver({sm(tlcpp::test::unhex("11223344"), server_msg_kind::other, true)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(to_hex(std::get<update>(ev[0]).body), "11223344");
  got = flush(t0 + std::chrono::seconds(1));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(to_hex(got[0].body), to_hex(server_session::msgs_ack({server.last_msg_id()})));
}

TEST_F(SessionPair, BadServerSaltResendsEveryMessageOfTheContainer) {
  (void)client.send(ping_body(1));
  (void)client.send(ping_body(2));
  auto got = flush();
  ASSERT_EQ(got.size(), 2u);
  const std::int64_t container = got[0].container;
  ASSERT_NE(container, 0);
  auto ev = deliver({sm(server.bad_server_salt(container, 4, 0x0abcdef), server_msg_kind::response, false)});
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(client.server_salt(), 0x0abcdef);
  EXPECT_EQ(client.queued(), 2u);
  auto again = flush(t0 + std::chrono::milliseconds(1));
  ASSERT_EQ(again.size(), 2u);  // both requests again, in a new container, under the new salt
  EXPECT_EQ(again[0].salt, 0x0abcdef);
  EXPECT_EQ(to_hex(again[0].body), to_hex(ping_body(1)));
  EXPECT_EQ(to_hex(again[1].body), to_hex(ping_body(2)));
  EXPECT_GT(again[0].msg_id, container);
  EXPECT_NE(again[0].container, container);
}

TEST_F(SessionPair, BadMsg16CorrectsTheOffset) {
  counting_random r;
  server_session ahead(key, salt0, r, 100);  // the server's clock is 100 s ahead
  const call_id call = client.send(ping_body(1));
  auto out = client.take_output(t0).value().value();
  auto got = ahead.receive(out).value();
  // 100 s in the future is outside the +30 s window, but a time notification
  // is exempt: it is how the server says our clock is off.
  auto packet =
      ahead.send({sm(server_session::bad_msg(got[0].msg_id, got[0].seq_no, 16), server_msg_kind::other, false)}, t0)
          .value();
  auto ev = client.receive(packet, t0);
  ASSERT_TRUE(ev) << ev.error().message;
  EXPECT_EQ(client.time_offset(), 100);
  EXPECT_EQ(client.queued(), 1u);
  out = client.take_output(t0).value().value();
  got = ahead.receive(out).value();
  EXPECT_EQ(msg_id_seconds(got[0].msg_id), msg_id_seconds(msg_id_at(t0, 100)));
  // Now the server's messages are within the window.
  packet = ahead.send({server_session::rpc_result(got[0].msg_id, ping_body(9))}, t0).value();
  ev = client.receive(packet, t0);
  ASSERT_TRUE(ev) << ev.error().message;
  EXPECT_EQ(std::get<answer>((*ev)[0]).call, call);
}

TEST_F(SessionPair, BadMsg17StartsANewSession) {
  counting_random r;
  server_session behind(key, salt0, r, -100);
  (void)client.send(ping_body(1));
  const std::int64_t first_session = client.session_id();
  auto got = behind.receive(client.take_output(t0).value().value()).value();
  auto ev = client.receive(
      behind.send({sm(server_session::bad_msg(got[0].msg_id, got[0].seq_no, 17), server_msg_kind::other, false)}, t0)
          .value(),
      t0);
  ASSERT_TRUE(ev) << ev.error().message;
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(std::get<session_reset>((*ev)[0]).error_code, 17);
  EXPECT_EQ(client.time_offset(), -100);
  EXPECT_NE(client.session_id(), first_session);
  got = behind.receive(client.take_output(t0).value().value()).value();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq_no, 1);                                                    // numbered from the start
  EXPECT_EQ(msg_id_seconds(got[0].msg_id), msg_id_seconds(msg_id_at(t0, -100)));  // lower than before
  EXPECT_EQ(behind.sessions(), 2);
}

TEST_F(SessionPair, BadMsg32ResetsTheSession) {
  (void)client.send(ping_body(1));
  const std::int64_t first_session = client.session_id();
  auto got = flush();
  auto ev = deliver({sm(server_session::bad_msg(got[0].msg_id, got[0].seq_no, 32), server_msg_kind::other, false)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<session_reset>(ev[0]).error_code, 32);
  EXPECT_NE(client.session_id(), first_session);
  EXPECT_EQ(client.time_offset(), 0);
  got = flush();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq_no, 1);
  EXPECT_EQ(server.sessions(), 2);
}

TEST_F(SessionPair, NewSessionCreatedResendsWhatPredatesIt) {
  const call_id a = client.send(ping_body(1));
  auto first = flush();
  (void)client.send(ping_body(2));
  auto second = flush();
  auto ev = deliver({sm(server.new_session_created(second[0].msg_id, 77, 0x5a17), server_msg_kind::other, true)});
  ASSERT_EQ(ev.size(), 1u);
  const auto& n = std::get<new_session>(ev[0]);
  EXPECT_EQ(n.first_msg_id, second[0].msg_id);
  EXPECT_EQ(n.unique_id, 77);
  EXPECT_EQ(client.server_salt(), 0x5a17);
  EXPECT_EQ(client.queued(), 1u);  // the first request only
  auto again = flush(t0 + std::chrono::seconds(1));
  ASSERT_EQ(again.size(), 2u);  // the acknowledgement of new_session_created, and the first request
  EXPECT_EQ(again[0].id(), tlcpp::meta<tlcpp::mtproto::msgs_ack>::id);
  EXPECT_EQ(to_hex(again[1].body), to_hex(ping_body(1)));
  EXPECT_GT(again[1].msg_id, second[0].msg_id);
  EXPECT_EQ(client.msg_id_of(a), again[1].msg_id);
}

TEST_F(SessionPair, DisconnectResendsWhatWasNotAcknowledged) {
  const call_id a = client.send(ping_body(1));
  const call_id b = client.send(ping_body(2));
  auto got = flush();
  ASSERT_EQ(got.size(), 2u);
  (void)deliver({sm(server_session::msgs_ack({got[0].msg_id}), server_msg_kind::other, false)});
  client.on_disconnect();
  EXPECT_EQ(client.queued(), 1u);
  auto again = flush(t0 + std::chrono::seconds(2));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(to_hex(again[0].body), to_hex(ping_body(2)));
  EXPECT_GT(again[0].msg_id, got[1].msg_id);
  EXPECT_EQ(client.msg_id_of(b), again[0].msg_id);
  EXPECT_EQ(client.msg_id_of(a), got[0].msg_id);  // acknowledged: its answer will come
  EXPECT_EQ(client.unanswered(), 2u);
}

TEST_F(SessionPair, ServerAcknowledgesContentRelated) {
  const call_id call = client.send(ping_body(1));
  auto got = flush();
  auto acks = server.take_acks();
  ASSERT_TRUE(acks);
  EXPECT_EQ(to_hex(*acks), to_hex(server_session::msgs_ack({got[0].msg_id})));
  EXPECT_FALSE(server.take_acks());
  EXPECT_TRUE(deliver({sm(*acks, server_msg_kind::other, false)}).empty());
  client.on_disconnect();  // acknowledged: its answer will come on the next connection, no resend
  EXPECT_EQ(client.queued(), 0u);
  EXPECT_EQ(client.msg_id_of(call), got[0].msg_id);
}

TEST_F(SessionPair, MsgResendReqSendsAgain) {
  (void)client.send(ping_body(1));
  auto got = flush();
  auto ev = deliver(
      {sm(tlcpp::serialize(tlcpp::mtproto::msg_resend_req{{got[0].msg_id, 12345}}), server_msg_kind::other, true)});
  EXPECT_TRUE(ev.empty());
  auto again = flush();
  ASSERT_EQ(again.size(), 2u);  // the ack of msg_resend_req and the request
  EXPECT_EQ(to_hex(again[1].body), to_hex(ping_body(1)));
  EXPECT_NE(again[1].msg_id, got[0].msg_id);
}

TEST_F(SessionPair, MsgsStateReqAnswered) {
  (void)client.send(ping_body(1));
  auto got = flush();
  (void)deliver({server_session::rpc_result(got[0].msg_id, ping_body(5))});
  const std::int64_t known = server.last_msg_id();
  auto ev =
      deliver({{tlcpp::serialize(tlcpp::mtproto::msgs_state_req{{known, known + 4}}), server_msg_kind::other, true}});
  EXPECT_TRUE(ev.empty());
  const std::int64_t req = server.last_msg_id();
  got = flush();
  ASSERT_EQ(got.size(), 2u);
  auto info = tlcpp::try_parse<tlcpp::mtproto::msgs_state_info>(got[1].body);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->req_msg_id, req);
  EXPECT_EQ(to_hex(info->info.span()), "0402");  // received; not received
  EXPECT_EQ(got[1].seq_no % 2, 1);
}

TEST_F(SessionPair, PingAnsweredByPong) {
  const call_id call = client.send(ping_body(42));
  auto got = flush();
  auto ev = deliver({server_session::pong(got[0].msg_id, 42)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<answer>(ev[0]).call, call);
  EXPECT_EQ(to_hex(std::get<answer>(ev[0]).result), to_hex(server_session::pong(got[0].msg_id, 42)));
}

TEST_F(SessionPair, KeepAlivePingAndTimeout) {
  session_options o;
  o.ping_interval = std::chrono::seconds(60);
  client = make_client(o);
  EXPECT_FALSE(client.take_output(t0).value().has_value());
  EXPECT_EQ(client.next_wakeup(), t0 + std::chrono::seconds(60));
  auto got = flush(t0 + std::chrono::seconds(60));
  ASSERT_EQ(got.size(), 1u);
  auto p = tlcpp::try_parse<tlcpp::mtproto::ping_delay_disconnect>(got[0].body);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ping_id, 1);
  EXPECT_EQ(p->disconnect_delay, 75);
  EXPECT_EQ(client.next_wakeup(), t0 + std::chrono::seconds(75));
  auto ev = deliver({sm(server_session::pong(got[0].msg_id, 1), server_msg_kind::response, false)},
                    t0 + std::chrono::seconds(61));
  EXPECT_TRUE(ev.empty());  // the session's own ping: no event
  EXPECT_EQ(client.next_wakeup(), t0 + std::chrono::seconds(121));
  got = flush(t0 + std::chrono::seconds(121));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(client.on_timer(t0 + std::chrono::seconds(135)).empty());
  auto timeout = client.on_timer(t0 + std::chrono::seconds(136));
  ASSERT_EQ(timeout.size(), 1u);
  EXPECT_EQ(std::get<keep_alive_timeout>(timeout[0]).ping_id, 2);
}

TEST_F(SessionPair, FirstCallWrapped) {
  session_options o;
  o.first_call_prefix = tlcpp::test::unhex("0d0d9bda");  // the start of invokeWithLayer, say
  client = make_client(o);
  (void)client.send(ping_body(1));
  (void)client.send(ping_body(2));
  auto got = flush();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(to_hex(got[0].body), "0d0d9bda" + to_hex(ping_body(1)));
  EXPECT_EQ(to_hex(got[1].body), to_hex(ping_body(2)));
  // Resent, it keeps its prefix; it is not added twice.
  (void)deliver({sm(server.bad_server_salt(got[0].container, 0, 5), server_msg_kind::response, false)});
  got = flush();
  EXPECT_EQ(to_hex(got[0].body), "0d0d9bda" + to_hex(ping_body(1)));
  EXPECT_EQ(to_hex(got[1].body), to_hex(ping_body(2)));
}

TEST_F(SessionPair, FutureSaltsFetchedAndUsed) {
  session_options o;
  o.future_salts = 3;
  client = make_client(o);
  auto got = flush();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(to_hex(got[0].body), to_hex(tlcpp::serialize(tlcpp::mtproto::get_future_salts{3})));
  EXPECT_FALSE(client.take_output(t0).value().has_value());  // one request at a time
  const auto now = static_cast<std::int32_t>(msg_id_seconds(msg_id_at(t0, 0)));
  auto ev = deliver({sm(server_session::future_salts(
                            got[0].msg_id, now,
                            {{now - 10, now + 100, 0x51}, {now + 100, now + 200, 0x52}, {now + 200, now + 300, 0x53}}),
                        server_msg_kind::response, false)});
  EXPECT_TRUE(ev.empty());  // the session's own request: no event
  (void)client.send(ping_body(1));
  got = flush();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].salt, 0x51);  // the salt valid now
  (void)client.send(ping_body(2));
  got = flush(t0 + std::chrono::seconds(150));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].salt, 0x52);
  // At 250 s only one salt is left valid: more are asked for with the request.
  (void)client.send(ping_body(3));
  got = flush(t0 + std::chrono::seconds(250));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].salt, 0x53);
  EXPECT_EQ(to_hex(got[0].body), to_hex(ping_body(3)));
  EXPECT_EQ(to_hex(got[1].body), to_hex(tlcpp::serialize(tlcpp::mtproto::get_future_salts{3})));
}

TEST_F(SessionPair, BadMsg48Resends) {
  const call_id call = client.send(ping_body(1));
  const std::int64_t first_session = client.session_id();
  auto got = flush();
  auto ev = deliver({sm(server_session::bad_msg(got[0].msg_id, got[0].seq_no, 48), server_msg_kind::response, false)});
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(client.session_id(), first_session);  // no new session for a salt
  auto again = flush();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(to_hex(again[0].body), to_hex(ping_body(1)));
  EXPECT_EQ(client.msg_id_of(call), again[0].msg_id);
}

TEST_F(SessionPair, ContainerDuplicatesSkippedButAcknowledged) {
  (void)client.send(ping_body(1));
  auto got = flush();
  // A container whose second message repeats the first's msg_id (the
  // server resending): handled once, acknowledged.
  const std::int64_t id = server.next_msg_id(t0, server_msg_kind::other);
  const auto update_body = tlcpp::test::unhex("aabbccdd");
  std::vector<std::byte> c;
  detail::append_le(c, container_id);
  detail::append_le(c, std::uint32_t{2});
  append_container_message(c, id, 1, update_body);
  append_container_message(c, id, 1, update_body);
  const std::int64_t outer = server.next_msg_id(t0, server_msg_kind::other);
  auto packet = server.encrypt_plaintext(server.plaintext(outer, 2, c, std::vector<std::byte>(padding_for(c.size()))));
  auto ev = client.receive(packet.value(), t0);
  ASSERT_TRUE(ev) << ev.error().message;
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(std::get<update>((*ev)[0]).msg_id, id);
  ASSERT_EQ(client.pending_acks().size(), 1u);
  EXPECT_EQ(client.pending_acks()[0], id);
  // A gzip-packed update arrives inflated.
  const auto packed =
      tlcpp::serialize(tlcpp::mtproto::gzip_packed{tlcpp::bytes(std::span<const std::byte>(tlcpp::gzip(update_body)))});
  auto ev2 = deliver({sm(packed, server_msg_kind::other, true)});
  ASSERT_EQ(ev2.size(), 1u);
  EXPECT_EQ(to_hex(std::get<update>(ev2[0]).body), "aabbccdd");
  // Detailed info about an answer we have: acknowledged, not asked for again.
  const std::int64_t have = server.last_msg_id();
  auto ev3 = deliver({sm(tlcpp::serialize(tlcpp::mtproto::msg_detailed_info{got[0].msg_id, have, 8, 0}),
                         server_msg_kind::other, false)});
  EXPECT_TRUE(ev3.empty());
  EXPECT_EQ(client.queued(), 0u);
  EXPECT_EQ(client.pending_acks().size(), 2u);  // id and `have`, each once
  // Informational service messages are no updates (but are acknowledged).
  auto ev4 = deliver({sm(tlcpp::serialize(tlcpp::mtproto::msgs_all_info{{got[0].msg_id}, tlcpp::bytes("\x04")}),
                         server_msg_kind::other, true)});
  EXPECT_TRUE(ev4.empty());
  EXPECT_EQ(client.pending_acks().size(), 3u);
}

TEST_F(SessionPair, DestroySessionAndDetailedInfo) {
  (void)client.send(ping_body(1));
  (void)flush();  // the server learns the session_id
  auto ev = deliver({sm(tlcpp::serialize(tlcpp::mtproto::destroy_session_ok{99}), server_msg_kind::response, false)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<session_destroyed>(ev[0]).session_id, 99);
  EXPECT_TRUE(std::get<session_destroyed>(ev[0]).existed);
  // An answer we never had: asked for again.
  ev = deliver({{tlcpp::serialize(tlcpp::mtproto::msg_new_detailed_info{0x658cc34f00000001, 100, 0}),
                 server_msg_kind::other, false}});
  EXPECT_TRUE(ev.empty());
  auto got = flush();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(to_hex(got[0].body), to_hex(tlcpp::serialize(tlcpp::mtproto::msg_resend_req{{0x658cc34f00000001}})));
}

// ---------------------------------------------------------------------------
// Refused packets: each its own reason, and the session as before

struct refusals : pair_fixture {
  call_id call;
  std::int64_t req = 0;
  void SetUp() override {
    call = client.send(ping_body(1));
    req = flush()[0].msg_id;
  }
  // The session still works: the answer comes, once.
  void expect_intact() {
    EXPECT_EQ(client.unanswered(), 1u);
    EXPECT_TRUE(client.pending_acks().empty());
    auto ev = deliver({server_session::rpc_result(req, ping_body(7))});
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(std::get<answer>(ev[0]).call, call);
  }
  session_errc refused(std::span<const std::byte> packet, unix_time now = t0) {
    auto r = client.receive(packet, now);
    EXPECT_FALSE(r);
    return r ? session_errc{} : r.error().code;
  }
  std::vector<std::byte> crafted(std::int64_t msg_id, std::size_t data_size, std::size_t padding) {
    std::vector<std::byte> data(data_size, std::byte{0x5a});
    const auto body = server_session::rpc_result(req, ping_body(7));
    std::copy(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(std::min(body.size(), data_size)), data.begin());
    return server.encrypt_plaintext(server.plaintext(msg_id, 1, data, std::vector<std::byte>(padding))).value();
  }
};
using SessionRefuses = refusals;

TEST_F(SessionRefuses, WrongMsgKeyAndAuthKeyId) {
  auto packet = server.send({server_session::rpc_result(req, ping_body(7))}, t0).value();
  auto bad = packet;
  bad[30] ^= std::byte{1};
  EXPECT_EQ(refused(bad), session_errc::msg_key_mismatch);
  bad = packet;
  bad[0] ^= std::byte{1};
  EXPECT_EQ(refused(bad), session_errc::auth_key_id_mismatch);
  EXPECT_EQ(refused(std::span(packet).first(39)), session_errc::packet_too_short);
  // A frame cut short loses a block and its msg_key no longer matches.
  EXPECT_EQ(refused(std::span(packet).first(packet.size() - 4)), session_errc::msg_key_mismatch);
  // Padded intermediate's 0..15 bytes after the packet are dropped.
  auto padded = packet;
  padded.resize(packet.size() + 15, std::byte{0xee});
  auto ev = client.receive(padded, t0);  // the genuine packet still goes through
  ASSERT_TRUE(ev);
  EXPECT_EQ(std::get<answer>((*ev)[0]).call, call);
}

TEST_F(SessionRefuses, Padding11And1025) {
  const std::int64_t id = server.next_msg_id(t0, server_msg_kind::response);
  // 32 + 21 + 11 = 64 and 32 + 15 + 1025 = 1072: multiples of 16, so only
  // the padding is wrong (the length's alignment is checked after it).
  EXPECT_EQ(refused(crafted(id, 21, 11)), session_errc::padding_too_short);
  EXPECT_EQ(refused(crafted(id, 15, 1025)), session_errc::padding_too_long);
  EXPECT_EQ(refused(crafted(id, 22, 10)), session_errc::padding_too_short);
  EXPECT_EQ(refused(crafted(id, 26, 22)), session_errc::misaligned_length);
  expect_intact();
}

TEST_F(SessionRefuses, LengthPastThePlaintext) {
  const std::int64_t id = server.next_msg_id(t0, server_msg_kind::response);
  auto p = server.plaintext(id, 1, server_session::rpc_result(req, ping_body(7)), std::vector<std::byte>(24));
  detail::put_le(p.data() + 28, std::uint32_t{52});  // 4 bytes more than the 48 after the header
  EXPECT_EQ(refused(server.encrypt_plaintext(p).value()), session_errc::length_out_of_bounds);
  expect_intact();
}

TEST_F(SessionRefuses, WrongSessionId) {
  server.set_session_id(client.session_id() + 1);
  auto packet = server.send({server_session::rpc_result(req, ping_body(7))}, t0).value();
  EXPECT_EQ(refused(packet), session_errc::session_id_mismatch);
  server.set_session_id(client.session_id());
  expect_intact();
}

TEST_F(SessionRefuses, EvenServerMsgId) {
  const std::int64_t id = server.next_msg_id(t0, server_msg_kind::response) & ~std::int64_t{3};
  EXPECT_EQ(refused(crafted(id, 24, 24)), session_errc::msg_id_parity);
  expect_intact();
}

TEST_F(SessionRefuses, StaleAndFutureMsgIds) {
  counting_random r1, r2;
  server_session past(key, salt0, r1, -301), future(key, salt0, r2, 31);
  past.set_session_id(client.session_id());
  future.set_session_id(client.session_id());
  EXPECT_EQ(refused(past.send({server_session::rpc_result(req, ping_body(7))}, t0).value()),
            session_errc::msg_id_too_far_past);
  EXPECT_EQ(refused(future.send({server_session::rpc_result(req, ping_body(7))}, t0).value()),
            session_errc::msg_id_too_far_future);
  expect_intact();
}

TEST_F(SessionRefuses, MsgIdBelowAFullWindow) {
  // 1001 content-free messages fill the window (in one container each
  // message's msg_id is remembered), then one older than all of them.
  const std::int64_t old = server.next_msg_id(t0, server_msg_kind::other);
  std::vector<server_message> many(1001, server_message{server_session::msgs_ack({1}), server_msg_kind::other, false});
  (void)deliver(many);
  EXPECT_EQ(refused(crafted(old, 24, 24)), session_errc::msg_id_below_window);
  expect_intact();
}

TEST_F(SessionRefuses, BadContainerAndMalformedServiceMessage) {
  const std::int64_t id = server.next_msg_id(t0, server_msg_kind::other);
  std::vector<std::byte> c;
  detail::append_le(c, container_id);
  detail::append_le(c, std::uint32_t{2});
  append_container_message(c, id - 8, 1, server_session::rpc_result(req, ping_body(7)));
  auto truncated = server.encrypt_plaintext(server.plaintext(id, 2, c, std::vector<std::byte>(padding_for(c.size()))));
  EXPECT_EQ(refused(truncated.value()), session_errc::bad_container);  // says 2, holds 1: nothing of it handled
  const auto salt = tlcpp::serialize(tlcpp::mtproto::bad_server_salt{req, 1, 48, 7});
  const std::vector<std::byte> cut(salt.begin(), salt.end() - 8);
  const std::int64_t id2 = server.next_msg_id(t0, server_msg_kind::other);
  auto malformed =
      server.encrypt_plaintext(server.plaintext(id2, 2, cut, std::vector<std::byte>(padding_for(cut.size()))));
  EXPECT_EQ(refused(malformed.value()), session_errc::bad_service_message);
  EXPECT_EQ(client.server_salt(), salt0);
  expect_intact();
}

// ---------------------------------------------------------------------------
// Containers' limits

TEST_F(SessionPair, ContainerHoldsAtMost1020Messages) {
  for (int i = 0; i < 1500; ++i) (void)client.send(ping_body(i));
  auto first = flush();
  EXPECT_EQ(first.size(), 1020u);
  auto second = flush();
  EXPECT_EQ(second.size(), 480u);
  EXPECT_GT(second[0].msg_id, first.back().msg_id);
  EXPECT_EQ(second.back().seq_no, 2 * 1499 + 1);
}

TEST_F(SessionPair, ContainerHoldsAtMostOneMebibyte) {
  std::vector<std::byte> big(400 * 1024, std::byte{0});
  for (int i = 0; i < 3; ++i) (void)client.send(big);
  (void)client.send(std::vector<std::byte>(2 << 20, std::byte{1}));  // larger than a container: alone
  EXPECT_EQ(flush().size(), 2u);
  EXPECT_EQ(flush().size(), 1u);  // the third would not fit with the fourth either
  auto alone = flush();
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].body.size(), std::size_t{2} << 20);
  EXPECT_EQ(alone[0].container, 0);
}

TEST(Session, RandomFailureLosesNothing) {
  const auto key = test_key();
  replay_random rng(std::vector<std::byte>(8 + 5));  // the session_id, then too little for padding
  auto s = session::create(key, salt0, 0, rng).value();
  (void)s.send(tlcpp::serialize(tlcpp::mtproto::ping{1}));
  auto out = s.take_output(t0);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, session_errc::random_failed);
  EXPECT_EQ(s.queued(), 1u);
  EXPECT_EQ(s.unanswered(), 0u);
}

}  // namespace

// ---------------------------------------------------------------------------
// Hostile plaintexts under the right key: anything in, a typed refusal or
// events out, never a crash; a refusal changes nothing.

TEST_F(SessionRefuses, ArbitraryPlaintextsNeverWedge) {
  std::uint64_t x = 0x9e3779b97f4a7c15;  // splitmix64: fixed, so every run is the same
  auto next = [&] {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  };
  const std::vector<std::uint32_t> ids = {container_id, 0xf35c6d01, 0x3072cfa1, 0x62d6b459, 0xedab447b,
                                          0xa7eff811,   0x9ec20908, 0x347773c5, 0x276d3ec6, 0x809db6df,
                                          0x7d861a08,   0xda69fb52, 0xae500895, 0xe22045fc, 0x62d350c9};
  int refused_count = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::size_t size = 4 * (1 + next() % 24);
    std::vector<std::byte> data(size);
    for (auto& b : data) b = static_cast<std::byte>(next());
    detail::put_le(data.data(), ids[next() % ids.size()]);  // mostly known constructors, bodies arbitrary
    if (size >= 8 && next() % 2 == 0) detail::put_le(data.data() + 4, static_cast<std::uint32_t>(next() % 4));
    const std::int64_t id = server.next_msg_id(t0, server_msg_kind::other);
    auto r = client.receive(
        server.encrypt_plaintext(server.plaintext(id, 0, data, std::vector<std::byte>(padding_for(size)))).value(), t0);
    if (!r) ++refused_count;
    // Whatever it did, the session still answers (once) to the next good packet.
    ASSERT_EQ(client.session_id(), server.session_id());
  }
  EXPECT_GT(refused_count, 100);
  if (client.unanswered() == 1) expect_intact();
}

// A notification that starts a new session needs 8 random bytes: without
// them the packet is refused before anything changes.
TEST(Session, NewSessionWithoutRandomnessRefusesThePacket) {
  const auto key = test_key();
  replay_random rng(std::vector<std::byte>(8 + padding_for(12)));
  auto s = session::create(key, salt0, 0, rng).value();
  (void)s.send(tlcpp::serialize(tlcpp::mtproto::ping{1}));
  counting_random server_rng;
  server_session server(key, salt0, server_rng);
  auto got = server.receive(s.take_output(t0).value().value()).value();
  const std::int64_t session_before = s.session_id();
  auto packet = server.send(
      {server_message(server_session::bad_msg(got[0].msg_id, 1, 32), server_msg_kind::response, false)}, t0);
  auto r = s.receive(packet.value(), t0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, session_errc::random_failed);
  EXPECT_EQ(s.session_id(), session_before);
  EXPECT_EQ(s.unanswered(), 1u);
  EXPECT_EQ(s.queued(), 0u);
}

TEST_F(SessionPair, DisconnectDropsTheKeepAlivePing) {
  session_options o;
  o.ping_interval = std::chrono::seconds(60);
  client = make_client(o);
  (void)client.take_output(t0);
  auto got = flush(t0 + std::chrono::seconds(60));
  ASSERT_EQ(got.size(), 1u);
  client.on_disconnect();
  EXPECT_EQ(client.queued(), 0u);
  EXPECT_EQ(client.unanswered(), 0u);
  EXPECT_TRUE(client.on_timer(t0 + std::chrono::seconds(200)).empty());  // no timeout for a dead connection's ping
  EXPECT_FALSE(client.take_output(t0 + std::chrono::seconds(61)).value().has_value());
  EXPECT_EQ(client.next_wakeup(), t0 + std::chrono::seconds(121));  // a fresh interval on the new connection
}
