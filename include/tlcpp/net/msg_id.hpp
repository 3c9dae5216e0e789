// Message identifiers and sequence numbers of MTProto 2.0
// (core.telegram.org/mtproto/description, "Message Identifier (msg_id)" and
// "Message Sequence Number (msg_seqno)").
//
// A msg_id is the Unix time, in the server's clock, times 2^32: the high 32
// bits are whole seconds, the low 32 bits the fraction of a second. Client
// msg_ids are divisible by 4; server msg_ids are 1 mod 4 for responses and
// 3 mod 4 for everything else. Within a session both directions' msg_ids
// strictly increase. Time is never read here: the caller passes it
// (nanoseconds since the Unix epoch) together with the offset in seconds
// that turns its clock into the server's.
//
// seq_no is twice the number of content-related messages sent before, plus
// one when this message is itself content-related (it must be acknowledged).
#pragma once

#include <chrono>
#include <cstdint>

namespace tlcpp::net {

/// A point in time as the caller's clock says: time since the Unix epoch.
using unix_time = std::chrono::nanoseconds;

/// Which kind of message a server msg_id is for: it fixes the id's remainder mod 4.
enum class server_msg_kind : std::uint8_t {
  response = 1,  ///< an answer to a client message (msg_id = 1 mod 4)
  other = 3,     ///< anything else: updates, notifications (msg_id = 3 mod 4)
};

/// The msg_id that time `now` plus `offset_seconds` stands for, low two bits
/// cleared (not yet made unique: see msg_id_generator).
[[nodiscard]] constexpr std::int64_t msg_id_at(unix_time now, std::int32_t offset_seconds) noexcept {
  constexpr std::int64_t billion = 1'000'000'000;
  const std::int64_t t = now.count() + std::int64_t{offset_seconds} * billion;
  // Floor division, so that a time before 1970 (a misconfigured clock) still
  // gives a well-defined, if useless, id instead of overflow in the shift.
  std::int64_t seconds = t / billion;
  std::int64_t fraction = t % billion;
  if (fraction < 0) {
    fraction += billion;
    --seconds;
  }
  const auto low = static_cast<std::uint64_t>(fraction) * (std::uint64_t{1} << 32) / billion;
  const std::uint64_t id = (static_cast<std::uint64_t>(seconds) << 32) | low;
  return static_cast<std::int64_t>(id & ~std::uint64_t{3});
}

/// The Unix seconds a msg_id carries (its high 32 bits).
[[nodiscard]] constexpr std::int64_t msg_id_seconds(std::int64_t msg_id) noexcept { return msg_id >> 32; }

/// The earliest time, in whole nanoseconds, whose msg_id_at (offset 0) is
/// at least `msg_id` with its low two bits cleared. Tests use it to make a
/// session produce the msg_ids another implementation chose.
[[nodiscard]] constexpr unix_time msg_id_time(std::int64_t msg_id) noexcept {
  constexpr std::uint64_t billion = 1'000'000'000;
  const std::uint64_t low = static_cast<std::uint64_t>(msg_id) & 0xffff'fffcu;
  const std::uint64_t ns = (low * billion + (std::uint64_t{1} << 32) - 1) >> 32;  // rounded up
  return unix_time{msg_id_seconds(msg_id) * 1'000'000'000 + static_cast<std::int64_t>(ns)};
}

/// The server time offset that a message with id `server_msg_id`, received
/// at `now`, implies: the server's seconds minus the caller's.
[[nodiscard]] constexpr std::int32_t time_offset_from(std::int64_t server_msg_id, unix_time now) noexcept {
  const auto local = std::chrono::floor<std::chrono::seconds>(now).count();
  return static_cast<std::int32_t>(msg_id_seconds(server_msg_id) - local);
}

/// Client msg_ids: from the time, divisible by 4 and strictly increasing
/// even when the clock stands still or goes back (then last + 4).
class msg_id_generator {
 public:
  /// The next client msg_id for `now` and the server offset.
  [[nodiscard]] std::int64_t next(unix_time now, std::int32_t offset_seconds) noexcept {
    std::int64_t id = msg_id_at(now, offset_seconds);
    if (id <= last_) id = last_ + 4;
    last_ = id;
    return id;
  }
  /// The last msg_id handed out (0 before the first).
  [[nodiscard]] std::int64_t last() const noexcept { return last_; }

 private:
  std::int64_t last_ = 0;
};

/// Server msg_ids: from the time, 1 mod 4 for responses and 3 mod 4 for
/// other messages, strictly increasing.
class server_msg_id_generator {
 public:
  /// The next server msg_id of kind `kind` for `now` and the offset.
  [[nodiscard]] std::int64_t next(unix_time now, std::int32_t offset_seconds, server_msg_kind kind) noexcept {
    const auto r = static_cast<std::int64_t>(kind);
    std::int64_t id = msg_id_at(now, offset_seconds) | r;
    if (id <= last_) id = (last_ & ~std::int64_t{3}) + 4 + r;
    last_ = id;
    return id;
  }
  /// The last msg_id handed out (0 before the first).
  [[nodiscard]] std::int64_t last() const noexcept { return last_; }

 private:
  std::int64_t last_ = 0;
};

/// seq_no of one direction of a session.
class seq_no_counter {
 public:
  /// The seq_no of the next message: 2n + 1 (and n grows) when it is
  /// content-related, 2n otherwise; n counts content-related messages so far.
  [[nodiscard]] std::int32_t next(bool content_related) noexcept {
    const std::int32_t s = content_ * 2 + (content_related ? 1 : 0);
    if (content_related) ++content_;
    return s;
  }
  /// Content-related messages numbered so far.
  [[nodiscard]] std::int32_t content_related_count() const noexcept { return content_; }
  /// Starts over, as a new session does.
  void reset() noexcept { content_ = 0; }

 private:
  std::int32_t content_ = 0;
};

}  // namespace tlcpp::net
