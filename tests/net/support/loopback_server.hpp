// An MTProto server on 127.0.0.1 for the client's tests: the server roles of
// the library (detect_transport, make_server_transport, server_handshake,
// server_session) behind a TCP listener, answering requests from a script.
// It serves connections one after another on its own thread, remembers the
// auth keys it made (so a client can come back with a saved key), and stops
// by itself: when its destructor runs, or after `idle_limit` without a
// client.
//
// Compiled once (loopback_server.cpp, the tlcpp_loopback_server library):
// the programs that use it hold a client, and the server's side of the
// session tier and of Asio would otherwise be compiled again in each.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {
class rsa_private_key;
}

namespace tlcpp::test {

/// The script's answer to one request: a boxed result, or an rpc_error.
struct rpc_reply {
  std::vector<std::byte> result;  ///< the boxed result (when error_code is 0)
  std::int32_t error_code = 0;    ///< rpc_error's code, 0 for a result
  std::string error_message;      ///< rpc_error's message

  /// An rpc_error.
  static rpc_reply error(std::int32_t code, std::string message) { return {{}, code, std::move(message)}; }
};

/// Answers a request (the method's bytes, invokeWithLayer and initConnection
/// taken off).
using rpc_script = std::function<rpc_reply(std::span<const std::byte> request)>;

/// The method inside invokeWithLayer#da9b0d0d and initConnection#c1cd5ea9
/// (either, both or neither), or nullopt when the bytes are not such a
/// wrapping (or it carries initConnection's params, which this server does
/// not read).
std::optional<std::span<const std::byte>> unwrap_query(std::span<const std::byte> body);

/// Faults a loopback_server injects, for tests of the client's handling of them.
struct loopback_faults {
  /// Answer every encrypted packet with transport error -404 (the key is unknown).
  bool reject_key = false;
  /// Close a connection when its N-th client message arrives, without
  /// answering it (0: never).
  int drop_after = 0;
};

/// The server. Not copyable; stops in its destructor.
class loopback_server {
 public:
  /// A server with `key` (which must outlive it), answering with `script`.
  loopback_server(const net::rsa_private_key& key, rpc_script script, loopback_faults f = {});
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;
  /// Stops accepting and serving, and waits for the thread.
  ~loopback_server();

  /// The port it listens on (127.0.0.1).
  [[nodiscard]] std::uint16_t port() const noexcept;
  /// Handshakes completed so far.
  [[nodiscard]] int handshakes() const noexcept;
  /// Connections accepted so far.
  [[nodiscard]] int connections() const noexcept;
  /// Connections closed by drop_after so far.
  [[nodiscard]] int drops() const noexcept;
  /// The transport of each connection, in order.
  [[nodiscard]] std::vector<net::transport_kind> transports() const;
  /// What went wrong on the server's side, if anything (one line each).
  [[nodiscard]] std::vector<std::string> problems() const;

  /// How long the server waits for a client or for bytes before it gives up.
  static constexpr std::chrono::seconds idle_limit{20};

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace tlcpp::test
