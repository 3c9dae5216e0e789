// tlcpp::net::client when the line drops (the loopback server's faults):
// reconnects with their waits, resends answered once, the tries running out,
// and AUTH_KEY_DUPLICATED ending the client.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <vector>

#include "net/support/client_fixture.hpp"
#include "tlcpp/api/errors.hpp"
#include "tlcpp/net/client.hpp"

namespace {

using namespace std::chrono_literals;
using tlcpp::net::client;
using tlcpp::net::client_config;
using tlcpp::net::client_stage;
using tlcpp::net::transport_kind;
using tlcpp::test::expect_client_error;
using tlcpp::test::expected_photo;
using tlcpp::test::loopback_config;
using tlcpp::test::server_key;
using tlcpp::test::update_photo;
constexpr auto script = tlcpp::test::photo_script;

// The waits a client asked for between reconnects (instead of sleeping).
struct recorded_waits {
  std::vector<std::chrono::milliseconds> waits;
  std::function<void(std::chrono::milliseconds)> sleep() {
    return [this](std::chrono::milliseconds d) { waits.push_back(d); };
  }
};

TEST(Reconnect, ADroppedLineLosesNoCallAndAnswersEachOnce) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 3;  // every connection closes on its third message, unanswered
  tlcpp::test::loopback_server server(server_key(), script, faults);
  client_config cfg = loopback_config(server, transport_kind::intermediate);
  recorded_waits w;
  cfg.sleep = w.sleep();
  tlcpp::test::counter_random random(5);
  client c(cfg, random);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(c.call(update_photo(1)), expected_photo()) << "call " << i;
  try {
    (void)c.call(update_photo(2));
    ADD_FAILURE() << "no exception";
  } catch (const tlcpp::errors::photo_id_invalid&) {
  }
  c.close();
  EXPECT_GE(server.drops(), 2);
  EXPECT_EQ(c.reconnects(), static_cast<std::size_t>(server.drops()));
  EXPECT_EQ(server.connections(), server.drops() + 1);
  // What was in flight at each drop went again, once.
  EXPECT_EQ(c.resends(), c.reconnects());
  EXPECT_EQ(server.handshakes(), 1);  // the same key throughout
  ASSERT_EQ(w.waits.size(), c.reconnects());
  for (auto d : w.waits) {  // each the first try after a drop: 200 ms, drawn in [100, 200]
    EXPECT_GE(d, 100ms);
    EXPECT_LE(d, 200ms);
  }
  EXPECT_TRUE(server.problems().empty()) << server.problems().front();
  EXPECT_EQ(c.refused_packets(), 0u) << c.last_refusal();
}

TEST(Reconnect, GivesUpAfterItsTriesWithWaitsThatDouble) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 1;  // every connection closes on the request
  tlcpp::test::loopback_server server(server_key(), script, faults);
  client_config cfg = loopback_config(server, transport_kind::abridged);
  cfg.reconnect.attempts = 3;
  recorded_waits w;
  cfg.sleep = w.sleep();
  tlcpp::test::counter_random random(6);
  client c(cfg, random);
  expect_client_error([&] { (void)c.call(update_photo(1)); }, client_stage::closed, "(3 reconnects did not help)");
  EXPECT_EQ(server.connections(), 4);
  EXPECT_EQ(server.drops(), 4);
  ASSERT_EQ(w.waits.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto full = 200ms * (1 << i);
    EXPECT_GE(w.waits[i], full / 2) << i;
    EXPECT_LE(w.waits[i], full) << i;
  }
}

TEST(Reconnect, NoTriesMeansTheDropEndsTheCall) {
  tlcpp::test::loopback_faults faults;
  faults.drop_after = 1;
  tlcpp::test::loopback_server server(server_key(), script, faults);
  client_config cfg = loopback_config(server, transport_kind::full);
  cfg.reconnect.attempts = 0;
  tlcpp::test::counter_random random(7);
  client c(cfg, random);
  expect_client_error([&] { (void)c.call(update_photo(1)); }, client_stage::closed, "");
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(c.reconnects(), 0u);
}

TEST(Reconnect, AuthKeyDuplicatedIsTypedAndEndsTheClient) {
  tlcpp::test::loopback_server server(server_key(), [](std::span<const std::byte>) {
    return tlcpp::test::rpc_reply::error(406, "AUTH_KEY_DUPLICATED");
  });
  client_config cfg = loopback_config(server, transport_kind::intermediate);
  tlcpp::test::counter_random random(8);
  client c(cfg, random);
  try {
    (void)c.call(update_photo(1));
    ADD_FAILURE() << "no exception";
  } catch (const tlcpp::errors::auth_key_duplicated& e) {
    EXPECT_EQ(e.code(), 406);
  }
  // The key is not used again, nor replaced by a new one behind the user's back.
  expect_client_error([&] { (void)c.call(update_photo(1)); }, client_stage::auth_key, "AUTH_KEY_DUPLICATED");
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.handshakes(), 1);
}

}  // namespace
