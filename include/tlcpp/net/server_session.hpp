// The server side of an encrypted MTProto 2.0 session, for tests: what a
// client session talks to in-process (as gotd's exchange/server_flow.go and
// tgtest let gotd's client talk to a server of its own).
//
// It decrypts client packets (direction client_to_server), checks what a
// server checks of them (the framing and padding, one session_id at a time,
// client msg_ids divisible by 4 and, for the packet, increasing, seq_no
// parity by content: containers and msgs_ack even, everything else odd),
// and hands the test each message (remembering the content-related ones for
// take_acks()); the test answers with the body builders
// below (rpc_result, rpc_error, the service messages a server injects) and
// send(), which encrypts server to client with server msg_ids (1 mod 4 for
// responses, 3 mod 4 otherwise) and the server's own seq_no.
//
// Randomness: each packet send() builds draws its padding
// (padding_for(its message_data) bytes), nothing else.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/BadMsgNotification.hpp"
#include "tlcpp/mtproto/FutureSalts.hpp"
#include "tlcpp/mtproto/MsgsAck.hpp"
#include "tlcpp/mtproto/NewSession.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/mtproto/RpcError.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/message_frame.hpp"
#include "tlcpp/net/msg_id.hpp"
#include "tlcpp/net/random_source.hpp"

namespace tlcpp::net {

enum class server_session_errc : std::uint8_t {
  cipher = 1,             ///< message_cipher refused the packet (see the message)
  frame,                  ///< the plaintext or a container is badly framed (see the message)
  msg_id_not_client,      ///< a client msg_id not divisible by 4
  msg_id_not_increasing,  ///< a packet's msg_id not above the last packet's
  seq_no_parity,          ///< an even seq_no on a content-related message or odd on a container or ack
  random_failed,          ///< the random_source failed
};
using server_session_error = error<server_session_errc>;

/// One message a client sent.
struct client_message {
  std::int64_t msg_id = 0;        ///< its msg_id
  std::int32_t seq_no = 0;        ///< its seq_no
  std::int64_t salt = 0;          ///< the salt of the packet it came in
  std::int64_t container = 0;     ///< the container's msg_id, 0 when it came bare
  std::vector<std::byte> body{};  ///< the boxed body
  /// The body's constructor id.
  [[nodiscard]] std::uint32_t id() const noexcept {
    return body.size() >= 4 ? detail::get_le<std::uint32_t>(body.data()) : 0;
  }
};

/// A message for send(): its body and what it is.
struct server_message {
  /// `body` of kind `kind`, content-related or not.
  server_message(std::vector<std::byte> body_,  // NOLINT(google-explicit-constructor): a body is a message
                 server_msg_kind kind_ = server_msg_kind::response, bool content_related_ = true)
      : body(std::move(body_)), kind(kind_), content_related(content_related_) {}
  std::vector<std::byte> body{};                     ///< the boxed body
  server_msg_kind kind = server_msg_kind::response;  ///< response (1 mod 4) or other (3 mod 4)
  bool content_related = true;                       ///< odd seq_no, to be acknowledged
};

/// The server role of one session under one auth key.
class server_session {
 public:
  /// A server session under `auth_key` with salt `salt` in its messages;
  /// `time_offset` is this server's clock minus the caller's; padding comes from `rng`.
  server_session(auth_key_view auth_key, std::int64_t salt, random_source& rng, std::int32_t time_offset = 0)
      : cipher_(auth_key), salt_(salt), offset_(time_offset), rng_(&rng) {}

  /// Decrypts and checks a client packet; its messages, a container's unpacked.
  [[nodiscard]] result<std::vector<client_message>, server_session_error> receive(std::span<const std::byte> packet) {
    // Whole blocks only: padded intermediate's 0..15 trailing bytes are dropped.
    if (packet.size() >= encrypted_header_size)
      packet = packet.first(encrypted_header_size + (packet.size() - encrypted_header_size) / 16 * 16);
    std::vector<std::byte> plain(packet.size() >= encrypted_header_size ? packet.size() - encrypted_header_size : 0);
    auto dec = cipher_.decrypt(direction::client_to_server, packet, plain);
    if (!dec) return detail::fail(server_session_errc::cipher, dec.error().message);
    auto m = read_plaintext(*dec);
    if (!m) return detail::fail(server_session_errc::frame, m.error().message);
    if (m->msg_id % 4 != 0) return not_client();
    // A new session_id numbers anew (a client's new session may correct its clock back).
    if (m->msg_id <= last_client_msg_id_ && m->session_id == session_id_)
      return detail::fail(server_session_errc::msg_id_not_increasing, "server: msg_id not above the last packet's");
    std::vector<client_message> out;
    if (is_container(m->body)) {
      if ((m->seq_no & 1) != 0) return parity();
      auto c = read_container(m->body);
      if (!c) return detail::fail(server_session_errc::frame, c.error().message);
      for (const framed_message& f : *c) {
        if (f.msg_id % 4 != 0) return not_client();
        client_message cm{f.msg_id, f.seq_no, m->salt, m->msg_id, {f.body.begin(), f.body.end()}};
        if (!parity_ok(cm)) return parity();
        out.push_back(std::move(cm));
      }
    } else {
      client_message cm{m->msg_id, m->seq_no, m->salt, 0, {m->body.begin(), m->body.end()}};
      if (!parity_ok(cm)) return parity();
      out.push_back(std::move(cm));
    }
    if (m->session_id != session_id_) {
      session_id_ = m->session_id;
      ++sessions_;
      seq_.reset();
    }
    last_client_msg_id_ = m->msg_id;
    for (const client_message& cm : out)
      if ((cm.seq_no & 1) != 0) acks_.push_back(cm.msg_id);
    return out;
  }

