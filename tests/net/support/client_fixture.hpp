// What the tests of the blocking and the asynchronous client share: the
// loopback server's key, a configuration that points a client at that
// server, the seed method's request and the answer the photo script gives,
// and the check of a thrown client_error.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "net/support/counter_random.hpp"
#include "net/support/loopback_server.hpp"
#include "net/support/photo_script.hpp"
#include "tlcpp/net/client_config.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_private_key.hpp"
#include "tlcpp/protocol/response.hpp"

namespace tlcpp::test {

/// The server's key: the handshake tests' (vectors/handshake_server_key.pem).
inline const net::rsa_private_key& server_key() {
  static const auto key = [] {
    std::ifstream in(TLCPP_NET_VECTORS_DIR "/handshake_server_key.pem", std::ios::binary);
    return net::rsa_private_key::from_pem(std::string(std::istreambuf_iterator<char>(in), {})).value();
  }();
  return key;
}

/// A client of `server` over transport `t` that trusts the server's key.
inline net::client_config loopback_config(const loopback_server& server, net::transport_kind t) {
  using namespace std::chrono_literals;
  net::client_config c;
  c.host = "127.0.0.1";
  c.port = server.port();
  c.dc_id = 2;
  c.transport = t;
  net::rsa_key_set keys;
  keys.add(server_key().public_key());
  c.keys = std::move(keys);
  c.init.api_id = 12345;
  c.init.device_model = "tlcpp test";
  c.timeout = 10s;
  return c;
}

/// photos.updateProfilePhoto of photo `id` (photo_script: 1 a photo, 2
/// PHOTO_ID_INVALID, 3 FLOOD_WAIT_30).
inline api::photos::updateProfilePhoto update_photo(std::int64_t id) {
  return {.id = api::inputPhoto{.id = id, .access_hash = 77, .file_reference = "ref"}};
}

/// What a client should get for photo 1: the result read from the same
/// bytes, header-only.
inline api::photos::Photo expected_photo() {
  return parse_response<api::photos::updateProfilePhoto>(unhex(packed_photo_result_hex));
}

/// Runs `f`, which must throw client_error of `stage` saying `says` in what().
template <class F>
void expect_client_error(F&& f, net::client_stage stage, const std::string& says) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const net::client_error& e) {
    EXPECT_EQ(e.stage(), stage) << e.what();
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
  }
}

}  // namespace tlcpp::test
