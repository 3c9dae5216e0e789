// What the tests of the asynchronous client share: a script that answers
// ping as well as the photo script's method, a configuration whose
// reconnects wait 1 ms, and a bounded run of many coroutines on one client.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <span>

#include "net/support/client_fixture.hpp"
#include "net/support/loopback_server.hpp"
#include "net/support/photo_script.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/async_client.hpp"

namespace tlcpp::test {

/// The photo script, and pong for ping: its ping_id echoed.
inline rpc_reply echo_script(std::span<const std::byte> request) {
  if (auto p = try_parse<mtproto::ping>(request)) return {serialize(mtproto::pong{0, p->ping_id}), 0, {}};
  return photo_script(request);
}

/// loopback_config with reconnects 1 ms apart: the asynchronous tests wait
/// for real (the blocking client's take an injected sleep).
inline net::client_config async_config(const loopback_server& server, net::transport_kind t) {
  using namespace std::chrono_literals;
  net::client_config c = loopback_config(server, t);
  c.reconnect.first_delay = 1ms;
  return c;
}

/// Runs `n` coroutines made by `make(i)` on one client, then closes it;
/// bounded by 30 s.
template <class Make>
void run_calls(boost::asio::io_context& io, net::async_client& c, int n, Make make) {
  using namespace std::chrono_literals;
  auto left = std::make_shared<int>(n);
  for (int i = 0; i < n; ++i)
    boost::asio::co_spawn(
        io,
        [&, i, left]() -> boost::asio::awaitable<void> {
          co_await make(i);
          if (--*left == 0) c.close();
        },
        boost::asio::detached);
  io.run_for(30s);
  EXPECT_EQ(*left, 0) << "calls still waiting after 30 s";
}

}  // namespace tlcpp::test
