// The client side of an encrypted MTProto 2.0 session, sans-IO
// (core.telegram.org/mtproto/description, /service_messages,
// /service_messages_about_messages, /security_guidelines).
//
// No sockets, threads, clock or randomness of its own: the caller queues
// requests with send(), takes each packet to hand to a transport with
// take_output(now), feeds each packet the transport delivered to
// receive(now), calls on_timer(now) when next_wakeup() says, and
// on_disconnect() when the connection is gone. Time is the caller's clock
// (unix_time); the server offset turns it into the server's.
//
//   auto s = tlcpp::net::session::create(key, salt, offset, rng).value();
//   auto call = s.send(tlcpp::serialize(tlcpp::api::help::getNearestDc{}));
//   while (auto packet = s.take_output(now).value()) transport.send(*packet);
//   for (auto& e : s.receive(frame, now).value())
//     if (auto* a = std::get_if<tlcpp::net::answer>(&e))   // a->call == call
//       tlcpp::parse_response<tlcpp::api::help::getNearestDc>(a->result);
//
// Randomness, in the order drawn: create() draws the session_id (8 bytes,
// little-endian); each packet take_output() builds draws its padding
// (padding_for(its message_data) bytes, 12..27); each packet given to
// receive() that passes every check and carries a bad_msg_notification
// whose code may start a new session (all but 16 and 48) draws the new
// session_id (8 bytes, used only if a new session is started) before acting
// on anything. Nothing else.
//
// receive() takes a frame as a transport yields it (padded intermediate's
// 0..15 trailing bytes are dropped here: only whole blocks are decrypted) and
// checks, in this order, each refusal with its own session_errc:
// the auth_key_id and the msg_key (message_cipher), the length field and
// the padding (read_plaintext), the session_id, the parity of the server
// msg_id (odd), duplicates and msg_ids below the window of the last 1000
// (replay_window), the -300 s / +30 s time window (against the server time:
// the offset given to create(), corrected by bad_msg_notification 16/17; it
// applies to the packet's msg_id, and not to a bad_msg_notification 16 or
// 17, which is how the server says the offset is wrong), and the framing of a
// container and of every service message the packet carries. Every check
// runs before any state changes: a refused packet leaves the session as it
// was, and the next good packet is handled as if the bad one never came.
//
// What is not done here yet: msg_copy, http_wait, and resending the
// acknowledgements of a container the server refused.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/BadMsgNotification.hpp"
#include "tlcpp/mtproto/DestroySessionRes.hpp"
#include "tlcpp/mtproto/FutureSalts.hpp"
#include "tlcpp/mtproto/MsgDetailedInfo.hpp"
#include "tlcpp/mtproto/MsgResendReq.hpp"
#include "tlcpp/mtproto/MsgsAck.hpp"
#include "tlcpp/mtproto/MsgsAllInfo.hpp"
#include "tlcpp/mtproto/MsgsStateInfo.hpp"
#include "tlcpp/mtproto/MsgsStateReq.hpp"
#include "tlcpp/mtproto/NewSession.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/mtproto/RpcError.hpp"
#include "tlcpp/mtproto/get_future_salts.hpp"
#include "tlcpp/mtproto/ping_delay_disconnect.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/message_frame.hpp"
#include "tlcpp/net/msg_id.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/replay_window.hpp"
#include "tlcpp/protocol/envelope.hpp"
#include "tlcpp/protocol/gzip.hpp"

namespace tlcpp::net {

enum class session_errc : std::uint8_t {
  packet_too_short = 1,   ///< shorter than auth_key_id + msg_key + one block
  auth_key_id_mismatch,   ///< the packet is for another auth key
  msg_key_mismatch,       ///< msg_key is not that of the decrypted plaintext
  plaintext_too_short,    ///< the plaintext is shorter than its header
  length_out_of_bounds,   ///< message_data_length runs past the plaintext
  padding_too_short,      ///< fewer than 12 bytes of padding
  padding_too_long,       ///< more than 1024 bytes of padding
  misaligned_length,      ///< message_data_length not a non-zero multiple of 4
  session_id_mismatch,    ///< the packet is for another session
  msg_id_parity,          ///< a server msg_id must be odd
  duplicate_msg_id,       ///< this msg_id was accepted before
  msg_id_below_window,    ///< older than all of the last 1000 accepted
  msg_id_too_far_past,    ///< more than 300 s before the server time
  msg_id_too_far_future,  ///< more than 30 s after the server time
  bad_container,          ///< a msg_container whose framing is broken
  bad_service_message,    ///< a service message whose fields cannot be read
  random_failed,          ///< the random_source failed (take_output, create)
  cipher_failure,         ///< OpenSSL's AES failed
};
using session_error = error<session_errc>;

/// Identifies a request for its lifetime: stable across resends, which give
/// it new msg_ids.
struct call_id {
  std::uint64_t value = 0;  ///< 1, 2, ... in the order send() was called

  /// Ordered as sent.
  friend auto operator<=>(const call_id&, const call_id&) = default;
};

/// The answer to a request: rpc_result's result (gzip_packed inflated), or
/// pong for a ping, future_salts for get_future_salts. Read it with
/// tlcpp::parse_response<Method>(result), which also raises an rpc_error.
struct answer {
  call_id call;                     ///< which request
  std::int64_t req_msg_id = 0;      ///< the msg_id it was answered under
  std::vector<std::byte> result{};  ///< the answer's bytes (a boxed object)