  /// Encrypts `messages` into one packet (a container when more than one)
  /// at `now`, numbered with server msg_ids and seq_nos.
  [[nodiscard]] result<std::vector<std::byte>, server_session_error> send(const std::vector<server_message>& messages,
                                                                          unix_time now) {
    std::vector<std::byte> data;
    std::int64_t msg_id = 0;
    std::int32_t seq_no = 0;
    if (messages.size() == 1) {
      msg_id = ids_.next(now, offset_, messages[0].kind);
      seq_no = seq_.next(messages[0].content_related);
      data = messages[0].body;
    } else {
      detail::append_le(data, container_id);
      detail::append_le(data, static_cast<std::uint32_t>(messages.size()));
      for (const server_message& m : messages)
        append_container_message(data, ids_.next(now, offset_, m.kind), seq_.next(m.content_related), m.body);
      msg_id = ids_.next(now, offset_, server_msg_kind::other);
      seq_no = seq_.next(false);
    }
    last_msg_id_ = msg_id;
    return seal(msg_id, seq_no, data);
  }

  /// Encrypts a plaintext exactly as given (header, data, padding: any
  /// length that is a multiple of 16), for crafting packets a real server
  /// would not send.
  [[nodiscard]] result<std::vector<std::byte>, server_session_error> encrypt_plaintext(
      std::span<const std::byte> plaintext) {
    std::vector<std::byte> packet(encrypted_header_size + plaintext.size());
    auto e = cipher_.encrypt(direction::server_to_client, plaintext, packet);
    if (!e) return detail::fail(server_session_errc::cipher, e.error().message);
    return packet;
  }

  /// A plaintext with this session's salt and session_id, for encrypt_plaintext.
  [[nodiscard]] std::vector<std::byte> plaintext(std::int64_t msg_id, std::int32_t seq_no,
                                                 std::span<const std::byte> data,
                                                 std::span<const std::byte> padding) const {
    std::vector<std::byte> p(plaintext_header_size + data.size() + padding.size());
    write_plaintext_header(std::span<std::byte, plaintext_header_size>(p.data(), plaintext_header_size), salt_,
                           session_id_, msg_id, seq_no, static_cast<std::uint32_t>(data.size()));
    std::copy(data.begin(), data.end(), p.begin() + plaintext_header_size);
    std::copy(padding.begin(), padding.end(),
              p.begin() + static_cast<std::ptrdiff_t>(plaintext_header_size + data.size()));
    return p;
  }

  // --- bodies a server sends ---

