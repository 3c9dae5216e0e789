// msg_id and seq_no (msg_id.hpp): exact ids for fixed times, the parity of
// client and server ids, strict increase when the clock stands still.
#include "tlcpp/net/msg_id.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace {

using tlcpp::net::msg_id_at;
using tlcpp::net::unix_time;

// 2023-12-28 00:37:35.529376985 UTC: the time of the first client packet of
// vectors/independent.json (mtcute's msg_id 0x658cc34f87854004).
constexpr unix_time vector_time{1703723855'529376985};

TEST(MsgId, FromTime) {
  EXPECT_EQ(msg_id_at(vector_time, 0), 0x658cc34f87854004);
  // Whole seconds go to the high half; offsets are seconds.
  EXPECT_EQ(msg_id_at(unix_time{1703723855'000000000}, 0), 0x658cc34f00000000);
  EXPECT_EQ(msg_id_at(unix_time{1703723855'000000000}, -15), 0x658cc34000000000);
  EXPECT_EQ(msg_id_at(unix_time{1703723855'500000000}, 1), 0x658cc35080000000);
  EXPECT_EQ(msg_id_at(vector_time, 0) % 4, 0);
}

TEST(MsgId, TimeOfAnId) {
  for (std::int64_t id : {0x658cc34f87854004, 0x658cc34f87854404, 0x658cc34f87854804, 0x658cc34f87855004}) {
    EXPECT_EQ(msg_id_at(tlcpp::net::msg_id_time(id), 0), id);
  }
  EXPECT_EQ(tlcpp::net::msg_id_time(0x658cc34f87854004), vector_time);
}

TEST(MsgId, OffsetFromServerId) {
  EXPECT_EQ(tlcpp::net::time_offset_from(0x658cc3504c374019, vector_time), 1);
  EXPECT_EQ(tlcpp::net::time_offset_from(0x658cc2004c374019, vector_time), -335);
}

TEST(MsgId, ClientIdsStrictlyIncreaseByFour) {
  tlcpp::net::msg_id_generator g;
  EXPECT_EQ(g.next(vector_time, 0), 0x658cc34f87854004);
  EXPECT_EQ(g.next(vector_time, 0), 0x658cc34f87854008);   // same time: last + 4
  EXPECT_EQ(g.next(unix_time{0}, 0), 0x658cc34f8785400c);  // clock went back
  EXPECT_EQ(g.next(vector_time + std::chrono::seconds(1), 0), 0x658cc35087854004);
  EXPECT_EQ(g.last(), 0x658cc35087854004);
}

TEST(MsgId, ServerIdsByKind) {
  tlcpp::net::server_msg_id_generator g;
  using tlcpp::net::server_msg_kind;
  EXPECT_EQ(g.next(vector_time, 0, server_msg_kind::response), 0x658cc34f87854005);
  EXPECT_EQ(g.next(vector_time, 0, server_msg_kind::other), 0x658cc34f87854007);
  EXPECT_EQ(g.next(vector_time, 0, server_msg_kind::response), 0x658cc34f87854009);  // above the last
  EXPECT_EQ(g.next(vector_time, 0, server_msg_kind::other), 0x658cc34f8785400f);
}

TEST(SeqNo, ContentRelatedOddAndCounted) {
  tlcpp::net::seq_no_counter s;
  EXPECT_EQ(s.next(true), 1);
  EXPECT_EQ(s.next(false), 2);
  EXPECT_EQ(s.next(true), 3);
  EXPECT_EQ(s.next(true), 5);
  EXPECT_EQ(s.next(false), 6);
  EXPECT_EQ(s.content_related_count(), 3);
  s.reset();
  EXPECT_EQ(s.next(false), 0);
  EXPECT_EQ(s.next(true), 1);
}

}  // namespace
