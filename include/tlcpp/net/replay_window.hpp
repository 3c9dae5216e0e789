// Which server msg_ids a session has already accepted, so that a replayed
// packet is refused (core.telegram.org/mtproto/security_guidelines, "Replay
// attacks"): the last 1000 msg_ids, not only the highest one, since the
// server may legitimately deliver messages out of order; and the time window
// of core.telegram.org/mtproto/description: a msg_id more than 300 seconds
// before or 30 seconds after the server time is refused.
//
// check() and check_time() only look; insert() records. A session runs
// every check on a packet before recording anything, so that a refused
// packet changes nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tlcpp/net/error.hpp"
#include "tlcpp/net/msg_id.hpp"

namespace tlcpp::net {

enum class replay_errc : std::uint8_t {
  duplicate = 1,   ///< this msg_id was accepted before
  below_window,    ///< the window is full and the msg_id is older than all it holds: it may be a replay
  too_far_past,    ///< more than 300 s before the server time
  too_far_future,  ///< more than 30 s after the server time
};
using replay_error = error<replay_errc>;

/// The last `capacity` accepted msg_ids (sorted), and the time window.
class replay_window {
 public:
  /// msg_ids remembered: the security guidelines ask for a window, TDLib and
  /// mtcute keep this many.
  static constexpr std::size_t capacity = 1000;
  /// Seconds a msg_id may lie before the server time.
  static constexpr std::int64_t max_past_seconds = 300;
  /// Seconds a msg_id may lie after the server time.
  static constexpr std::int64_t max_future_seconds = 30;

  /// An empty window (its memory taken once, here).
  replay_window() { ids_.reserve(capacity); }

  /// Whether `msg_id` may be accepted: not seen, and not older than all of
  /// a full window (its fate could not be told).
  [[nodiscard]] status<replay_errc> check(std::int64_t msg_id) const {
    if (ids_.size() == capacity && msg_id < ids_.front())
      return detail::fail(replay_errc::below_window,
                          "msg_id is older than the " + std::to_string(capacity) + " remembered: possibly a replay");
    if (std::binary_search(ids_.begin(), ids_.end(), msg_id))
      return detail::fail(replay_errc::duplicate, "msg_id was accepted before: a duplicate or a replay");
    return success{};
  }

  /// Whether `msg_id` lies within −300 s / +30 s of the server time, that is
  /// `now` plus `offset_seconds`.
  [[nodiscard]] static status<replay_errc> check_time(std::int64_t msg_id, unix_time now, std::int32_t offset_seconds) {
    const std::int64_t server_now = msg_id_seconds(msg_id_at(now, offset_seconds));
    const std::int64_t at = msg_id_seconds(msg_id);
    if (at < server_now - max_past_seconds)
      return detail::fail(replay_errc::too_far_past, "msg_id is " + std::to_string(server_now - at) +
                                                         " s before the server time (at most 300 allowed)");
    if (at > server_now + max_future_seconds)
      return detail::fail(replay_errc::too_far_future, "msg_id is " + std::to_string(at - server_now) +
                                                           " s after the server time (at most 30 allowed)");
    return success{};
  }

  /// Records `msg_id` (which check() accepted), forgetting the oldest when full.
  void insert(std::int64_t msg_id) {
    const auto at = std::lower_bound(ids_.begin(), ids_.end(), msg_id);
    if (at != ids_.end() && *at == msg_id) return;
    if (ids_.size() == capacity) {
      if (at == ids_.begin()) return;  // older than all: check() refuses it anyway
      // Drop the oldest and shift down the ids below the new one's place.
      std::move(ids_.begin() + 1, at, ids_.begin());
      *(at - 1) = msg_id;
      return;
    }
    ids_.insert(at, msg_id);
  }

  /// Whether `msg_id` is among those remembered.
  [[nodiscard]] bool contains(std::int64_t msg_id) const {
    return std::binary_search(ids_.begin(), ids_.end(), msg_id);
  }
  /// The oldest msg_id remembered (0 when empty).
  [[nodiscard]] std::int64_t oldest() const noexcept { return ids_.empty() ? 0 : ids_.front(); }
  /// How many msg_ids are remembered.
  [[nodiscard]] std::size_t size() const noexcept { return ids_.size(); }
  /// Forgets every msg_id (a new session starts numbering anew).
  void clear() noexcept { ids_.clear(); }

 private:
  std::vector<std::int64_t> ids_;  // sorted, at most capacity
};

}  // namespace tlcpp::net
