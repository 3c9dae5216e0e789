// tlcpp::net::client against the library's server roles over loopback TCP
// (support/loopback_server.hpp): the handshake and the three outcomes of
// photos.updateProfilePhoto with every transport, a saved session reused
// without a second handshake, each failure as its client_stage; and when the
// line drops (the server's faults): reconnects with their waits, resends
// answered once, the tries running out, and AUTH_KEY_DUPLICATED ending the
// client.
#include "tlcpp/net/client.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/support/client_fixture.hpp"
#include "tlcpp/api/errors.hpp"

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

class EveryTransport : public ::testing::TestWithParam<std::pair<transport_kind, transport_kind>> {};

TEST_P(EveryTransport, HandshakeThenTheThreeOutcomes) {
  tlcpp::test::loopback_server server(server_key(), script);
  client_config cfg = loopback_config(server, GetParam().first);
  cfg.obfuscated_inner = GetParam().second;
  tlcpp::test::counter_random random(1);
  client c(cfg, random);

  EXPECT_EQ(c.call(update_photo(1)), expected_photo());
  EXPECT_EQ(c.handshakes(), 1);
  try {
    (void)c.call(update_photo(2));
    ADD_FAILURE() << "no exception";
  } catch (const tlcpp::errors::photo_id_invalid& e) {
    EXPECT_EQ(e.code(), 400);
  }
  try {
    (void)c.call(update_photo(3));
    ADD_FAILURE() << "no exception";
  } catch (const tlcpp::errors::flood_wait& e) {
    EXPECT_EQ(e.seconds(), 30);
  }
  c.close();
  EXPECT_EQ(server.handshakes(), 1);
  ASSERT_EQ(server.transports().size(), 1u);
  EXPECT_EQ(server.transports()[0], GetParam().first);
  EXPECT_TRUE(server.problems().empty()) << server.problems().front();
  EXPECT_EQ(c.refused_packets(), 0u) << c.last_refusal();
}

INSTANTIATE_TEST_SUITE_P(Client, EveryTransport,
                         ::testing::Values(std::pair{transport_kind::abridged, transport_kind::abridged},
                                           std::pair{transport_kind::intermediate, transport_kind::intermediate},
                                           std::pair{transport_kind::padded_intermediate,
                                                     transport_kind::padded_intermediate},
                                           std::pair{transport_kind::full, transport_kind::full},
                                           std::pair{transport_kind::obfuscated2, transport_kind::intermediate},
                                           std::pair{transport_kind::obfuscated2, transport_kind::padded_intermediate}),
                         [](const auto& info) {
                           std::string name(tlcpp::net::to_string(info.param.first));
                           if (info.param.first == transport_kind::obfuscated2)
                             name += "_" + std::string(tlcpp::net::to_string(info.param.second));
                           for (char& ch : name)
                             if (ch == ' ' || ch == '-') ch = '_';
                           return name;
                         });

class SessionFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("tlcpp_client_test_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove(path_);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(SessionFile, ASavedKeyIsUsedWithoutASecondHandshake) {
  tlcpp::test::loopback_server server(server_key(), script);
  client_config cfg = loopback_config(server, transport_kind::intermediate);
  cfg.session_file = path_;
  std::array<std::byte, 8> first_key{};
  {
    tlcpp::test::counter_random random(2);
    client c(cfg, random);
    EXPECT_EQ(c.call(update_photo(1)), expected_photo());
    EXPECT_EQ(c.handshakes(), 1);
    first_key = *c.auth_key_id();
  }
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  {
    tlcpp::test::counter_random random(4);  // another run: other randomness
    client c(cfg, random);
    EXPECT_EQ(c.call(update_photo(1)), expected_photo());
    EXPECT_EQ(c.handshakes(), 0);
    EXPECT_EQ(*c.auth_key_id(), first_key);
  }
  EXPECT_EQ(server.handshakes(), 1);
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(SessionFile, AKeyTheServerDoesNotKnowIsAuthKeyAndTheFileIsKept) {
  std::string saved;
  {
    tlcpp::test::loopback_server server(server_key(), script);
    client_config cfg = loopback_config(server, transport_kind::abridged);
    cfg.session_file = path_;
    tlcpp::test::counter_random random(2);
    client c(cfg, random);
    (void)c.call(update_photo(1));
  }
  {
    std::ifstream in(path_);
    saved.assign(std::istreambuf_iterator<char>(in), {});
  }
  tlcpp::test::loopback_server forgetful(server_key(), script);  // knows no keys
  client_config cfg = loopback_config(forgetful, transport_kind::abridged);
  cfg.session_file = path_;
  tlcpp::test::counter_random random(2);
  client c(cfg, random);
  expect_client_error([&] { (void)c.call(update_photo(1)); }, client_stage::auth_key, "-404");
  c.close();
  std::ifstream in(path_);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), saved);
}

TEST(Client, AServerKeyNotTrustedEndsTheHandshake) {
  tlcpp::test::loopback_server server(server_key(), script);
  client_config cfg = loopback_config(server, transport_kind::intermediate);
  cfg.keys = tlcpp::net::telegram_production_keys();  // not this server's
  tlcpp::test::counter_random random(2);
  client c(cfg, random);
  expect_client_error([&] { (void)c.call(update_photo(1)); }, client_stage::handshake, "fingerprint");
  EXPECT_FALSE(c.has_auth_key());
  EXPECT_EQ(server.handshakes(), 0);
}

TEST(Client, NobodyListeningIsConnect) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::address_v4::loopback(), 0});
    port = a.local_endpoint().port();
  }
  client_config cfg;
  cfg.host = "127.0.0.1";
  cfg.port = port;
  tlcpp::test::counter_random random(2);
  client c(cfg, random);
  expect_client_error([&] { c.connect(); }, client_stage::connect,
                      "connect: cannot connect to 127.0.0.1:" + std::to_string(port) + ": ");
}

// --- when the line drops (the loopback server's faults) ---

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
