// The replay window (replay_window.hpp): duplicates anywhere in the last
// 1000 ids refused, ids below a full window refused, the time window.
#include "tlcpp/net/replay_window.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace {

using tlcpp::net::replay_errc;
using tlcpp::net::replay_window;
using tlcpp::net::unix_time;

constexpr std::int64_t base = 0x658cc34f00000001;

TEST(ReplayWindow, RefusesDuplicatesNotOnlyTheLast) {
  replay_window w;
  for (std::int64_t i = 0; i < 10; ++i) w.insert(base + 8 * i);
  EXPECT_EQ(w.check(base + 8 * 3).error().code, replay_errc::duplicate);  // not the last one
  EXPECT_EQ(w.check(base + 8 * 9).error().code, replay_errc::duplicate);
  EXPECT_TRUE(w.check(base + 4));  // out of order but new
  EXPECT_TRUE(w.check(base - 8));  // older than all of a window not yet full
  EXPECT_EQ(w.size(), 10u);
}

TEST(ReplayWindow, KeepsTheLastThousand) {
  replay_window w;
  for (std::int64_t i = 0; i < 1500; ++i) w.insert(base + 8 * i);
  EXPECT_EQ(w.size(), replay_window::capacity);
  EXPECT_EQ(w.oldest(), base + 8 * 500);
  EXPECT_EQ(w.check(base + 8 * 500).error().code, replay_errc::duplicate);
  EXPECT_EQ(w.check(base + 8 * 499).error().code, replay_errc::below_window);
  EXPECT_EQ(w.check(base).error().code, replay_errc::below_window);
  EXPECT_TRUE(w.check(base + 8 * 500 + 4));  // inside the window, never seen
  // An id inserted out of order into a full window drops the oldest.
  w.insert(base + 8 * 600 + 4);
  EXPECT_EQ(w.oldest(), base + 8 * 501);
  EXPECT_TRUE(w.contains(base + 8 * 600 + 4));
  EXPECT_TRUE(w.contains(base + 8 * 1499));
  EXPECT_EQ(w.size(), replay_window::capacity);
}

TEST(ReplayWindow, TimeWindowMinus300Plus30) {
  const unix_time now{1703723855'000000000};
  const std::int64_t at_now = 0x658cc34f00000001;
  EXPECT_TRUE(replay_window::check_time(at_now, now, 0));
  EXPECT_TRUE(replay_window::check_time(at_now - (std::int64_t{300} << 32), now, 0));
  EXPECT_EQ(replay_window::check_time(at_now - (std::int64_t{301} << 32), now, 0).error().code,
            replay_errc::too_far_past);
  EXPECT_TRUE(replay_window::check_time(at_now + (std::int64_t{30} << 32), now, 0));
  EXPECT_EQ(replay_window::check_time(at_now + (std::int64_t{31} << 32), now, 0).error().code,
            replay_errc::too_far_future);
  // Against the server's time: the caller's clock plus the offset.
  EXPECT_TRUE(replay_window::check_time(at_now + (std::int64_t{100} << 32), now, 90));
  EXPECT_EQ(replay_window::check_time(at_now, now, 400).error().code, replay_errc::too_far_past);
}

}  // namespace