  /// Whether the answer is an rpc_error (parse_response raises it typed).
  [[nodiscard]] bool is_rpc_error() const noexcept {
    return result.size() >= 4 && detail::get_le<std::uint32_t>(result.data()) == meta<mtproto::rpc_error>::id;
  }
};

/// Anything the server sent that is not a service message or an answer.
struct update {
  std::int64_t msg_id = 0;        ///< the message it came in
  std::vector<std::byte> body{};  ///< a boxed object (gzip_packed inflated)
};

/// new_session_created: the server started a session; updates sent
/// before it may have been missed (the caller should fetch the difference).
/// Requests sent before first_msg_id have been sent again.
struct new_session {
  std::int64_t first_msg_id = 0;  ///< the first of our msg_ids the new session has
  std::int64_t unique_id = 0;     ///< the server's id of the session
  std::int64_t server_salt = 0;   ///< the salt now in use
};

/// A bad_msg_notification made the client start a new session (a new
/// session_id, seq_no from 0); every unanswered request was sent again.
struct session_reset {
  std::int32_t error_code = 0;  ///< the notification's code (17, 20, 32, 33, ...)
};

/// destroy_session_ok or destroy_session_none.
struct session_destroyed {
  std::int64_t session_id = 0;  ///< which session
  bool existed = false;         ///< destroy_session_ok (true) or destroy_session_none
};

/// A keep-alive ping went unanswered until its deadline: the connection is
/// dead; the caller should close it and call on_disconnect().
struct keep_alive_timeout {
  std::int64_t ping_id = 0;  ///< the unanswered ping
};

/// What receive() and on_timer() report.
using session_event = std::variant<answer, update, new_session, session_reset, session_destroyed, keep_alive_timeout>;

/// How a session behaves; the defaults suit Telegram.
struct session_options {
  /// Bytes put before the first request of each session: the header of
  /// invokeWithLayer(initConnection(...)) up to its query (see
  /// init_connection_prefix in tlcpp/net/init_connection.hpp). Empty: none.
  std::vector<std::byte> first_call_prefix{};
  /// Send ping_delay_disconnect this long after the last one was answered;
  /// zero for no keep-alive.
  std::chrono::seconds ping_interval{0};
  /// How long a keep-alive ping may go unanswered before keep_alive_timeout.
  std::chrono::seconds ping_timeout{15};
  /// ping_delay_disconnect's disconnect_delay: the server closes the
  /// connection after this many seconds without a ping.
  std::int32_t disconnect_delay = 75;
  /// Acknowledgements wait for a packet to ride in at most this long.
  std::chrono::milliseconds ack_delay{500};
  /// Acknowledgements sent at once without waiting, when this many are due.
  std::size_t max_pending_acks = 16;
  /// Ask for this many future salts (get_future_salts) whenever fewer than
  /// two known salts remain valid, so that a salt is always at hand before
  /// the current one expires; zero to rely on bad_server_salt alone.
  std::int32_t future_salts = 0;
  /// The most bytes an inflated gzip_packed may have.
  std::size_t max_inflated_size = std::size_t{32} << 20;
};

/// The client side of an MTProto 2.0 session under one auth key. Not
/// thread-safe; movable. Holds a reference to the random_source it was
/// created with, which must outlive it.
class session {
 public:
  /// A session under `auth_key` with the first `server_salt` and the
  /// `time_offset` (server seconds minus the caller's) the handshake found;
  /// draws the session_id (8 bytes) from `rng`.
  [[nodiscard]] static result<session, session_error> create(auth_key_view auth_key, std::int64_t server_salt,
                                                             std::int32_t time_offset, random_source& rng,
                                                             session_options options = {}) {
    session s(auth_key, server_salt, time_offset, rng, std::move(options));
    if (auto id = s.draw_session_id(); !id) return id.error();
    return s;
  }

  /// Queues `request` (a boxed, serialized TL method, or any message when
  /// not `content_related`) to go in the next packet; its answer will come
  /// as an answer event with the returned call_id. (tlcpp::serialize_request
  /// with request_options::gzip packs a large request first.) A message that
  /// is not content-related gets no answer and is sent once.
  call_id send(std::vector<std::byte> request, bool content_related = true) {
    const call_id id{++last_call_};
    queue_.push_back(outgoing{id, std::move(request), content_related, false, false});
    return id;
  }

  /// Serializes `method` (any TL method: its answer is then read with
  /// tlcpp::parse_response<M>) and queues it (see send(std::vector<std::byte>)).
  template <tl_method M>
  call_id send_method(const M& method) {
    return send(tlcpp::serialize(method));
  }

