// The generator's golden output (tests/generator/expected, from sample.tl)
// used as C++: the umbrella header compiles next to the runtime, and values of
// the recursive types, the flags2 constructor, the bare vectors and the
// generic method survive serialize -> parse with the exact TL bytes.
//
// Not part of generator_test (that target does not see expected/ as an
// include directory). To build it, in tests/CMakeLists.txt:
//   tlcpp_test(generated_code_test generator/generated_code_test.cpp)
//   target_include_directories(generated_code_test PRIVATE generator/expected)
// or by hand, from the repository root:
//   g++ -std=c++20 -Wall -Wextra -Wpedantic -Werror -I include -I tests/generator/expected
//       tests/generator/generated_code_test.cpp -lgtest -lgtest_main -lpthread
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/sample/all.hpp"
#include "tlcpp/sample/fwd.hpp"

namespace {

namespace s = tlcpp::sample;

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

std::uint32_t u32_at(const std::vector<std::byte>& b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= std::to_integer<std::uint32_t>(b.at(at + i)) << (8 * i);
  return v;
}

template <class T>
void expect_round_trip(const T& value) {
  const auto wire = tlcpp::serialize(value);
  const T back = tlcpp::parse<T>(wire);
  EXPECT_EQ(back, value);
  EXPECT_EQ(tlcpp::serialize(back), wire);
}

TEST(GeneratedCode, RecursiveTypeExactBytes) {
  const s::RichText bold = s::textBold{s::textPlain{"hi"}};
  // textBold#6724abc4, textPlain#744694e0, then "hi" padded to 4 bytes.
  EXPECT_EQ(tlcpp::serialize(bold), bytes({0xc4, 0xab, 0x24, 0x67, 0xe0, 0x94, 0x46, 0x74, 0x02, 'h', 'i', 0x00}));
  EXPECT_EQ(tlcpp::parse<s::RichText>(tlcpp::serialize(bold)), bold);
}

TEST(GeneratedCode, RecursiveTypeRoundTrip) {
  const s::RichText url = s::textUrl{.text = s::textBold{s::textPlain{"a"}},
                                     .url = "https://t.me",
                                     .tooltip = s::RichText{s::textBold{s::textEmpty{}}}};
  const s::RichText text = s::textConcat{{url, s::textEmpty{}, s::textPlain{"b"}}};
  expect_round_trip(text);
  // textUrl's flags word: only tooltip (bit 0).
  const auto wire = tlcpp::serialize(url);
  EXPECT_EQ(u32_at(wire, 0), 0x5b9baf7bu);
  EXPECT_EQ(u32_at(wire, 4), 1u);
  // Without the tooltip the bit is clear and the parse gives nullopt.
  s::textUrl plain = url.get<s::textUrl>();
  plain.tooltip.reset();
  EXPECT_EQ(u32_at(tlcpp::serialize(plain), 4), 0u);
  expect_round_trip(s::RichText{plain});
  // A single-constructor type holding itself.
  expect_round_trip(s::Folder{.id = 2, .title = "child", .parent = s::Folder{.id = 1, .title = "root"}});
}

TEST(GeneratedCode, MutuallyRecursivePairRoundTrip) {
  const s::MessageMedia media = s::messageMediaStory{
      .via_mention = true,
      .peer_id = 42,
      .id = 7,
      .story = s::StoryItem{s::storyItem{
          .pinned = true,
          .id = 7,
          .date = 1700000000,
          .caption = "c",
          .media = s::MessageMedia{s::messageMediaGeo{.geo = {.long_ = 2.5, .lat = -1.25, .access_hash = 9}}}}}};
  expect_round_trip(media);
  EXPECT_EQ(u32_at(tlcpp::serialize(media), 4), 0b11u);  // story (bit 0), via_mention (bit 1)
  expect_round_trip(s::Update{s::updateStory{.peer_id = 1, .story = s::storyItemDeleted{.id = 3}}});
}

TEST(GeneratedCode, TwoFlagsWords) {
  const s::User user = s::user{.self = true,
                               .id = 5,
                               .first_name = "x",
                               .premium = true,
                               .usernames = std::vector<std::string>{"a", "b"},
                               .color = -1};
  const auto wire = tlcpp::serialize(user);
  EXPECT_EQ(u32_at(wire, 0), 0x389ca8bdu);
  EXPECT_EQ(u32_at(wire, 4), (1u << 10) | (1u << 1));  // self, first_name
  // id:long (8), first_name "x" (4), then flags2: usernames, premium, color.
  EXPECT_EQ(u32_at(wire, 20), (1u << 0) | (1u << 3) | (1u << 31));
  expect_round_trip(user);
  expect_round_trip(s::User{s::userEmpty{.id = 1}});
}

TEST(GeneratedCode, GenericMethod) {
  using invoke = s::invokeWithLayer<s::updates::getState>;
  static_assert(std::is_same_v<invoke::result_type, s::updates::State>);
  static_assert(std::is_same_v<tlcpp::meta<invoke>::result, tlcpp::wire::boxed<s::updates::State>>);
  static_assert(std::is_same_v<s::invokeWithLayer<s::users::getUsers>::result_type, std::vector<s::User>>);
  const invoke call{.layer = s::layer, .query = {}};
  // invokeWithLayer#da9b0d0d layer:int=7 query:updates.getState#edd4882a
  EXPECT_EQ(tlcpp::serialize(call), bytes({0x0d, 0x0d, 0x9b, 0xda, 0x07, 0, 0, 0, 0x2a, 0x88, 0xd4, 0xed}));
  expect_round_trip(call);
  expect_round_trip(s::invokeWithLayer<s::users::getUsers>{.layer = 7, .query = {.id = {1, 2, 3}}});
  // The answer parses as the result type.
  const s::updates::State state{.pts = 1, .qts = 2, .date = 3, .seq = 4, .unread_count = 5};
  EXPECT_EQ(tlcpp::parse<invoke::result_type>(tlcpp::serialize(state)), state);
}

TEST(GeneratedCode, NamesAndBareTypes) {
  expect_round_trip(s::WallPaper{.id = 1, .creator = false, .default_ = true, .slug = "s"});
  expect_round_trip(
      s::Updates{s::updates_{.updates = {s::updateNewMessage{.message = s::message{.message = "hi"}, .pts = 1}},
                             .users = {s::userEmpty{.id = 1}},
                             .date = 2,
                             .seq = 3}});
  expect_round_trip(s::updates::Difference{
      s::updates::differenceSlice{.new_messages = {s::messageEmpty{.id = 1}}, .intermediate_state = {.pts = 9}}});
  expect_round_trip(
      s::FutureSalts{.req_msg_id = 1, .now = 2, .salts = {{.valid_since = 1, .valid_until = 2, .salt = 3}}});
  // vector<%Envelope>: no vector id, no envelope ids.
  const s::MessageContainer box{
      .messages = {
          s::envelope{.msg_id = 1, .seqno = 2, .bytes = 12, .body = tlcpp::object(tlcpp::serialize(s::Pong{}))}}};
  const auto wire = tlcpp::serialize(box);
  EXPECT_EQ(wire.size(), 4 + 4 + (8 + 4 + 4 + 20));
  EXPECT_EQ(u32_at(wire, 4), 1u);  // the count, right after the container's id
  expect_round_trip(box);
  expect_round_trip(s::MsgIds{.ids = {1, -1}});
  expect_round_trip(s::RpcResult{.req_msg_id = 5, .result = tlcpp::object(tlcpp::serialize(s::Pong{.msg_id = 1}))});
  expect_round_trip(
      s::Primitives{.i = -1, .l = 1LL << 40, .d = 0.5, .s = "s", .b = "b", .i128 = 1, .i256 = -1, .ok = true});
}

}  // namespace
