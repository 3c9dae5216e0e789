// tlcpp serve: an MTProto 2.0 server on a local port for testing clients:
// every transport, the handshake, the session's service messages, and
// answers from a script (JSON lines), with faults to inject on request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tlcpp::cli {

/// The options of `tlcpp serve` (see main.cpp for their help).
struct serve_options {
  std::string host = "127.0.0.1";             ///< the address to listen on
  std::uint16_t port = 0;                     ///< 0: any free port
  std::optional<std::string> key;             ///< PEM private key; unset: a fresh one
  std::optional<std::string> public_key_out;  ///< where to write the public key (PKCS#1 PEM)
  std::optional<std::string> answers;         ///< the script (JSON lines)
  std::optional<std::string> record;          ///< where to write every request (canonical JSON lines)
  int dc = 2;                                 ///< the DC this server says it is
  int drop_after = 0;                         ///< close a connection after this many messages (0: never)
  bool drop_mid_frame = false;                ///< ... in the middle of the answer's frame
  int rotate_salt_every = 0;                  ///< a new server salt after this many messages (0: never)
  int time_offset = 0;                        ///< seconds this server's clock is ahead
  bool new_session = false;                   ///< forget sessions: every connection's first message starts one
  bool reject_key = false;                    ///< answer every encrypted packet with -404
};

/// Exit codes of `tlcpp serve` (it runs until it is killed).
enum serve_exit : int {
  serve_failed = 1,     ///< cannot listen, or the key cannot be made or written
  serve_bad_input = 2,  ///< bad arguments, key file or answers file
};

/// Runs `tlcpp serve`: prints "listening on HOST:PORT" and "fingerprint: X"
/// on stdout, logs connections and every rule a client broke on stderr.
/// Returns only when it cannot start.
int run_serve(const serve_options& options);

}  // namespace tlcpp::cli
