// tlcpp::net::client: a blocking MTProto 2.0 client over one TCP connection.
//
//   tlcpp::net::client c({.host = "149.154.167.51", .port = 443, .dc_id = 2});
//   tlcpp::api::photos::Photo p = c.call(tlcpp::api::photos::updateProfilePhoto{...});
//
// It is glue: the socket (tcp_connection), a transport (make_client_transport),
// the handshake (client_handshake) or a saved key (session_file), and the
// session (session), each of which does its own checks. call() sends one
// request and runs the connection until that request's answer arrives or its
// time is up; acknowledgements, salts, resends and keep-alive happen inside.
// When the connection drops during a call (or a keep-alive ping goes
// unanswered), it connects again with backoff and jitter, on the same auth
// key and session, and the session sends every request not yet
// acknowledged again under a new msg_id; an answer to the old msg_id is
// then ignored, so each call gets exactly one outcome.
// Errors: the server's rpc_error as its typed exception
// (tlcpp/api/errors.hpp, through parse_response); everything else as
// client_error, naming the stage that failed. A key the server has lost
// (-404) or seen twice (AUTH_KEY_DUPLICATED) ends the client's calls: it
// never makes a new key behind the user's back, nor touches the saved
// session. Not thread-safe: one call at a time (async_client.hpp has many
// in flight on one connection).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/net/client_config.hpp"
#include "tlcpp/net/client_core.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/net/tcp_connection.hpp"
#include "tlcpp/protocol/request.hpp"
#include "tlcpp/protocol/response.hpp"

namespace tlcpp::net {

/// A blocking client: connect() (or the first call) opens the connection,
/// call() sends a request and waits for its answer. (Its counters and the
/// key's state come from detail::client_core.)
class client : public detail::client_core {
 public:
  /// A client for `config`, drawing from `random` (which must outlive it).
  client(client_config config, random_source& random) : client_core(std::move(config), random) {}
  /// A client for `config`, drawing from OpenSSL's generator.
  explicit client(client_config config) : client_core(std::move(config)) {}
  /// Closes the connection (saving the session's salt, if a file is used).
  ~client() { close(); }

  /// Connects, and makes an auth key unless one was loaded. Does nothing
  /// when connected. Throws client_error.
  void connect() {
    if (key_gone_) throw client_error(client_stage::auth_key, *key_gone_);
    if (session_ && tcp_ && tcp_->is_open()) return;
    const unix_time deadline = now() + config_.timeout;
    load_session_file();
    if (auto why = open()) throw client_error(why->first, why->second);
    if (!key_) handshake(deadline);
    start_session();
  }

  /// Sends `method` and returns its typed answer; throws the server's
  /// rpc_error as its typed exception, or client_error.
  template <tl_method M>
  typename M::result_type call(const M& method) {
    const std::vector<std::byte> answer = call_raw(tlcpp::serialize(method));
    return tlcpp::parse_response<M>(answer);
  }

  /// Sends a serialized request and returns the answer's bytes as the
  /// server sent them (a boxed result, or rpc_error: read them with
  /// parse_response or the registry). Throws client_error.
  std::vector<std::byte> call_raw(std::vector<std::byte> request) {
    connect();
    const unix_time deadline = now() + config_.timeout;
    const call_id id = session_->send(std::move(request));
    in_call_ = true;
    struct leave {
      bool& flag;
      ~leave() { flag = false; }
    } leave_call{in_call_};
    int tries = 0;  // reconnects since the last packet that came through
    for (;;) {
      try {
        if (auto out = run_once(id, deadline, tries)) {
          if (note_lost_key(*out)) close();
          return std::move(*out);
        }
      } catch (const connection_lost& lost) {
        reopen(lost, deadline, tries);
      }
    }
  }

  /// Closes the connection; the next call connects again (with the same
  /// key). Saves the salt and time offset when a session file is used.
  void close() noexcept {
    if (tcp_) tcp_->close();
    tcp_.reset();
    end_session();
  }

 private:
  // The connection dropped during a call: call_raw connects again.
  struct connection_lost {
    client_stage stage;
    std::string message;
  };

  // A failure of the connection: during a call, a reason to reconnect.
  [[noreturn]] void lost(client_stage stage, const std::string& message) {
    if (in_call_ && config_.reconnect.attempts > 0) throw connection_lost{stage, message};
    fail(stage, message);
  }

  [[noreturn]] void fail(client_stage stage, const std::string& message) {
    if (tcp_) tcp_->close();
    tcp_.reset();
    session_.reset();
    throw client_error(stage, message);
  }

  // Opens the socket and the transport; the failure, if any.
  std::optional<std::pair<client_stage, std::string>> open() {
    auto tcp = tcp_connection::connect(config_.host, config_.port, config_.timeout);
    if (!tcp) return std::pair{client_stage::connect, tcp.error().message};
    tcp_ = std::move(*tcp);
    auto transport = make_transport();
    if (!transport) return std::pair{client_stage::transport, transport.error().message()};
    transport_ = std::move(*transport);
    frames_.clear();
    return std::nullopt;
  }

  // One turn of a call: sends what is due, then reads one packet or waits
  // for the session's timer. The answer, once it is there.
  std::optional<std::vector<std::byte>> run_once(call_id id, unix_time deadline, int& tries) {
    flush();
    if (auto it = answers_.find(id.value); it != answers_.end()) {
      std::vector<std::byte> out = std::move(it->second);
      answers_.erase(it);
      return out;
    }
    const unix_time t = now();
    if (t >= deadline) fail(client_stage::timed_out, "no answer within " + ms(config_.timeout));
    unix_time until = deadline;
    if (auto wake = session_->next_wakeup()) until = std::min(until, std::max(*wake, t));
    if (auto frame = next_frame(until)) {
      // A refused packet changed nothing: the call goes on waiting for one that is right.
      auto events = receive(*frame);
      if (!events) return std::nullopt;
      tries = 0;  // the line works again
      for (session_event& e : *events) handle(std::move(e));
    } else {
      for (session_event& e : session_->on_timer(now())) handle(std::move(e));
    }
    return std::nullopt;
  }