  /// The next packet to hand to the transport (auth_key_id, msg_key,
  /// encrypted data), or nothing when nothing is due. Packs due
  /// acknowledgements and queued messages into one msg_container (at most
  /// 1020 messages and 1 MiB), or sends a lone message bare; a message
  /// larger than the container limit goes alone. Queues a keep-alive ping
  /// when one is due. Call again until it returns nothing.
  [[nodiscard]] result<std::optional<std::vector<std::byte>>, session_error> take_output(unix_time now) {
    maybe_queue_ping(now);
    maybe_fetch_salts(now);
    const bool acks_due = !acks_.empty() && (!queue_.empty() || acks_.size() >= options_.max_pending_acks ||
                                             now >= acks_since_ + options_.ack_delay);
    if (queue_.empty() && !acks_due) return std::optional<std::vector<std::byte>>{};

    // Choose what goes, without taking it yet: a failed draw must lose nothing.
    std::vector<std::byte> ack_body;
    std::size_t acks_taken = 0;
    if (!acks_.empty() && (acks_due || !queue_.empty())) {
      acks_taken = std::min<std::size_t>(acks_.size(), max_acks_per_message);
      mtproto::msgs_ack ack{
          std::vector<std::int64_t>(acks_.begin(), acks_.begin() + static_cast<std::ptrdiff_t>(acks_taken))};
      ack_body = tlcpp::serialize(ack);
    }
    std::size_t count = acks_taken > 0 ? 1 : 0;
    std::size_t bytes = acks_taken > 0 ? container_message_header_size + ack_body.size() : 0;
    std::size_t taken = 0;
    std::size_t first_size = 0;
    bool wrapped = wrapped_;
    for (const outgoing& o : queue_) {
      bool now_wrapped = wrapped;
      const std::size_t size = o.body.size() + (wraps(o, now_wrapped) ? options_.first_call_prefix.size() : 0);
      if (count > 0 &&
          (count + 1 > max_container_messages || bytes + container_message_header_size + size > max_container_bytes))
        break;
      wrapped = now_wrapped;
      if (taken == 0) first_size = size;
      ++count;
      bytes += container_message_header_size + size;
      ++taken;
    }
    const bool container = count > 1;
    const std::size_t data_size = container ? 8 + bytes : (acks_taken > 0 ? ack_body.size() : first_size);
    const std::size_t padding = padding_for(data_size);
    std::vector<std::byte> packet(encrypted_header_size + plaintext_header_size + data_size + padding);
    const std::span<std::byte> pad_at(packet.data() + packet.size() - padding, padding);
    if (auto r = rng_->fill(pad_at); !r)
      return detail::fail(session_errc::random_failed, "session: no random padding: " + r.error().message);

    // Committed: take the messages, number them, record them.
    std::vector<std::byte> data;
    data.reserve(data_size);
    if (container) {
      detail::append_le(data, container_id);
      detail::append_le(data, static_cast<std::uint32_t>(count));
    }
    std::vector<std::int64_t> inner;
    std::int64_t msg_id = 0;
    std::int32_t seq_no = 0;
    auto put = [&](std::span<const std::byte> body, bool content_related) {
      const std::int64_t id = ids_.next(now, time_offset_);
      const std::int32_t seq = seq_.next(content_related);
      if (container) {
        append_container_message(data, id, seq, body);
        inner.push_back(id);
      } else {
        data.assign(body.begin(), body.end());
        msg_id = id;
        seq_no = seq;
      }
      return id;
    };
    if (acks_taken > 0) {
      put(ack_body, false);
      acks_.erase(acks_.begin(), acks_.begin() + static_cast<std::ptrdiff_t>(acks_taken));
      acks_since_ = now;
    }
    for (std::size_t i = 0; i < taken; ++i) {
      outgoing o = std::move(queue_.front());
      queue_.pop_front();
      if (wraps(o, wrapped_)) {
        o.body.insert(o.body.begin(), options_.first_call_prefix.begin(), options_.first_call_prefix.end());
        o.wrapped = true;
      }
      const std::int64_t id = put(o.body, o.content_related);
      // Only content-related messages get answers (or acknowledgements);
      // anything else is sent once and forgotten.
      if (o.call.value != 0 && o.content_related) sent_.emplace(id, std::move(o));
    }
    if (container) {
      msg_id = ids_.next(now, time_offset_);
      seq_no = seq_.next(false);
      containers_.emplace(msg_id, std::move(inner));
    }
    prune_containers();
    const std::span<std::byte> plain(packet.data() + encrypted_header_size, packet.size() - encrypted_header_size);
    write_plaintext_header(plain.first<plaintext_header_size>(), salt_at(now), session_id_, msg_id, seq_no,
                           static_cast<std::uint32_t>(data.size()));
    std::copy(data.begin(), data.end(), plain.begin() + plaintext_header_size);
    if (auto e = cipher_.encrypt_in_place(direction::client_to_server, packet); !e)
      return detail::fail(session_errc::cipher_failure, e.error().message);
    return std::optional<std::vector<std::byte>>(std::move(packet));
  }

