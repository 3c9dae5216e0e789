// tlcpp::net::async_client: many calls in flight on one connection, with
// C++20 coroutines on Boost.Asio.
//
//   boost::asio::io_context io;
//   tlcpp::net::async_client c(io.get_executor(), config);
//   boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
//     photos::Photo p = co_await c.async_call(photos::updateProfilePhoto{...});
//   }, boost::asio::detached);
//   io.run();
//
// The same pieces as the blocking client (client.hpp, and the state they
// share in client_core.hpp), driven by coroutines instead of blocking reads:
// one reads the connection and hands each answer to the call waiting for it,
// one wakes the session for its acknowledgements and keep-alive pings, and
// a call queues its request and sends what the session has due, so that
// requests made together go out together (in one container). A drop while
// calls wait is handled as in the blocking client: a reconnect with backoff
// and jitter on the same key and session, every unacknowledged request sent
// again under a new msg_id, one outcome per call. Use it from one thread
// (the io_context's, or a strand's); destroy it after close() once the
// io_context has run what was pending.
//
// Boost 1.74's Asio enables co_await for g++ by itself; for clang it must be
// told (BOOST_ASIO_HAS_CO_AWAIT, BOOST_ASIO_HAS_STD_COROUTINE), which the
// tlcpp::net target does. clang 14 cannot compile coroutines under UBSan's
// function check: with -fsanitize=undefined add -fno-sanitize=function.
#pragma once

#include <coroutine>
#include <utility>  // before Boost 1.74's awaitable.hpp, which uses std::exchange without it

#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#if !defined(BOOST_ASIO_HAS_CO_AWAIT)
#error \
    "tlcpp/net/async_client.hpp needs Boost.Asio's coroutines: define BOOST_ASIO_HAS_CO_AWAIT and BOOST_ASIO_HAS_STD_COROUTINE (the tlcpp::net target does for clang)"
#endif

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/net/client_config.hpp"
#include "tlcpp/net/client_core.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/protocol/request.hpp"
#include "tlcpp/protocol/response.hpp"

namespace tlcpp::net {

/// A client whose calls are coroutines: async_call() may be awaited by many
/// coroutines at once, all on one connection. (Its counters and the key's
/// state come from detail::client_core.)
class async_client : public detail::client_core {
 public:
  /// What it runs on.
  using executor_type = boost::asio::any_io_executor;

  /// A client on `ex` for `config`, drawing from `random` (which must outlive it).
  async_client(executor_type ex, client_config config, random_source& random)
      : client_core(std::move(config), random), ex_(std::move(ex)), socket_(ex_) {}
  /// A client on `ex` for `config`, drawing from OpenSSL's generator.
  async_client(executor_type ex, client_config config)
      : client_core(std::move(config)), ex_(std::move(ex)), socket_(ex_) {}
  /// Closes the connection.
  ~async_client() { close(); }

  /// Connects, and makes an auth key unless one was loaded (calls do it
  /// themselves). Throws client_error.
  boost::asio::awaitable<void> async_connect() {
    if (key_gone_) throw client_error(client_stage::auth_key, *key_gone_);
    while (connecting_) {  // another call is connecting: wait for it
      boost::asio::steady_timer wait(ex_, std::chrono::milliseconds(1));
      co_await wait.async_wait(boost::asio::use_awaitable);
    }
    if (connected_) co_return;
    connecting_ = true;
    struct done_connecting {
      bool& flag;
      ~done_connecting() { flag = false; }
    } guard{connecting_};
    load_session_file();
    if (auto why = co_await open()) throw client_error(why->first, why->second);
    if (!key_) co_await handshake();
    start_session();
    connected_ = true;
    start_loops();
  }

  /// Sends `method` and returns its typed answer; throws the server's
  /// rpc_error as its typed exception, or client_error.
  template <tl_method M>
  boost::asio::awaitable<typename M::result_type> async_call(const M& method) {
    std::vector<std::byte> answer = co_await async_call_raw(tlcpp::serialize(method));
    co_return tlcpp::parse_response<M>(answer);
  }

