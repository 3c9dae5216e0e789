// tlcpp call: one request, as canonical JSON on stdin, sent to a server with
// tlcpp::net::client; its answer as canonical JSON on stdout.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tlcpp::cli {

/// The options of `tlcpp call` (see main.cpp for their help).
struct call_options {
  std::optional<std::string> server;     ///< HOST:PORT; unset: the DC's address
  int dc = 2;                            ///< the DC
  bool test_dc = false;                  ///< one of Telegram's test DCs
  std::vector<std::string> public_keys;  ///< PEM files that replace the built-in keys
  std::string transport = "intermediate";
  std::optional<std::string> proxy_secret;  ///< hex; with transport obfuscated
  std::optional<std::string> session;       ///< the session file
  int api_id = 0;                           ///< initConnection's api_id
  double timeout = 30;                      ///< seconds
  bool pretty = false;                      ///< indent the JSON
};

/// Exit codes of `tlcpp call`.
enum call_exit : int {
  call_ok = 0,         ///< the answer is on stdout
  call_failed = 1,     ///< connection, transport, handshake or session failure
  call_bad_input = 2,  ///< bad arguments or bad JSON
  call_rpc_error = 3,  ///< the server answered with rpc_error
};

/// Runs `tlcpp call`: reads stdin, writes stdout and one line on stderr on
/// failure; returns the exit code.
int run_call(const call_options& options);

}  // namespace tlcpp::cli