  /// Decrypts and checks one packet from the server (see the file comment
  /// for the checks and their order) and handles what it carries: the
  /// events for the caller, in the order of the messages. A refused packet
  /// changes nothing.
  [[nodiscard]] result<std::vector<session_event>, session_error> receive(std::span<const std::byte> packet,
                                                                          unix_time now) {
    if (packet.size() < encrypted_header_size)
      return detail::fail(session_errc::packet_too_short, "session: a packet of " + std::to_string(packet.size()) +
                                                              " bytes has no auth_key_id and msg_key");
    // Padded intermediate framing adds 0..15 bytes the frame does not tell
    // apart (intermediate.hpp): only whole 16-byte blocks are decrypted.
    packet = packet.first(encrypted_header_size + (packet.size() - encrypted_header_size) / 16 * 16);
    plain_.resize(packet.size() - encrypted_header_size);
    auto dec = cipher_.decrypt(direction::server_to_client, packet, plain_);
    if (!dec) return from_cipher(dec.error());
    auto m = read_plaintext(*dec);
    if (!m) return from_frame(m.error());
    if (m->session_id != session_id_)
      return detail::fail(session_errc::session_id_mismatch, "session: the packet's session_id is not this session's");
    if (auto s = check_msg_id(m->msg_id); !s) return s.error();
    // A time notification is exempt from the time window: its msg_id is how
    // the server tells us our clock is off, by more than the window perhaps.
    if (!is_time_notification(m->body)) {
      if (auto t = replay_window::check_time(m->msg_id, now, time_offset_); !t) return from_replay(t.error());
    }
    std::vector<incoming> in;
    if (auto p = parse_message(m->msg_id, m->seq_no, m->body, in, true); !p) return p.error();
    // A notification that may start a new session gets its session_id now,
    // so that a failing random_source refuses the packet before it acts.
    next_session_id_.reset();
    if (std::any_of(in.begin(), in.end(), [](const incoming& i) { return resets_session(i); })) {
      auto id = draw_id();
      if (!id) return id.error();
      next_session_id_ = *id;
    }

    // Every check passed: from here on the packet is accepted.
    seen_.insert(m->msg_id);
    for (const incoming& i : in)
      if (!i.skip) seen_.insert(i.msg_id);
    std::vector<session_event> events;
    for (incoming& i : in) handle(i, now, events);
    return events;
  }

  /// Reports what is due at `now`: a keep_alive_timeout when the last
  /// keep-alive ping went unanswered past its deadline.
  [[nodiscard]] std::vector<session_event> on_timer(unix_time now) {
    std::vector<session_event> events;
    if (ping_deadline_ && now >= *ping_deadline_) {
      events.emplace_back(keep_alive_timeout{ping_id_});
      ping_deadline_.reset();
    }
    return events;
  }

  /// When the caller should call take_output() or on_timer() next without
  /// new input: the keep-alive ping, its deadline, or waiting
  /// acknowledgements; nothing when nothing is timed.
  [[nodiscard]] std::optional<unix_time> next_wakeup() const {
    std::optional<unix_time> t;
    auto earliest = [&](unix_time x) { t = t ? std::min(*t, x) : x; };
    if (ping_deadline_) earliest(*ping_deadline_);
    if (options_.ping_interval.count() > 0 && !ping_deadline_) earliest(next_ping_);
    if (!acks_.empty()) earliest(acks_since_ + options_.ack_delay);
    return t;
  }

  /// The connection is gone: every request sent and neither acknowledged
  /// nor answered goes out again, with a new msg_id, on the next
  /// take_output(); a pending keep-alive deadline is dropped.
  void on_disconnect() {
    std::vector<std::int64_t> ids;
    for (auto it = sent_.begin(); it != sent_.end();) {
      // A keep-alive ping belongs to its connection: the next one starts afresh.
      if (it->second.internal && it->second.body.size() >= 4 &&
          detail::get_le<std::uint32_t>(it->second.body.data()) == meta<mtproto::ping_delay_disconnect>::id) {
        it = sent_.erase(it);
        continue;
      }
      if (!it->second.acked) ids.push_back(it->first);
      ++it;
    }
    requeue(ids);
    ping_deadline_.reset();
    next_ping_ = unix_time{};
  }

  /// The session_id (random, drawn by create() or a new session).
  [[nodiscard]] std::int64_t session_id() const noexcept { return session_id_; }
  /// The server salt in use now.
  [[nodiscard]] std::int64_t server_salt() const noexcept { return salt_; }
  /// Server seconds minus the caller's.
  [[nodiscard]] std::int32_t time_offset() const noexcept { return time_offset_; }
  /// Requests sent and not yet answered.
  [[nodiscard]] std::size_t unanswered() const noexcept { return sent_.size(); }
  /// Messages queued for the next packet.
  [[nodiscard]] std::size_t queued() const noexcept { return queue_.size(); }
  /// Server msg_ids waiting to be acknowledged.
  [[nodiscard]] std::span<const std::int64_t> pending_acks() const noexcept { return acks_; }
  /// The msg_id request `call` was last sent under, if it waits for an answer.
  [[nodiscard]] std::optional<std::int64_t> msg_id_of(call_id call) const {
    for (const auto& [id, o] : sent_)
      if (o.call == call) return id;
    return std::nullopt;
  }

 private:
  static constexpr std::size_t max_acks_per_message = 8192;  // Telegram's limit on msgs_ack

  struct outgoing {
    call_id call;  // 0: a service message nothing waits for
    std::vector<std::byte> body;
    bool content_related = true;
    bool wrapped = false;   // first_call_prefix is in body
    bool internal = false;  // the session's own (keep-alive ping, get_future_salts): its answer is no event
    bool acked = false;
  };