  /// Sends a serialized request and returns the answer's bytes as the
  /// server sent them (a boxed result, or rpc_error). Throws client_error.
  boost::asio::awaitable<std::vector<std::byte>> async_call_raw(std::vector<std::byte> request) {
    co_await async_connect();
    const call_id id = session_->send(std::move(request));
    auto p = std::make_shared<pending>(ex_);
    p->timer.expires_after(config_.timeout);
    pending_[id.value] = p;
    co_await flush();
    boost::system::error_code ec;
    if (!p->answer && !p->error)
      co_await p->timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    pending_.erase(id.value);
    if (p->error) throw *p->error;
    if (!p->answer) throw client_error(client_stage::timed_out, "no answer within " + ms(config_.timeout));
    if (note_lost_key(*p->answer)) close();
    co_return std::move(*p->answer);
  }

  /// Closes the connection: calls still waiting end with client_error
  /// (stage closed); the next call connects again with the same key.
  void close() noexcept {
    ++generation_;
    connected_ = false;
    boost::system::error_code ec;
    socket_.close(ec);
    if (wake_) wake_->cancel();
    end_session();
    fail_all(client_stage::closed, "the client was closed");
  }

  /// How many calls wait for their answers now.
  [[nodiscard]] std::size_t in_flight() const noexcept { return pending_.size(); }

 private:
  using tcp = boost::asio::ip::tcp;

  // A call waiting: its timer is cancelled when the outcome is there.
  struct pending {
    explicit pending(const executor_type& ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    std::optional<std::vector<std::byte>> answer;
    std::optional<client_error> error;
  };

  void finish(pending& p) { p.timer.cancel(); }

  void fail_all(client_stage stage, const std::string& message) {
    for (auto& [id, p] : pending_) {
      if (p->answer || p->error) continue;
      p->error.emplace(stage, message);
      finish(*p);
    }
  }

  // Cancels the socket's operations when `t` expires; whether it did. (The
  // flag outlives the caller's frame: the handler may run after it.)
  std::shared_ptr<bool> watch(boost::asio::steady_timer& t) {
    auto fired = std::make_shared<bool>(false);
    t.async_wait([this, fired](const boost::system::error_code& e) {
      if (e) return;
      *fired = true;
      boost::system::error_code ignored;
      socket_.cancel(ignored);
    });
    return fired;
  }

