// What a tlcpp::net client is told (client_config, reconnect_policy) and
// how it fails (client_error, naming a client_stage): shared by the blocking
// client (client.hpp) and the asynchronous one (async_client.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tlcpp/net/init_connection.hpp"
#include "tlcpp/net/msg_id.hpp"
#include "tlcpp/net/proxy_secret.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/transport_common.hpp"

namespace tlcpp::net {

/// Which part of the client failed.
enum class client_stage : std::uint8_t {
  session_file,  ///< the saved session could not be read or written
  connect,       ///< resolving or connecting
  transport,     ///< the transport's framing broke, or the server sent a transport error
  auth_key,      ///< the server does not know the auth key (transport error -404): log in again
  handshake,     ///< creating the auth key failed (the message names the check)
  session,       ///< the session could not go on (a packet could not be encrypted, keep-alive timed out)
  timed_out,     ///< no answer in time
  closed,        ///< the connection was closed (by the server or on an earlier failure)
};

/// The name of a stage, for messages.
[[nodiscard]] constexpr std::string_view to_string(client_stage s) noexcept {
  switch (s) {
    case client_stage::session_file:
      return "session file";
    case client_stage::connect:
      return "connect";
    case client_stage::transport:
      return "transport";
    case client_stage::auth_key:
      return "auth key";
    case client_stage::handshake:
      return "handshake";
    case client_stage::session:
      return "session";
    case client_stage::timed_out:
      return "timed out";
    case client_stage::closed:
      return "closed";
  }
  return "?";
}

/// A failure of the client other than the server's rpc_error: which stage,
/// and one line saying what (never key material).
class client_error : public std::runtime_error {
 public:
  /// `message` says what failed; what() is "<stage>: <message>".
  client_error(client_stage stage, const std::string& message)
      : std::runtime_error(std::string(to_string(stage)) + ": " + message), stage_(stage) {}
  /// Which stage failed.
  [[nodiscard]] client_stage stage() const noexcept { return stage_; }

 private:
  client_stage stage_;
};

/// How a client connects again after its connection drops during a call.
struct reconnect_policy {
  /// Connections tried, one after another, before the call fails; 0: never reconnect.
  int attempts = 5;
  /// The wait before the first try, doubling with each try up to max_delay;
  /// each wait is drawn between half of that and all of it (jitter, so
  /// that many clients dropped at once do not come back at once).
  std::chrono::milliseconds first_delay{200};
  /// The longest wait.
  std::chrono::milliseconds max_delay{std::chrono::seconds(10)};
};

/// Where and how a client connects.
struct client_config {
  std::string host;                                         ///< the server's name or address
  std::uint16_t port = 443;                                 ///< its port
  std::int32_t dc_id = 2;                                   ///< the DC it is (for the handshake and the session file)
  bool test_dc = false;                                     ///< one of Telegram's test DCs
  transport_kind transport = transport_kind::intermediate;  ///< the framing
  /// obfuscated2: the framing inside it.
  transport_kind obfuscated_inner = transport_kind::intermediate;
  /// obfuscated2: an MTProxy secret, if connecting through one.
  std::optional<proxy_secret> secret;
  /// The server keys trusted in the handshake; unset: Telegram's (its test
  /// key when test_dc).
  std::optional<rsa_key_set> keys;
  /// Load the auth key from this file if it exists (no handshake), else
  /// make one and save it there (mode 0600). Unset: a new key every time.
  std::optional<std::filesystem::path> session_file;
  /// Who the client is: the first request of each session goes out inside
  /// invokeWithLayer(initConnection(these, request)).
  connection_params init{};
  /// How long connect, the handshake and each call may take.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  /// The current time (unix time). Unset: the system clock.
  std::function<unix_time()> clock;
  /// Reconnecting after a drop.
  reconnect_policy reconnect{};
  /// Waits between reconnects. Unset: std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep;
};

}  // namespace tlcpp::net