  // One message of a received packet, read and checked, not yet acted on.
  struct rpc_answer_in {
    std::int64_t req_msg_id = 0;
    std::vector<std::byte> result;
  };
  using content = std::variant<std::monostate, rpc_answer_in, mtproto::msgs_ack, mtproto::bad_server_salt,
                               mtproto::bad_msg_notification, mtproto::new_session_created, mtproto::pong,
                               mtproto::msg_detailed_info, mtproto::msg_new_detailed_info, mtproto::msg_resend_req,
                               mtproto::msgs_state_req, mtproto::future_salts, mtproto::destroy_session_ok,
                               mtproto::destroy_session_none, update>;
  struct incoming {
    std::int64_t msg_id = 0;
    std::int32_t seq_no = 0;
    bool skip = false;  // a duplicate inside a container: acknowledged again, not handled
    content what;
  };

  session(auth_key_view key, std::int64_t salt, std::int32_t offset, random_source& rng, session_options options)
      : cipher_(key), salt_(salt), time_offset_(offset), rng_(&rng), options_(std::move(options)) {}

  result<std::int64_t, session_error> draw_id() {
    std::array<std::byte, 8> b{};
    if (auto r = rng_->fill(b); !r)
      return detail::fail(session_errc::random_failed, "session: no random session_id: " + r.error().message);
    return detail::get_le<std::int64_t>(b.data());
  }

  status<session_errc> draw_session_id() {
    auto id = draw_id();
    if (!id) return id.error();
    session_id_ = *id;
    return success{};
  }

  // Whether a message is a bad_msg_notification whose code starts a new
  // session (all but 16 and 48).
  static bool resets_session(const incoming& i) {
    const auto* b = std::get_if<mtproto::bad_msg_notification>(&i.what);
    return b != nullptr && !i.skip && b->error_code != 16 && b->error_code != 48;
  }

  // Whether `o` gets first_call_prefix when it goes next, `wrapped` saying
  // whether this session's initConnection went already (updated for `o`).
  bool wraps(const outgoing& o, bool& wrapped) const {
    if (o.wrapped) wrapped = true;
    if (wrapped || o.call.value == 0 || o.internal || options_.first_call_prefix.empty()) return false;
    wrapped = true;
    return true;
  }

  static bool is_time_notification(std::span<const std::byte> body) {
    auto n = try_parse<mtproto::bad_msg_notification>(body);
    return n && (n->error_code == 16 || n->error_code == 17);
  }

  status<session_errc> check_msg_id(std::int64_t msg_id) const {
    if ((msg_id & 1) == 0)
      return detail::fail(session_errc::msg_id_parity, "session: a server msg_id must be odd (1 or 3 mod 4)");
    if (auto r = seen_.check(msg_id); !r) return from_replay(r.error());
    return success{};
  }

  static session_error from_cipher(const message_error& e) {
    switch (e.code) {
      case message_errc::too_short:
        return {session_errc::packet_too_short, e.message};
      case message_errc::auth_key_id_mismatch:
        return {session_errc::auth_key_id_mismatch, e.message};
      case message_errc::msg_key_mismatch:
        return {session_errc::msg_key_mismatch, e.message};
      default:
        return {session_errc::cipher_failure, e.message};
    }
  }
  static session_error from_frame(const frame_error& e) {
    switch (e.code) {
      case frame_errc::too_short:
        return {session_errc::plaintext_too_short, e.message};
      case frame_errc::length_out_of_bounds:
        return {session_errc::length_out_of_bounds, e.message};
      case frame_errc::padding_too_short:
        return {session_errc::padding_too_short, e.message};
      case frame_errc::padding_too_long:
        return {session_errc::padding_too_long, e.message};
      case frame_errc::misaligned_length:
        return {session_errc::misaligned_length, e.message};
      default:
        return {session_errc::bad_container, e.message};
    }
  }
  static session_error from_replay(const replay_error& e) {
    switch (e.code) {
      case replay_errc::duplicate:
        return {session_errc::duplicate_msg_id, e.message};
      case replay_errc::below_window:
        return {session_errc::msg_id_below_window, e.message};
      case replay_errc::too_far_past:
        return {session_errc::msg_id_too_far_past, e.message};
      default:
        return {session_errc::msg_id_too_far_future, e.message};
    }
  }

  template <class T>
  static status<session_errc> read_as(std::span<const std::byte> body, content& out) {
    auto v = try_parse<T>(body);
    if (!v)
      return detail::fail(
          session_errc::bad_service_message,
          std::string("session: a malformed ") + std::string(meta<T>::name) + ": " + v.error().message());
    out = std::move(v).value();
    return success{};
  }

