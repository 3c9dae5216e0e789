// The seed, photos.updateProfilePhoto, against bytes other implementations
// wrote: the request as GramJS (npm telegram@2.26.22) and mtcute write it,
// and a photos.photo answer written by mtcute (tools/vectors/seed.mjs).
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "support/hex.hpp"
#include "support/seed.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"

namespace {

using namespace tlcpp::api;
using tlcpp::test::seed_answer_hex;
using tlcpp::test::seed_request;
using tlcpp::test::seed_request_hex;

std::string hex(std::span<const std::byte> bytes) { return tlcpp::to_hex(bytes); }

using tlcpp::test::unhex;

constexpr std::string_view kInputPhotoEmptyHex = "0dbfd71c";

TEST(Seed, RequestBytesMatchGramJS) {
  EXPECT_EQ(hex(tlcpp::serialize(seed_request())), seed_request_hex);
  EXPECT_EQ(tlcpp::serialized_size(seed_request()), 48u);
}

// serialize_into writes the same bytes into a caller's memory, and refuses a
// buffer one byte short without writing past its end.
TEST(Seed, RequestSerializedIntoABuffer) {
  std::array<std::byte, 64> buffer;
  buffer.fill(std::byte{0xee});
  EXPECT_EQ(tlcpp::serialize_into(seed_request(), buffer), 48u);
  EXPECT_EQ(hex(std::span(buffer).first(48)), seed_request_hex);
  EXPECT_EQ(hex(std::span(buffer).subspan(48)), std::string(32, 'e'));

  for (std::size_t n = 0; n < 48; ++n) {
    buffer.fill(std::byte{0xee});
    const auto refused = tlcpp::try_serialize_into(seed_request(), std::span(buffer).first(n));
    ASSERT_FALSE(refused) << n;
    EXPECT_EQ(refused.error().code, tlcpp::serialize_errc::buffer_too_small);
    EXPECT_EQ(refused.error().value, 48u);
    EXPECT_EQ(refused.error().message(), "photos.updateProfilePhoto needs 48 bytes, more than the buffer holds");
    EXPECT_EQ(hex(std::span(buffer).subspan(n)), std::string(2 * (64 - n), 'e')) << n;
  }
  EXPECT_THROW((void)tlcpp::serialize_into(seed_request(), std::span(buffer).first(47)), tlcpp::serialize_error);
}

TEST(Seed, InputPhotoEmptyAlone) {
  EXPECT_EQ(hex(tlcpp::serialize(InputPhoto{inputPhotoEmpty{}})), kInputPhotoEmptyHex);
  EXPECT_EQ(hex(tlcpp::serialize(inputPhotoEmpty{})), kInputPhotoEmptyHex);
}

TEST(Seed, RequestParsesBack) {
  const auto parsed = tlcpp::parse<photos::updateProfilePhoto>(unhex(seed_request_hex));
  EXPECT_EQ(parsed, seed_request());
  EXPECT_FALSE(parsed.fallback);
  EXPECT_FALSE(parsed.bot.has_value());
  const auto* p = parsed.id.get_if<inputPhoto>();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, -4156887774564);
  EXPECT_EQ(p->access_hash, -4156887774564);
  EXPECT_EQ(p->file_reference.view(), "arbitrary data here");
}

TEST(Seed, MethodNamesItsAnswer) {
  static_assert(std::is_same_v<photos::updateProfilePhoto::result_type, photos::Photo>);
  static_assert(std::is_same_v<tlcpp::meta<photos::updateProfilePhoto>::result, tlcpp::wire::boxed<photos::Photo>>);
  EXPECT_EQ(tlcpp::meta<photos::updateProfilePhoto>::id, 0x09e82039u);
  EXPECT_EQ(tlcpp::meta<photos::updateProfilePhoto>::tl,
            "photos.updateProfilePhoto#09e82039 flags:# fallback:flags.0?true bot:flags.1?InputUser id:InputPhoto = "
            "photos.Photo;");
}

TEST(Seed, FlagsAreDerivedFromFields) {
  auto r = seed_request();
  r.fallback = true;
  r.bot = inputUserSelf{};
  // flags = bit 0 (fallback) | bit 1 (bot); bot is inputUserSelf#f7c1b13f.
  EXPECT_EQ(hex(tlcpp::serialize(r)).substr(0, 24), "3920e809030000003fb1c1f7");
  EXPECT_EQ(tlcpp::parse<photos::updateProfilePhoto>(tlcpp::serialize(r)), r);
}

TEST(Seed, AnswerWrittenByMtcuteParses) {
  const auto answer = tlcpp::parse<photos::Photo>(unhex(seed_answer_hex));
  const auto* ph = answer.photo.get_if<photo>();
  ASSERT_NE(ph, nullptr);
  EXPECT_FALSE(ph->has_stickers);
  EXPECT_EQ(ph->id, 5823417748812639101);
  EXPECT_EQ(ph->access_hash, -7358712937401865217);
  ASSERT_EQ(ph->file_reference.size(), 30u);
  EXPECT_EQ(ph->file_reference[0], 1);
  EXPECT_EQ(ph->file_reference[29], 1 + 29 * 7);
  EXPECT_EQ(ph->date, 1732550400);
  EXPECT_EQ(ph->dc_id, 2);
  EXPECT_FALSE(ph->video_sizes.has_value());
  ASSERT_EQ(ph->sizes.size(), 4u);
  const auto* stripped = ph->sizes[0].get_if<photoStrippedSize>();
  ASSERT_NE(stripped, nullptr);
  EXPECT_EQ(stripped->type, "i");
  EXPECT_EQ(stripped->bytes.size(), 40u);
  const int dims[] = {160, 320, 640}, sizes[] = {8211, 25187, 71544};
  const char* types[] = {"a", "b", "c"};
  for (int i = 0; i < 3; ++i) {
    const auto* s = ph->sizes[static_cast<std::size_t>(i) + 1].get_if<photoSize>();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->type, types[i]);
    EXPECT_EQ(s->w, dims[i]);
    EXPECT_EQ(s->h, dims[i]);
    EXPECT_EQ(s->size, sizes[i]);
  }
  ASSERT_EQ(answer.users.size(), 1u);
  const auto* u = answer.users[0].get_if<user>();
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(u->self);
  EXPECT_FALSE(u->bot);
  EXPECT_EQ(u->id, 777000123);
  EXPECT_EQ(u->access_hash, 8422417720593722125);
  EXPECT_EQ(u->first_name, "Ada");
  EXPECT_EQ(u->last_name, "Lovelace");
  EXPECT_EQ(u->username, "ada_lovelace");
  EXPECT_FALSE(u->phone.has_value());
  ASSERT_TRUE(u->photo.has_value());
  const auto* pp = u->photo->get_if<userProfilePhoto>();
  ASSERT_NE(pp, nullptr);
  EXPECT_EQ(pp->photo_id, 5823417748812639101);
  EXPECT_EQ(pp->dc_id, 2);
  ASSERT_TRUE(pp->stripped_thumb.has_value());
  EXPECT_EQ(pp->stripped_thumb->size(), 40u);
  ASSERT_TRUE(u->status.has_value());
  const auto* st = u->status->get_if<userStatusOffline>();
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->was_online, 1732550000);
}

TEST(Seed, AnswerSerializesBackToTheSameBytes) {
  const auto bytes = unhex(seed_answer_hex);
  EXPECT_EQ(hex(tlcpp::serialize(tlcpp::parse<photos::Photo>(bytes))), seed_answer_hex);
}

}  // namespace