  /// rpc_result#f35c6d01 req_msg_id result.
  [[nodiscard]] static std::vector<std::byte> rpc_result(std::int64_t req_msg_id, std::span<const std::byte> result) {
    std::vector<std::byte> b;
    detail::append_le(b, std::uint32_t{0xf35c6d01});
    detail::append_le(b, req_msg_id);
    b.insert(b.end(), result.begin(), result.end());
    return b;
  }
  /// rpc_result carrying rpc_error{code, message}.
  [[nodiscard]] static std::vector<std::byte> rpc_error(std::int64_t req_msg_id, std::int32_t code,
                                                        std::string message) {
    return rpc_result(req_msg_id, tlcpp::serialize(mtproto::rpc_error{code, std::move(message)}));
  }
  /// bad_server_salt about `bad_msg_id` with the salt to use (code 48); the
  /// server session takes that salt too.
  [[nodiscard]] std::vector<std::byte> bad_server_salt(std::int64_t bad_msg_id, std::int32_t bad_seq_no,
                                                       std::int64_t new_salt) {
    salt_ = new_salt;
    return tlcpp::serialize(mtproto::bad_server_salt{bad_msg_id, bad_seq_no, 48, new_salt});
  }
  /// bad_msg_notification about `bad_msg_id` with `code` (16, 17, 32, 48...).
  [[nodiscard]] static std::vector<std::byte> bad_msg(std::int64_t bad_msg_id, std::int32_t bad_seq_no,
                                                      std::int32_t code) {
    return tlcpp::serialize(mtproto::bad_msg_notification{bad_msg_id, bad_seq_no, code});
  }
  /// new_session_created; the server session takes the salt.
  [[nodiscard]] std::vector<std::byte> new_session_created(std::int64_t first_msg_id, std::int64_t unique_id,
                                                           std::int64_t salt) {
    salt_ = salt;
    return tlcpp::serialize(mtproto::new_session_created{first_msg_id, unique_id, salt});
  }
  /// pong for the ping sent as `ping_msg_id`.
  [[nodiscard]] static std::vector<std::byte> pong(std::int64_t ping_msg_id, std::int64_t ping_id) {
    return tlcpp::serialize(mtproto::pong{ping_msg_id, ping_id});
  }
  /// msgs_ack of `ids`.
  [[nodiscard]] static std::vector<std::byte> msgs_ack(std::vector<std::int64_t> ids) {
    return tlcpp::serialize(mtproto::msgs_ack{std::move(ids)});
  }
  /// future_salts answering `req_msg_id`.
  [[nodiscard]] static std::vector<std::byte> future_salts(std::int64_t req_msg_id, std::int32_t now,
                                                           std::vector<mtproto::future_salt> salts) {
    return tlcpp::serialize(mtproto::future_salts{req_msg_id, now, std::move(salts)});
  }

  /// A msgs_ack body of every content-related client message received
  /// since the last call (for send(), as a non-content message of kind
  /// other), or nothing when there is none to acknowledge.
  [[nodiscard]] std::optional<std::vector<std::byte>> take_acks() {
    if (acks_.empty()) return std::nullopt;
    auto body = msgs_ack(std::move(acks_));
    acks_.clear();
    return body;
  }

  /// The client's session_id (0 before its first packet).
  [[nodiscard]] std::int64_t session_id() const noexcept { return session_id_; }
  /// Sets the session_id plaintext() writes (for packets of another session).
  void set_session_id(std::int64_t id) noexcept { session_id_ = id; }
  /// How many session_ids the client has used.
  [[nodiscard]] int sessions() const noexcept { return sessions_; }
  /// The salt in this server's messages.
  [[nodiscard]] std::int64_t salt() const noexcept { return salt_; }
  /// The msg_id of the last packet send() built.
  [[nodiscard]] std::int64_t last_msg_id() const noexcept { return last_msg_id_; }
  /// The next server msg_id of `kind` at `now` (consumed), for crafted packets.
  [[nodiscard]] std::int64_t next_msg_id(unix_time now, server_msg_kind kind) noexcept {
    return ids_.next(now, offset_, kind);
  }

 private:
  static server_session_error not_client() {
    return detail::fail(server_session_errc::msg_id_not_client, "server: a client msg_id must be divisible by 4");
  }
  static server_session_error parity() {
    return detail::fail(server_session_errc::seq_no_parity, "server: seq_no parity does not match the content");
  }
  // Acknowledgements and containers are the messages that are not
  // content-related among those a client sends.
  static bool parity_ok(const client_message& m) {
    const bool content = m.id() != meta<mtproto::msgs_ack>::id && m.id() != container_id;
    return ((m.seq_no & 1) != 0) == content;
  }

  result<std::vector<std::byte>, server_session_error> seal(std::int64_t msg_id, std::int32_t seq_no,
                                                            std::span<const std::byte> data) {
    const std::size_t padding = padding_for(data.size());
    std::vector<std::byte> packet(encrypted_header_size + plaintext_header_size + data.size() + padding);
    const std::span<std::byte> plain(packet.data() + encrypted_header_size, packet.size() - encrypted_header_size);
    if (auto r = rng_->fill(plain.last(padding)); !r)
      return detail::fail(server_session_errc::random_failed, r.error().message);
    write_plaintext_header(plain.first<plaintext_header_size>(), salt_, session_id_, msg_id, seq_no,
                           static_cast<std::uint32_t>(data.size()));
    std::copy(data.begin(), data.end(), plain.begin() + plaintext_header_size);
    if (auto e = cipher_.encrypt_in_place(direction::server_to_client, packet); !e)
      return detail::fail(server_session_errc::cipher, e.error().message);
    return packet;
  }

  message_cipher cipher_;
  std::int64_t salt_;
  std::int32_t offset_;
  random_source* rng_;
  std::int64_t session_id_ = 0;
  int sessions_ = 0;
  std::int64_t last_client_msg_id_ = 0;
  std::int64_t last_msg_id_ = 0;
  server_msg_id_generator ids_;
  seq_no_counter seq_;
  std::vector<std::int64_t> acks_;
};

}  // namespace tlcpp::net