  // Reads one message (and, at the top, the messages of a container) into
  // `out` without acting on any: any failure refuses the whole packet.
  status<session_errc> parse_message(std::int64_t msg_id, std::int32_t seq_no, std::span<const std::byte> body,
                                     std::vector<incoming>& out, bool top) {
    if (top && is_container(body)) {
      auto c = read_container(body);
      if (!c) return from_frame(c.error());
      std::vector<std::int64_t> here;
      for (const framed_message& f : *c) {
        if ((f.msg_id & 1) == 0)
          return detail::fail(session_errc::msg_id_parity, "session: a contained server msg_id must be odd");
        const bool dup = !seen_.check(f.msg_id) || std::find(here.begin(), here.end(), f.msg_id) != here.end();
        here.push_back(f.msg_id);
        if (dup) {
          out.push_back(incoming{f.msg_id, f.seq_no, true, std::monostate{}});
          continue;
        }
        if (auto s = parse_message(f.msg_id, f.seq_no, f.body, out, false); !s) return s;
      }
      return success{};
    }
    incoming i{msg_id, seq_no, false, std::monostate{}};
    const std::uint32_t id = body.size() >= 4 ? detail::get_le<std::uint32_t>(body.data()) : 0;
    status<session_errc> s = success{};
    std::vector<std::byte> inflated;
    if (id == meta<mtproto::gzip_packed>::id) {
      auto packed = try_parse<mtproto::gzip_packed>(body);
      if (!packed) return detail::fail(session_errc::bad_service_message, "session: a malformed gzip_packed");
      auto data = gunzip(packed->packed_data.span(), options_.max_inflated_size);
      if (!data)
        return detail::fail(session_errc::bad_service_message, "session: gzip_packed: " + data.error().message());
      inflated = std::move(data).value();
      body = inflated;
    }
    const std::uint32_t inner_id = body.size() >= 4 ? detail::get_le<std::uint32_t>(body.data()) : 0;
    switch (inner_id) {
      case meta<mtproto::rpc_result>::id: {
        if (body.size() < 16) return detail::fail(session_errc::bad_service_message, "session: a truncated rpc_result");
        rpc_answer_in a{detail::get_le<std::int64_t>(body.data() + 4), {}};
        const auto result = body.subspan(12);
        if (detail::get_le<std::uint32_t>(result.data()) == meta<mtproto::gzip_packed>::id) {
          auto packed = try_parse<mtproto::gzip_packed>(result);
          if (!packed) return detail::fail(session_errc::bad_service_message, "session: a malformed gzip_packed");
          auto data = gunzip(packed->packed_data.span(), options_.max_inflated_size);
          if (!data)
            return detail::fail(session_errc::bad_service_message,
                                "session: rpc_result's gzip_packed: " + data.error().message());
          a.result = std::move(data).value();
        } else {
          a.result.assign(result.begin(), result.end());
        }
        i.what = std::move(a);
        break;
      }
      case meta<mtproto::msgs_ack>::id:
        s = read_as<mtproto::msgs_ack>(body, i.what);
        break;
      case meta<mtproto::bad_server_salt>::id:
        s = read_as<mtproto::bad_server_salt>(body, i.what);
        break;
      case meta<mtproto::bad_msg_notification>::id:
        s = read_as<mtproto::bad_msg_notification>(body, i.what);
        break;
      case meta<mtproto::new_session_created>::id:
        s = read_as<mtproto::new_session_created>(body, i.what);
        break;
      case meta<mtproto::pong>::id:
        s = read_as<mtproto::pong>(body, i.what);
        break;
      case meta<mtproto::msg_detailed_info>::id:
        s = read_as<mtproto::msg_detailed_info>(body, i.what);
        break;
      case meta<mtproto::msg_new_detailed_info>::id:
        s = read_as<mtproto::msg_new_detailed_info>(body, i.what);
        break;
      case meta<mtproto::msg_resend_req>::id:
        s = read_as<mtproto::msg_resend_req>(body, i.what);
        break;
      case meta<mtproto::msgs_state_req>::id:
        s = read_as<mtproto::msgs_state_req>(body, i.what);
        break;
      case meta<mtproto::future_salts>::id:
        s = read_as<mtproto::future_salts>(body, i.what);
        break;
      case meta<mtproto::destroy_session_ok>::id:
        s = read_as<mtproto::destroy_session_ok>(body, i.what);
        break;
      case meta<mtproto::destroy_session_none>::id:
        s = read_as<mtproto::destroy_session_none>(body, i.what);
        break;
      case container_id:
        return detail::fail(session_errc::bad_container, "session: a msg_container inside a msg_container");
      // Informational service messages that ask nothing of a client:
      // msgs_state_info and msgs_all_info (the server's view of our
      // messages), msg_resend_ans_req#8610baeb (about answers, which a
      // client does not send; core.telegram.org/mtproto/service_messages_about_messages).
      case meta<mtproto::msgs_state_info>::id:
      case meta<mtproto::msgs_all_info>::id:
      case 0x8610baeb:
        break;
      default:
        i.what = update{msg_id, std::vector<std::byte>(body.begin(), body.end())};
        break;
    }
    if (!s) return s;
    out.push_back(std::move(i));
    return success{};
  }

  void acknowledge(std::int64_t msg_id, unix_time now) {
    if (acks_.empty()) acks_since_ = now;
    if (std::find(acks_.begin(), acks_.end(), msg_id) == acks_.end()) acks_.push_back(msg_id);
  }

  void handle(incoming& i, unix_time now, std::vector<session_event>& events) {
    // Content-related messages (odd seq_no) are acknowledged; other
    // messages never are, nor an acknowledgement whatever its seq_no says.
    if ((i.seq_no & 1) != 0 && !std::holds_alternative<mtproto::msgs_ack>(i.what)) acknowledge(i.msg_id, now);
    if (i.skip) return;
    std::visit([&](auto& v) { on(v, i, now, events); }, i.what);
  }

