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
// session. Not thread-safe: one call at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/net/detect.hpp"
#include "tlcpp/net/handshake.hpp"
#include "tlcpp/net/init_connection.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/session.hpp"
#include "tlcpp/net/session_file.hpp"
#include "tlcpp/net/tcp_connection.hpp"
#include "tlcpp/protocol/request.hpp"
#include "tlcpp/protocol/response.hpp"

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

/// A blocking client: connect() (or the first call) opens the connection,
/// call() sends a request and waits for its answer.
class client {
 public:
  /// A client for `config`, drawing from `random` (which must outlive it).
  client(client_config config, random_source& random) : config_(std::move(config)), random_(&random) {}
  /// A client for `config`, drawing from OpenSSL's generator.
  explicit client(client_config config) : config_(std::move(config)), random_(&own_random_) {}
  client(const client&) = delete;
  client& operator=(const client&) = delete;
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
    session_options options;
    options.first_call_prefix = init_connection_prefix(config_.init);
    auto s = session::create(key_->auth_key, key_->server_salt, key_->server_time_offset, *random_, std::move(options));
    if (!s) throw client_error(client_stage::session, s.error().message);
    session_ = std::move(*s);
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
          note_lost_key(*out);
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
    if (session_ && key_) {
      key_->server_salt = session_->server_salt();
      key_->server_time_offset = session_->time_offset();
    }
    if (tcp_) tcp_->close();
    tcp_.reset();
    session_.reset();
    if (config_.session_file && key_ && dirty_) (void)save_session_file();
  }

  /// Updates the server sent while calls ran, oldest first (taken by the caller).
  [[nodiscard]] std::deque<update>& updates() noexcept { return updates_; }
  /// Packets the session refused (each left it unchanged); the last reason.
  [[nodiscard]] std::size_t refused_packets() const noexcept { return refused_packets_; }
  /// The reason the last refused packet was refused.
  [[nodiscard]] const std::string& last_refusal() const noexcept { return last_refusal_; }
  /// True when an auth key exists (made or loaded).
  [[nodiscard]] bool has_auth_key() const noexcept { return key_.has_value(); }
  /// The auth key's id (as on the wire), when there is a key.
  [[nodiscard]] std::optional<std::array<std::byte, 8>> auth_key_id() const {
    if (!key_) return std::nullopt;
    return net::auth_key_id(key_->auth_key);
  }
  /// How many handshakes this client made (0 when the key was loaded).
  [[nodiscard]] int handshakes() const noexcept { return handshakes_; }
  /// How many times it connected again after a drop.
  [[nodiscard]] std::size_t reconnects() const noexcept { return reconnects_; }
  /// How many requests it sent again because a connection dropped before
  /// the server acknowledged them.
  [[nodiscard]] std::size_t resends() const noexcept { return resends_; }

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

  // Opens the socket and the transport; the failure, if any.
  std::optional<std::pair<client_stage, std::string>> open() {
    auto tcp = tcp_connection::connect(config_.host, config_.port, config_.timeout);
    if (!tcp) return std::pair{client_stage::connect, tcp.error().message};
    tcp_ = std::move(*tcp);
    client_options t;
    t.kind = config_.transport;
    t.inner = config_.obfuscated_inner;
    t.dc_id = static_cast<std::int16_t>(config_.test_dc ? config_.dc_id + 10000 : config_.dc_id);
    t.secret = config_.secret;
    auto transport = make_client_transport(t, *random_);
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
      auto events = session_->receive(*frame, now());
      // A refused packet changed nothing: it is dropped, counted, and the
      // call goes on waiting for a packet that is right.
      if (!events) {
        ++refused_packets_;
        last_refusal_ = events.error().message;
        return std::nullopt;
      }
      tries = 0;  // the line works again
      for (session_event& e : *events) handle(std::move(e));
    } else {
      for (session_event& e : session_->on_timer(now())) handle(std::move(e));
    }
    return std::nullopt;
  }

  // The wait before reconnect try `n` (from 1): first_delay doubled n-1
  // times, at most max_delay, drawn between half of it and all of it.
  std::chrono::milliseconds backoff(int n) {
    const reconnect_policy& p = config_.reconnect;
    std::chrono::milliseconds d = p.first_delay;
    for (int i = 1; i < n && d < p.max_delay; ++i) d *= 2;
    d = std::min(d, p.max_delay);
    std::array<std::byte, 4> r{};
    if (!random_->fill(r)) return d;
    const auto half = d.count() / 2;
    const auto draw = detail::get_le<std::uint32_t>(r.data()) % static_cast<std::uint64_t>(half + 1);
    return std::chrono::milliseconds(d.count() - half + static_cast<std::int64_t>(draw));
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
      ++reconnects_;
      if (auto failed = open()) {
        stage = failed->first;
        last = failed->second;
        continue;
      }
      const std::size_t before = session_->queued();
      session_->on_disconnect();
      resends_ += session_->queued() - before;
      return;
    }
  }

  // AUTH_KEY_DUPLICATED: the server dropped the key for being used twice at
  // once; later calls fail typed instead of using it again.
  void note_lost_key(std::span<const std::byte> answer) {
    if (answer.size() < 4 || wire::peek_id(answer) != meta<mtproto::rpc_error>::id) return;
    auto e = try_parse<mtproto::rpc_error>(answer);
    if (!e || e->error_message != "AUTH_KEY_DUPLICATED") return;
    key_gone_ =
        "the server saw this auth key in use twice at once (AUTH_KEY_DUPLICATED) and dropped it; the saved "
        "session was left as it is: log in again";
    close();
  }

  [[noreturn]] void fail(client_stage stage, const std::string& message) {
    if (tcp_) tcp_->close();
    tcp_.reset();
    session_.reset();
    throw client_error(stage, message);
  }

  // Whether frames carry padded intermediate's random tail.
  [[nodiscard]] bool padded() const noexcept {
    return config_.transport == transport_kind::padded_intermediate ||
           (config_.transport == transport_kind::obfuscated2 &&
            config_.obfuscated_inner == transport_kind::padded_intermediate);
  }

  static std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

  [[nodiscard]] unix_time now() const {
    if (config_.clock) return config_.clock();
    return std::chrono::duration_cast<unix_time>(std::chrono::system_clock::now().time_since_epoch());
  }

  [[nodiscard]] std::int64_t now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(now()).count();
  }

  void load_session_file() {
    if (key_ || !config_.session_file || !std::filesystem::exists(*config_.session_file)) return;
    auto s = read_session_file(*config_.session_file);
    if (!s) throw client_error(client_stage::session_file, s.error().message);
    if (s->dc_id != config_.dc_id || s->test_dc != config_.test_dc)
      throw client_error(client_stage::session_file,
                         config_.session_file->string() + " holds a key of " + (s->test_dc ? "test " : "") + "DC " +
                             std::to_string(s->dc_id) + ", not of " + (config_.test_dc ? "test " : "") + "DC " +
                             std::to_string(config_.dc_id));
    handshake_result k;
    k.auth_key = s->auth_key;
    k.server_salt = s->server_salt;
    k.server_time_offset = s->server_time_offset;
    key_ = k;
  }

  status<session_file_errc> save_session_file() {
    saved_session s;
    s.dc_id = config_.dc_id;
    s.test_dc = config_.test_dc;
    s.auth_key = key_->auth_key;
    s.server_salt = key_->server_salt;
    s.server_time_offset = key_->server_time_offset;
    dirty_ = false;
    return write_session_file(*config_.session_file, s);
  }

  void handshake(unix_time deadline) {
    handshake_options o;
    o.dc_id = config_.dc_id;
    o.test_dc = config_.test_dc;
    const rsa_key_set keys =
        config_.keys ? *config_.keys : (config_.test_dc ? telegram_test_keys() : telegram_production_keys());
    client_handshake hs(o, *random_, keys, primes_);
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
        key_ = *step->done;
        ++handshakes_;
        break;
      }
    }
    if (config_.session_file) {
      dirty_ = true;
      if (auto s = save_session_file(); !s) fail(client_stage::session_file, s.error().message);
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
          key_gone_ =
              "the server does not know this auth key (transport error -404); the saved session was left as it "
              "is: log in again or remove it";
          fail(client_stage::auth_key, *key_gone_);
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

  client_config config_;
  openssl_random own_random_;
  random_source* random_;
  dh_prime_cache primes_;
  std::optional<handshake_result> key_;
  bool dirty_ = false;
  int handshakes_ = 0;
  std::optional<tcp_connection> tcp_;
  std::optional<any_transport> transport_;
  std::optional<session> session_;
  std::deque<std::vector<std::byte>> frames_;
  std::optional<std::int32_t> transport_error_;
  bool in_call_ = false;
  std::size_t reconnects_ = 0;
  std::size_t resends_ = 0;
  std::optional<std::string> key_gone_;
  std::map<std::uint64_t, std::vector<std::byte>> answers_;
  std::deque<update> updates_;
  std::size_t refused_packets_ = 0;
  std::string last_refusal_;
  std::vector<std::byte> out_;
  std::array<std::byte, 64 * 1024> in_{};
};

}  // namespace tlcpp::net