  // Opens the socket (within the timeout) and the transport; the failure, if any.
  boost::asio::awaitable<std::optional<std::pair<client_stage, std::string>>> open() {
    boost::system::error_code ec;
    socket_.close(ec);
    socket_ = tcp::socket(ex_);
    frames_.clear();
    tcp::resolver resolver(ex_);
    auto endpoints = co_await resolver.async_resolve(config_.host, std::to_string(config_.port),
                                                     boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) co_return std::pair{client_stage::connect, "cannot resolve " + config_.host + ": " + ec.message()};
    boost::asio::steady_timer watchdog(ex_, config_.timeout);
    auto timed_out = watch(watchdog);
    co_await boost::asio::async_connect(socket_, endpoints,
                                        boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    watchdog.cancel();
    const std::string where = config_.host + ":" + std::to_string(config_.port);
    if (*timed_out)
      co_return std::pair{client_stage::timed_out, "connecting to " + where + " took over " + ms(config_.timeout)};
    if (ec) co_return std::pair{client_stage::connect, "cannot connect to " + where + ": " + ec.message()};
    socket_.set_option(tcp::no_delay(true), ec);
    auto transport = make_transport();
    if (!transport) co_return std::pair{client_stage::transport, transport.error().message()};
    transport_ = std::move(*transport);
    co_return std::nullopt;
  }

  // Frames the payload and writes it; false when the socket failed.
  boost::asio::awaitable<bool> write_frame(std::span<const std::byte> payload) {
    std::vector<std::byte> out;
    transport_->start(out);
    if (auto f = transport_->encode(payload, out)) throw client_error(client_stage::transport, f->message());
    boost::system::error_code ec;
    co_await boost::asio::async_write(socket_, boost::asio::buffer(out.data(), out.size()),
                                      boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    co_return !ec;
  }

  // Reads until a frame is there; the failure, if the stream ended or broke.
  boost::asio::awaitable<std::optional<std::pair<client_stage, std::string>>> read_frames() {
    while (frames_.empty()) {
      boost::system::error_code ec;
      const std::size_t n = co_await socket_.async_read_some(
          boost::asio::buffer(in_.data(), in_.size()), boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (ec)
        co_return std::pair{ec == boost::asio::error::eof ? client_stage::closed : client_stage::connect,
                            "reading: " + ec.message()};
      std::optional<std::int32_t> transport_error;
      auto failure = decode_all(*transport_, std::span<const std::byte>(in_.data(), n), [&](received&& r) {
        if (r.kind == received_kind::frame) {
          frames_.push_back(std::move(r.payload));
        } else if (r.kind == received_kind::transport_error) {
          transport_error = r.error_code;
        }
      });
      if (failure) co_return std::pair{client_stage::transport, failure->message()};
      if (transport_error) {
        if (*transport_error == -404) {
          key_gone_ = key_unknown;
          co_return std::pair{client_stage::auth_key, std::string(key_unknown)};
        }
        co_return std::pair{client_stage::transport,
                            "the server sent transport error " + std::to_string(*transport_error)};
      }
    }
    co_return std::nullopt;
  }

  boost::asio::awaitable<void> handshake() {
    const rsa_key_set keys = trusted_keys();
    client_handshake hs(handshake_settings(), *random_, keys, primes_);
    boost::asio::steady_timer watchdog(ex_, config_.timeout);
    auto timed_out = watch(watchdog);
    struct stop_watchdog {
      boost::asio::steady_timer& t;
      ~stop_watchdog() { t.cancel(); }
    } stop{watchdog};
    auto first = hs.start(now_seconds());
    if (!first) throw client_error(client_stage::handshake, first.error().message);
    if (!co_await write_frame(*first))
      throw client_error(client_stage::closed, "the connection closed in the handshake");
    for (;;) {
      if (auto failed = co_await read_frames()) {
        if (*timed_out)
          throw client_error(client_stage::timed_out, "the handshake did not finish within " + ms(config_.timeout));
        throw client_error(failed->first, failed->second);
      }
      std::vector<std::byte> frame = std::move(frames_.front());
      frames_.pop_front();
      auto step =
          hs.receive(padded() ? without_transport_padding(frame) : std::span<const std::byte>(frame), now_seconds());
      if (!step) throw client_error(client_stage::handshake, step.error().message);
      if (!step->send.empty() && !co_await write_frame(step->send))
        throw client_error(client_stage::closed, "the connection closed in the handshake");
      if (step->done) {
        if (auto failed = keep_new_key(*step->done)) throw client_error(client_stage::session_file, *failed);
        co_return;
      }
    }
  }

  // The reader and the session's timer, for this connection.
  void start_loops() {
    const std::uint64_t gen = ++generation_;
    boost::asio::co_spawn(ex_, read_loop(gen), boost::asio::detached);
    boost::asio::co_spawn(ex_, timer_loop(gen), boost::asio::detached);
  }

  // Sends everything the session has due (one writer at a time: a call
  // that finds one at work leaves its request to it).
  boost::asio::awaitable<void> flush() {
    // A writer of an earlier connection is only waiting for its write to fail.
    if ((writing_ && writer_gen_ == generation_) || !connected_) co_return;
    const std::uint64_t gen = generation_;
    writing_ = true;
    writer_gen_ = gen;
    struct done_writing {
      async_client& c;
      std::uint64_t gen;
      ~done_writing() {
        if (c.writer_gen_ == gen) c.writing_ = false;
      }
    } guard{*this, gen};
    while (connected_ && gen == generation_) {
      auto packet = session_->take_output(now());
      if (!packet) {
        fail_all(client_stage::session, packet.error().message);
        co_return;
      }
      if (!*packet) co_return;
      if (!co_await write_frame(**packet)) co_return;  // the reader sees the drop
    }
  }

  void handle(session_event&& e, bool& dropped) {
    if (auto* a = std::get_if<answer>(&e)) {
      if (auto it = pending_.find(a->call.value); it != pending_.end() && !it->second->answer) {
        it->second->answer = std::move(a->result);
        finish(*it->second);
      }
    } else if (auto* u = std::get_if<update>(&e)) {
      updates_.push_back(std::move(*u));
    } else if (std::get_if<keep_alive_timeout>(&e)) {
      dropped = true;
    }
  }

  boost::asio::awaitable<void> read_loop(std::uint64_t gen) {
    while (gen == generation_) {
      auto failed = co_await read_frames();
      if (gen != generation_) co_return;
      bool dropped = false;
      while (!failed && !frames_.empty()) {
        std::vector<std::byte> frame = std::move(frames_.front());
        frames_.pop_front();
        if (auto events = receive(frame)) {
          tries_ = 0;  // the line works again
          for (session_event& e : *events) handle(std::move(e), dropped);
        }
      }
      if (failed || dropped) {
        if (!failed) failed = std::pair{client_stage::session, std::string("a keep-alive ping went unanswered")};
        co_await reconnect(gen, failed->first, failed->second);
        co_return;  // reconnect started the next connection's loops, or gave up
      }
      co_await flush();
    }
  }

  boost::asio::awaitable<void> timer_loop(std::uint64_t gen) {
    wake_ = std::make_shared<boost::asio::steady_timer>(ex_);
    auto wake = wake_;
    while (gen == generation_ && connected_) {
      const unix_time t = now();
      auto at = session_->next_wakeup();
      const auto wait = at && *at > t ? std::chrono::ceil<std::chrono::milliseconds>(*at - t)
                                      : std::chrono::milliseconds(at ? 0 : 1000);
      wake->expires_after(wait);
      boost::system::error_code ec;
      co_await wake->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (gen != generation_ || !connected_) co_return;
      bool dropped = false;
      for (session_event& e : session_->on_timer(now())) handle(std::move(e), dropped);
      if (dropped) {
        boost::system::error_code ignored;
        socket_.cancel(ignored);  // the reader sees it and reconnects
        co_return;
      }
      co_await flush();
    }
  }

  // The connection of generation `gen` failed: connect again while calls
  // wait (same key, same session), or end the calls.
  boost::asio::awaitable<void> reconnect(std::uint64_t gen, client_stage stage, std::string why) {
    if (gen != generation_) co_return;
    ++generation_;  // the old loops stop
    boost::system::error_code ec;
    socket_.close(ec);
    if (stage == client_stage::auth_key || pending_.empty() || config_.reconnect.attempts == 0) {
      connected_ = false;
      end_session();
      fail_all(stage, why);
      co_return;
    }
    // Tries count from the last packet that came through, not from this drop:
    // a server that accepts and drops every time runs them out.
    while (++tries_ <= config_.reconnect.attempts) {
      boost::asio::steady_timer wait(ex_, backoff(tries_));
      co_await wait.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (!connected_) co_return;  // closed meanwhile
      if (auto failed = co_await open()) {
        ++reconnects_;
        stage = failed->first;
        why = failed->second;
        continue;
      }
      resend_after_drop();
      start_loops();
      co_await flush();
      co_return;
    }
    tries_ = 0;
    connected_ = false;
    end_session();
    fail_all(stage, why + " (" + std::to_string(config_.reconnect.attempts) + " reconnects did not help)");
  }

  executor_type ex_;
  tcp::socket socket_;
  std::optional<any_transport> transport_;
  std::deque<std::vector<std::byte>> frames_;
  std::map<std::uint64_t, std::shared_ptr<pending>> pending_;
  std::shared_ptr<boost::asio::steady_timer> wake_;
  std::uint64_t generation_ = 0;
  int tries_ = 0;  // reconnects since the last packet that came through
  bool connected_ = false;
  bool connecting_ = false;
  bool writing_ = false;
  std::uint64_t writer_gen_ = 0;
  std::array<std::byte, 64 * 1024> in_{};
};

}  // namespace tlcpp::net