  void on(std::monostate&, incoming&, unix_time, std::vector<session_event>&) {}

  void on(rpc_answer_in& a, incoming&, unix_time, std::vector<session_event>& events) {
    auto it = sent_.find(a.req_msg_id);
    if (it == sent_.end()) return;  // answered before, or never asked: delivered once only
    const outgoing o = std::move(it->second);
    sent_.erase(it);
    if (o.internal) {  // the session's own ping or get_future_salts, answered in an rpc_result
      ping_deadline_.reset();
      salts_requested_ = false;
      return;
    }
    events.emplace_back(answer{o.call, a.req_msg_id, std::move(a.result)});
  }

  void on(mtproto::msgs_ack& a, incoming&, unix_time, std::vector<session_event>&) {
    for (std::int64_t id : a.msg_ids)
      if (auto it = sent_.find(id); it != sent_.end()) it->second.acked = true;
  }

  void on(mtproto::bad_server_salt& b, incoming&, unix_time, std::vector<session_event>&) {
    salt_ = b.new_server_salt;
    future_salts_.clear();  // the server said which salt is good now
    requeue(messages_of(b.bad_msg_id));
  }

  void on(mtproto::bad_msg_notification& b, incoming& i, unix_time now, std::vector<session_event>& events) {
    // 16 (msg_id too low) and 17 (too high): our clock is off; the
    // notification's own msg_id carries the server's time.
    if (b.error_code == 16 || b.error_code == 17) time_offset_ = time_offset_from(i.msg_id, now);
    const auto ids = messages_of(b.bad_msg_id);
    if (ids.empty()) return;  // about nothing still waiting (answered, or resent already)
    switch (b.error_code) {
      case 16:  // later msg_ids will be higher: resending is enough
      case 48:  // wrong salt: bad_server_salt brings the new one; resend
        requeue(ids);
        return;
      default:
        // 17: the msg_ids already used are higher than the corrected clock
        // gives, and ids must grow within a session. 18, 19, 20, 32, 33,
        // 34, 35, 64: the session's numbering is broken (a client bug).
        // Either way: start a new session and send everything again.
        new_session_id(events, b.error_code);
        return;
    }
  }

  void on(mtproto::new_session_created& n, incoming&, unix_time, std::vector<session_event>& events) {
    salt_ = n.server_salt;
    std::vector<std::int64_t> before;
    for (const auto& [id, o] : sent_)
      if (id < n.first_msg_id) before.push_back(id);
    requeue(before);
    events.emplace_back(new_session{n.first_msg_id, n.unique_id, n.server_salt});
  }

  void on(mtproto::pong& p, incoming&, unix_time now, std::vector<session_event>& events) {
    auto it = sent_.find(p.msg_id);
    if (it == sent_.end()) return;
    const outgoing o = std::move(it->second);
    sent_.erase(it);
    if (o.internal) {
      ping_deadline_.reset();
      next_ping_ = now + options_.ping_interval;
      return;
    }
    events.emplace_back(answer{o.call, p.msg_id, tlcpp::serialize(p)});
  }

  void on(mtproto::msg_detailed_info& d, incoming& i, unix_time now, std::vector<session_event>&) {
    if (auto it = sent_.find(d.msg_id); it != sent_.end()) it->second.acked = true;
    detailed(d.answer_msg_id, i, now);
  }
  void on(mtproto::msg_new_detailed_info& d, incoming& i, unix_time now, std::vector<session_event>&) {
    detailed(d.answer_msg_id, i, now);
  }
  // The server has an answer we may not have had: acknowledge it if we
  // did, else ask for it again.
  void detailed(std::int64_t answer_msg_id, incoming&, unix_time now) {
    if (seen_.contains(answer_msg_id)) {
      acknowledge(answer_msg_id, now);
      return;
    }
    queue_.push_back(outgoing{call_id{}, tlcpp::serialize(mtproto::msg_resend_req{{answer_msg_id}}), true});
  }

  void on(mtproto::msg_resend_req& r, incoming&, unix_time, std::vector<session_event>&) {
    std::vector<std::int64_t> ids;
    for (std::int64_t id : r.msg_ids)
      if (sent_.count(id)) ids.push_back(id);
    requeue(ids);
  }

  void on(mtproto::msgs_state_req& r, incoming& i, unix_time, std::vector<session_event>&) {
    // Per msg_id: 4 received, 1 nothing known (older than we remember), 2 not received.
    std::string info;
    info.reserve(r.msg_ids.size());
    for (std::int64_t id : r.msg_ids)
      info.push_back(seen_.contains(id) ? char{4} : id < seen_.oldest() ? char{1} : char{2});
    mtproto::msgs_state_info answer_body{i.msg_id, bytes(info)};
    queue_.push_back(outgoing{call_id{}, tlcpp::serialize(answer_body), true});
  }

  void on(mtproto::future_salts& f, incoming&, unix_time, std::vector<session_event>& events) {
    future_salts_ = f.salts;
    std::sort(future_salts_.begin(), future_salts_.end(),
              [](const auto& a, const auto& b) { return a.valid_since < b.valid_since; });
    if (auto it = sent_.find(f.req_msg_id); it != sent_.end()) {
      const outgoing o = std::move(it->second);
      sent_.erase(it);
      if (o.internal) {
        salts_requested_ = false;
        return;
      }
      events.emplace_back(answer{o.call, f.req_msg_id, tlcpp::serialize(f)});
    }
  }

