// What the blocking client (client.hpp) and the asynchronous one
// (async_client.hpp) share, apart from how they wait for bytes: the auth
// key and its session file, the session, the transport to make, the
// handshake's settings, the reconnect waits, the key that is gone, and what
// they count. No I/O here.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/RpcError.hpp"
#include "tlcpp/net/client_config.hpp"
#include "tlcpp/net/detect.hpp"
#include "tlcpp/net/handshake.hpp"
#include "tlcpp/net/init_connection.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/session.hpp"
#include "tlcpp/net/session_file.hpp"

namespace tlcpp::net::detail {

/// The state and rules both clients share (their base class).
class client_core {
 public:
  client_core(const client_core&) = delete;
  client_core& operator=(const client_core&) = delete;

  /// Updates the server sent while calls ran, oldest first (taken by the caller).
  [[nodiscard]] std::deque<update>& updates() noexcept { return updates_; }
  /// Packets the session refused (each left it unchanged).
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

 protected:
  client_core(client_config config, random_source& random) : config_(std::move(config)), random_(&random) {}
  explicit client_core(client_config config) : config_(std::move(config)), random_(&own_random_) {}
  ~client_core() = default;

  // What -404 means for the user.
  static constexpr const char* key_unknown =
      "the server does not know this auth key (transport error -404); the saved session was left as it is: log in "
      "again or remove it";

  [[nodiscard]] unix_time now() const {
    if (config_.clock) return config_.clock();
    return std::chrono::duration_cast<unix_time>(std::chrono::system_clock::now().time_since_epoch());
  }
  [[nodiscard]] std::int64_t now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(now()).count();
  }
  static std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

  // Whether frames carry padded intermediate's random tail.
  [[nodiscard]] bool padded() const noexcept {
    return config_.transport == transport_kind::padded_intermediate ||
           (config_.transport == transport_kind::obfuscated2 &&
            config_.obfuscated_inner == transport_kind::padded_intermediate);
  }

  // The client side of the configured transport.
  [[nodiscard]] result<any_transport, transport_failure> make_transport() {
    client_options t;
    t.kind = config_.transport;
    t.inner = config_.obfuscated_inner;
    t.dc_id = static_cast<std::int16_t>(config_.test_dc ? config_.dc_id + 10000 : config_.dc_id);
    t.secret = config_.secret;
    return make_client_transport(t, *random_);
  }

  // Loads the saved key, if a session file is configured and exists.
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

  // The handshake's settings and the keys it trusts.
  [[nodiscard]] handshake_options handshake_settings() const {
    handshake_options o;
    o.dc_id = config_.dc_id;
    o.test_dc = config_.test_dc;
    return o;
  }
  [[nodiscard]] rsa_key_set trusted_keys() const {
    return config_.keys ? *config_.keys : (config_.test_dc ? telegram_test_keys() : telegram_production_keys());
  }

  // The handshake made `key`: keep it, and save it when a file is configured
  // (the failure, if saving failed).
  std::optional<std::string> keep_new_key(const handshake_result& key) {
    key_ = key;
    ++handshakes_;
    if (!config_.session_file) return std::nullopt;
    dirty_ = true;
    if (auto s = save_session_file(); !s) return s.error().message;
    return std::nullopt;
  }

  // A new session under the key.
  void start_session() {
    session_options options;
    options.first_call_prefix = init_connection_prefix(config_.init);
    auto s = session::create(key_->auth_key, key_->server_salt, key_->server_time_offset, *random_, std::move(options));
    if (!s) throw client_error(client_stage::session, s.error().message);
    session_ = std::move(*s);
  }

  // Keeps the session's salt and clock with the key, and saves them when a
  // file is configured; then drops the session.
  void end_session() noexcept {
    if (session_ && key_) {
      key_->server_salt = session_->server_salt();
      key_->server_time_offset = session_->time_offset();
    }
    session_.reset();
    if (config_.session_file && key_ && dirty_) (void)save_session_file();
  }

  // Hands the session one packet from the server; its events, or nothing
  // when it refused the packet (counted, the session unchanged).
  std::optional<std::vector<session_event>> receive(std::span<const std::byte> frame) {
    auto events = session_->receive(frame, now());
    if (!events) {
      ++refused_packets_;
      last_refusal_ = events.error().message;
      return std::nullopt;
    }
    return std::move(*events);
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
    const auto draw = get_le<std::uint32_t>(r.data()) % static_cast<std::uint64_t>(half + 1);
    return std::chrono::milliseconds(d.count() - half + static_cast<std::int64_t>(draw));
  }

  // The connection is back: what the server had not acknowledged goes again.
  void resend_after_drop() {
    ++reconnects_;
    const std::size_t before = session_->queued();
    session_->on_disconnect();
    resends_ += session_->queued() - before;
  }

  // Whether `answer` is AUTH_KEY_DUPLICATED: the server dropped the key for
  // being used twice at once; later calls then fail typed instead of using it.
  bool note_lost_key(std::span<const std::byte> answer) {
    if (answer.size() < 4 || wire::peek_id(answer) != meta<mtproto::rpc_error>::id) return false;
    auto e = try_parse<mtproto::rpc_error>(answer);
    if (!e || e->error_message != "AUTH_KEY_DUPLICATED") return false;
    key_gone_ =
        "the server saw this auth key in use twice at once (AUTH_KEY_DUPLICATED) and dropped it; the saved "
        "session was left as it is: log in again";
    return true;
  }

  client_config config_;
  openssl_random own_random_;
  random_source* random_;
  dh_prime_cache primes_;
  std::optional<handshake_result> key_;
  bool dirty_ = false;
  int handshakes_ = 0;
  std::optional<session> session_;
  std::deque<update> updates_;
  std::size_t refused_packets_ = 0;
  std::string last_refusal_;
  std::size_t reconnects_ = 0;
  std::size_t resends_ = 0;
  std::optional<std::string> key_gone_;
};

}  // namespace tlcpp::net::detail