  // Connects again after `why`, on the same key and session, whose
  // unacknowledged requests go out again with new msg_ids.
  void reopen(const connection_lost& why, unix_time deadline, int& tries) {
    if (tcp_) tcp_->close();
    tcp_.reset();
    transport_.reset();
    frames_.clear();
    std::string last = why.message;
    client_stage stage = why.stage;
    for (;;) {
      if (++tries > config_.reconnect.attempts)
        fail(stage, last + " (" + std::to_string(config_.reconnect.attempts) + " reconnects did not help)");
      const std::chrono::milliseconds wait = backoff(tries);
      if (now() + wait >= deadline) fail(client_stage::timed_out, last + "; no time left to reconnect");
      if (config_.sleep) {
        config_.sleep(wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
      if (auto failed = open()) {
        ++reconnects_;
        stage = failed->first;
        last = failed->second;
        continue;
      }
      resend_after_drop();
      return;
    }
  }

  void handshake(unix_time deadline) {
    const rsa_key_set keys = trusted_keys();
    client_handshake hs(handshake_settings(), *random_, keys, primes_);
    auto first = hs.start(now_seconds());
    if (!first) fail(client_stage::handshake, first.error().message);
    send_frame(*first);
    for (;;) {
      auto frame = next_frame(deadline);
      if (!frame) fail(client_stage::timed_out, "the handshake did not finish within " + ms(config_.timeout));
      auto step =
          hs.receive(padded() ? without_transport_padding(*frame) : std::span<const std::byte>(*frame), now_seconds());
      if (!step) fail(client_stage::handshake, step.error().message);
      if (!step->send.empty()) send_frame(step->send);
      if (step->done) {
        if (auto failed = keep_new_key(*step->done)) fail(client_stage::session_file, *failed);
        return;
      }
    }
  }

  void send_frame(std::span<const std::byte> payload) {
    out_.clear();
    transport_->start(out_);
    if (auto f = transport_->encode(payload, out_)) fail(client_stage::transport, f->message());
    if (auto w = tcp_->write_all(out_, config_.timeout); !w) lost(stage_of(w.error().code), w.error().message);
  }

  // Everything the session has to send now.
  void flush() {
    for (;;) {
      auto packet = session_->take_output(now());
      if (!packet) fail(client_stage::session, packet.error().message);
      if (!*packet) return;
      send_frame(**packet);
    }
  }

  static client_stage stage_of(socket_errc e) noexcept {
    switch (e) {
      case socket_errc::timed_out:
        return client_stage::timed_out;
      case socket_errc::closed:
        return client_stage::closed;
      default:
        return client_stage::connect;
    }
  }

  // The next frame from the server, or nullopt when `until` came first.
  std::optional<std::vector<std::byte>> next_frame(unix_time until) {
    while (frames_.empty()) {
      const unix_time t = now();
      if (t >= until) return std::nullopt;
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - t);
      auto n = tcp_->read_some(in_, wait);
      if (!n) {
        if (n.error().code == socket_errc::timed_out) return std::nullopt;
        lost(stage_of(n.error().code), n.error().message);
      }
      std::span<const std::byte> in(in_.data(), *n);
      auto failure = decode_all(*transport_, in, [&](received&& r) {
        if (r.kind == received_kind::frame) {
          frames_.push_back(std::move(r.payload));
        } else if (r.kind == received_kind::transport_error) {
          transport_error_ = r.error_code;
        }
      });
      // A stream that broke its framing (a line cut mid-frame and joined
      // to the next bytes, say) is dropped and opened again.
      if (failure) lost(client_stage::transport, failure->message());
      if (transport_error_) {
        const std::int32_t code = *transport_error_;
        transport_error_.reset();
        if (code == -404) {
          key_gone_ = key_unknown;
          fail(client_stage::auth_key, key_unknown);
        }
        if (code == -429) lost(client_stage::transport, "the server sent transport error -429 (too many connections)");
        fail(client_stage::transport, "the server sent transport error " + std::to_string(code));
      }
    }
    std::vector<std::byte> f = std::move(frames_.front());
    frames_.pop_front();
    return f;
  }

  void handle(session_event&& e) {
    if (auto* a = std::get_if<answer>(&e)) {
      answers_[a->call.value] = std::move(a->result);
    } else if (auto* u = std::get_if<update>(&e)) {
      updates_.push_back(std::move(*u));
    } else if (auto* t = std::get_if<keep_alive_timeout>(&e)) {
      lost(client_stage::session, "keep-alive ping " + std::to_string(t->ping_id) + " went unanswered");
    }
    // new_session, session_reset, session_destroyed: the session has
    // already resent what it must.
  }

  std::optional<tcp_connection> tcp_;
  std::optional<any_transport> transport_;
  std::deque<std::vector<std::byte>> frames_;
  std::optional<std::int32_t> transport_error_;
  bool in_call_ = false;
  std::map<std::uint64_t, std::vector<std::byte>> answers_;
  std::vector<std::byte> out_;
  std::array<std::byte, 64 * 1024> in_{};
};

}  // namespace tlcpp::net