  void on(mtproto::destroy_session_ok& d, incoming&, unix_time, std::vector<session_event>& events) {
    events.emplace_back(session_destroyed{d.session_id, true});
  }
  void on(mtproto::destroy_session_none& d, incoming&, unix_time, std::vector<session_event>& events) {
    events.emplace_back(session_destroyed{d.session_id, false});
  }
  void on(update& u, incoming&, unix_time, std::vector<session_event>& events) { events.emplace_back(std::move(u)); }

  // The requests sent as msg_id: itself, or the messages of a container.
  std::vector<std::int64_t> messages_of(std::int64_t msg_id) const {
    if (auto c = containers_.find(msg_id); c != containers_.end()) return c->second;
    if (sent_.count(msg_id)) return {msg_id};
    return {};
  }

  // Puts the requests sent as `ids` back at the front of the queue, oldest
  // first, to go again with new msg_ids.
  void requeue(const std::vector<std::int64_t>& ids) {
    std::vector<outgoing> back;
    for (std::int64_t id : ids) {
      auto it = sent_.find(id);
      if (it == sent_.end()) continue;
      back.push_back(std::move(it->second));
      back.back().acked = false;
      sent_.erase(it);
    }
    queue_.insert(queue_.begin(), std::make_move_iterator(back.begin()), std::make_move_iterator(back.end()));
  }

  // A new session: a new session_id, seq_no from 0, nothing received in it
  // yet, every unanswered request sent again, initConnection again.
  void new_session_id(std::vector<session_event>& events, std::int32_t code) {
    // Drawn by receive() before it accepted the packet; one new session per packet.
    if (!next_session_id_) return;
    session_id_ = *next_session_id_;
    next_session_id_.reset();
    std::vector<std::int64_t> all;
    for (const auto& [id, o] : sent_) all.push_back(id);
    requeue(all);
    seq_.reset();
    ids_ = msg_id_generator{};  // a corrected clock may give lower ids in the new session
    seen_.clear();
    acks_.clear();
    containers_.clear();
    wrapped_ = false;
    events.emplace_back(session_reset{code});
  }

  void prune_containers() {
    for (auto it = containers_.begin(); it != containers_.end();) {
      const bool live =
          std::any_of(it->second.begin(), it->second.end(), [&](std::int64_t id) { return sent_.count(id) != 0; });
      it = live ? std::next(it) : containers_.erase(it);
    }
  }

  // The salt for a message at `now`: the latest future salt valid then, or
  // the one the server gave last.
  std::int64_t salt_at(unix_time now) const {
    const std::int64_t t = msg_id_seconds(msg_id_at(now, time_offset_));
    for (auto it = future_salts_.rbegin(); it != future_salts_.rend(); ++it)
      if (it->valid_since <= t && t < it->valid_until) return it->salt;
    return salt_;
  }

  // Asks for future salts when fewer than two known ones remain valid (one
  // request at a time; a lost one is sent again with the rest on reconnect).
  void maybe_fetch_salts(unix_time now) {
    if (options_.future_salts <= 0 || salts_requested_) return;
    const std::int64_t t = msg_id_seconds(msg_id_at(now, time_offset_));
    const auto valid = std::count_if(future_salts_.begin(), future_salts_.end(),
                                     [&](const mtproto::future_salt& f) { return t < f.valid_until; });
    if (valid >= 2) return;
    outgoing o{call_id{++last_call_}, tlcpp::serialize(mtproto::get_future_salts{options_.future_salts}), true};
    o.internal = true;
    queue_.push_back(std::move(o));
    salts_requested_ = true;
  }

  void maybe_queue_ping(unix_time now) {
    if (options_.ping_interval.count() == 0 || ping_deadline_) return;
    if (next_ping_ == unix_time{}) next_ping_ = now + options_.ping_interval;
    if (now < next_ping_) return;
    ++ping_id_;
    mtproto::ping_delay_disconnect p{ping_id_, options_.disconnect_delay};
    outgoing o{call_id{++last_call_}, tlcpp::serialize(p), true};
    o.internal = true;
    queue_.push_back(std::move(o));
    ping_deadline_ = now + options_.ping_timeout;
  }

  message_cipher cipher_;
  std::int64_t salt_;
  std::int32_t time_offset_;
  random_source* rng_;
  session_options options_;
  std::int64_t session_id_ = 0;
  msg_id_generator ids_;
  seq_no_counter seq_;
  replay_window seen_;
  std::deque<outgoing> queue_;
  std::map<std::int64_t, outgoing> sent_;
  std::map<std::int64_t, std::vector<std::int64_t>> containers_;
  std::vector<std::int64_t> acks_;
  unix_time acks_since_{};
  std::vector<mtproto::future_salt> future_salts_;
  bool salts_requested_ = false;
  std::optional<std::int64_t> next_session_id_;
  std::vector<std::byte> plain_;
  std::uint64_t last_call_ = 0;
  bool wrapped_ = false;
  std::int64_t ping_id_ = 0;
  unix_time next_ping_{};
  std::optional<unix_time> ping_deadline_;
};

}  // namespace tlcpp::net
