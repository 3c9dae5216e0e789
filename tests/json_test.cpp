// Canonical JSON (tlcpp/extras/json.hpp): the exact text of the seed, the exact
// message (with its JSON path) of every way from_json refuses input, and
// to_json's refusal of strings that are not UTF-8, with their offsets. Both
// go through the registry's walker, as does registry::encode, checked too.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "support/seed.hpp"
#include "tlcpp/api/InputFileLocation.hpp"
#include "tlcpp/api/InputGeoPoint.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/extras/json.hpp"
#include "tlcpp/extras/registry.hpp"
#include "tlcpp/mtproto/ResPQ.hpp"

namespace {

using namespace tlcpp::api;
using tlcpp::json;

const photos::updateProfilePhoto seed = tlcpp::test::seed_request();
constexpr const char* seed_json =
    R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"-4156887774564","access_hash":"-4156887774564",)"
    R"("file_reference":"YXJiaXRyYXJ5IGRhdGEgaGVyZQ=="}})";

TEST(Json, SeedExactly) {
  EXPECT_EQ(tlcpp::to_json(seed).dump(), seed_json);
  EXPECT_EQ(tlcpp::from_json<photos::updateProfilePhoto>(json::parse(seed_json)), seed);
}

TEST(Json, FlagsOptionalsAndTrue) {
  // `flags` is never written; a set flags.N?true is `true`; absent optionals
  // are left out.
  photos::updateProfilePhoto x = seed;
  x.fallback = true;
  x.bot = inputUserSelf{};
  const auto j = tlcpp::to_json(x);
  EXPECT_EQ(
      j.dump(),
      R"({"_":"photos.updateProfilePhoto","fallback":true,"bot":{"_":"inputUserSelf"},"id":{"_":"inputPhoto",)"
      R"("id":"-4156887774564","access_hash":"-4156887774564","file_reference":"YXJiaXRyYXJ5IGRhdGEgaGVyZQ=="}})");
  EXPECT_EQ(tlcpp::from_json<photos::updateProfilePhoto>(j), x);
}

TEST(Json, Int128IsSignedDecimal) {
  tlcpp::mtproto::resPQ x{};
  x.nonce = -1;
  x.server_nonce = (tlcpp::int128(1) << 126) - 1 + (tlcpp::int128(1) << 126);  // 2^127 - 1
  x.pq = "\x01\x02\x03";
  x.server_public_key_fingerprints = {std::numeric_limits<std::int64_t>::min()};
  const auto j = tlcpp::to_json(x);
  EXPECT_EQ(j.dump(),
            R"({"_":"resPQ","nonce":"-1","server_nonce":"170141183460469231731687303715884105727","pq":"AQID",)"
            R"("server_public_key_fingerprints":["-9223372036854775808"]})");
  EXPECT_EQ(tlcpp::from_json<tlcpp::mtproto::resPQ>(j), x);
}

// The message of the json_error from_json<T> throws for `text`.
template <class T>
std::string refusal(const std::string& text) {
  try {
    (void)tlcpp::from_json<T>(json::parse(text));
  } catch (const tlcpp::json_error& e) {
    return e.what();
  }
  return "(accepted)";
}

// The message of registry::encode's failure for `text`.
std::string registry_refusal(const std::string& text) {
  auto r = tlcpp::registry::encode(json::parse(text));
  return r ? "(accepted)" : r.error().message();
}

using P = photos::updateProfilePhoto;

TEST(Json, RefusesUnknownConstructor) {
  EXPECT_EQ(registry_refusal(R"({"_":"inputPhotoo"})"), R"($: unknown constructor "inputPhotoo")");
  EXPECT_EQ(registry_refusal(R"({"_":"photos.updateProfilePhoto","id":{"_":"nope"}})"),
            R"($.id: unknown constructor "nope")");
  // from_json<T> goes through the registry too, so it tells an unknown name
  // from a constructor of another type.
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto","id":{"_":"nope"}})"),
            R"(tlcpp: $.id: unknown constructor "nope")");
}

TEST(Json, RefusesConstructorOfWrongType) {
  EXPECT_EQ(registry_refusal(R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPeerSelf"}})"),
            R"($.id: "inputPeerSelf" is not a constructor of InputPhoto)");
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPeerSelf"}})"),
            R"(tlcpp: $.id: "inputPeerSelf" is not a constructor of InputPhoto)");
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhotoo"})"),
            R"(tlcpp: $: unknown constructor "photos.updateProfilePhotoo")");
  EXPECT_EQ(refusal<P>(R"({"_":"photos.uploadProfilePhoto"})"),
            R"(tlcpp: $: "photos.uploadProfilePhoto" is not photos.updateProfilePhoto)");
  EXPECT_EQ(refusal<P>(R"({"id":{"_":"inputPhotoEmpty"}})"), R"(tlcpp: $: missing "_" (the constructor name))");
  EXPECT_EQ(refusal<P>(R"([])"), R"(tlcpp: $: expected an object, got an array)");
}

TEST(Json, RefusesMissingRequiredField) {
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto"})"), R"(tlcpp: $.id: required field is missing)");
  EXPECT_EQ(registry_refusal(R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"1","access_hash":"2"}})"),
            R"($.id.file_reference: required field is missing)");
}

TEST(Json, RefusesUnknownField) {
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPhotoEmpty"},"photo":1})"),
            R"(tlcpp: $.photo: unknown field of photos.updateProfilePhoto)");
  // `#` fields are derived from the others, never given.
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto","flags":0,"id":{"_":"inputPhotoEmpty"}})"),
            R"(tlcpp: $.flags: unknown field of photos.updateProfilePhoto)");
}

TEST(Json, RefusesIntOutOfRange) {
  const auto stream = [](const std::string& scale) {
    return R"({"_":"inputGroupCallStream","call":{"_":"inputGroupCall","id":"1","access_hash":"2"},"time_ms":"3",)"
           R"("scale":)" +
           scale + "}";
  };
  using S = inputGroupCallStream;
  EXPECT_EQ(refusal<S>(stream("2147483647")), "(accepted)");
  EXPECT_EQ(refusal<S>(stream("-2147483648")), "(accepted)");
  EXPECT_EQ(refusal<S>(stream("2147483648")), "tlcpp: $.scale: 2147483648 does not fit in a 32-bit int");
  EXPECT_EQ(refusal<S>(stream("-2147483649")), "tlcpp: $.scale: -2147483649 does not fit in a 32-bit int");
  EXPECT_EQ(refusal<S>(stream("18446744073709551615")),
            "tlcpp: $.scale: 18446744073709551615 does not fit in a 32-bit int");
  EXPECT_EQ(refusal<S>(stream("1.5")), "tlcpp: $.scale: expected an int (a JSON integer), got a number");
  EXPECT_EQ(refusal<S>(stream("\"1\"")), "tlcpp: $.scale: expected an int (a JSON integer), got a string");
}

TEST(Json, RefusesBadLongString) {
  const auto photo = [](const std::string& id) {
    return R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":)" + id +
           R"(,"access_hash":"0","file_reference":""}})";
  };
  EXPECT_EQ(refusal<P>(photo(R"("9223372036854775807")")), "(accepted)");
  EXPECT_EQ(refusal<P>(photo(R"("-9223372036854775808")")), "(accepted)");
  EXPECT_EQ(refusal<P>(photo(R"("9223372036854775808")")),
            R"(tlcpp: $.id.id: "9223372036854775808" does not fit in a 64-bit long)");
  EXPECT_EQ(refusal<P>(photo(R"("-9223372036854775809")")),
            R"(tlcpp: $.id.id: "-9223372036854775809" does not fit in a 64-bit long)");
  EXPECT_EQ(refusal<P>(photo(R"("12a")")), R"(tlcpp: $.id.id: expected a long as a decimal string, got "12a")");
  EXPECT_EQ(refusal<P>(photo(R"("007")")), R"(tlcpp: $.id.id: expected a long as a decimal string, got "007")");
  EXPECT_EQ(refusal<P>(photo(R"("-0")")), R"(tlcpp: $.id.id: expected a long as a decimal string, got "-0")");
  EXPECT_EQ(refusal<P>(photo(R"("")")), R"(tlcpp: $.id.id: expected a long as a decimal string, got "")");
  EXPECT_EQ(refusal<P>(photo("12")), R"(tlcpp: $.id.id: expected a long (a decimal string), got an integer)");
}

TEST(Json, RefusesBadBase64) {
  const auto photo = [](const std::string& ref) {
    return R"({"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"1","access_hash":"2","file_reference":")" +
           ref + R"("}})";
  };
  EXPECT_EQ(refusal<P>(photo("YWJj")), "(accepted)");
  EXPECT_EQ(refusal<P>(photo("YQ==")), "(accepted)");
  EXPECT_EQ(refusal<P>(photo("YQ=")), "tlcpp: $.id.file_reference: invalid base64 at character 3");
  EXPECT_EQ(refusal<P>(photo("YQ")), "tlcpp: $.id.file_reference: invalid base64 at character 2");
  EXPECT_EQ(refusal<P>(photo("Y!==")), "tlcpp: $.id.file_reference: invalid base64 at character 1");
  EXPECT_EQ(refusal<P>(photo("YR==")), "tlcpp: $.id.file_reference: invalid base64 at character 1");  // bits after
  EXPECT_EQ(refusal<P>(photo("YQ==YQ==")), "tlcpp: $.id.file_reference: invalid base64 at character 2");
  EXPECT_EQ(refusal<P>(photo("YW-j")), "tlcpp: $.id.file_reference: invalid base64 at character 2");  // base64url
}

TEST(Json, RefusesBadFlag) {
  EXPECT_EQ(refusal<P>(R"({"_":"photos.updateProfilePhoto","fallback":false,"id":{"_":"inputPhotoEmpty"}})"),
            "tlcpp: $.fallback: a flag is true when set and omitted when not, got false");
}

TEST(Json, RefusesFieldsDisagreeingOnASharedBit) {
  // video_channel:flags.0?int video_quality:flags.0?int
  const std::string base =
      R"({"_":"inputGroupCallStream","call":{"_":"inputGroupCall","id":"1","access_hash":"2"},"time_ms":"3","scale":0)";
  EXPECT_EQ(refusal<inputGroupCallStream>(base + R"(,"video_channel":1,"video_quality":2})"), "(accepted)");
  EXPECT_EQ(refusal<inputGroupCallStream>(base + "}"), "(accepted)");
  EXPECT_EQ(refusal<inputGroupCallStream>(base + R"(,"video_channel":1})"),
            "tlcpp: $: fields video_channel and video_quality share bit 0 of flags: both present or both absent");
}

TEST(Json, RefusesNestingPastTheLimit) {
  // textBold nests RichText in RichText.
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += R"({"_":"textBold","text":)";
  deep += R"({"_":"textEmpty"})";
  for (int i = 0; i < 70; ++i) deep += "}";
  const std::string msg = refusal<RichText>(deep);
  EXPECT_EQ(msg.substr(0, 14), "tlcpp: $.text.");
  EXPECT_NE(msg.find(": objects nested deeper than the limit of 64"), std::string::npos) << msg;
}

TEST(Json, InvalidUtf8IsRefusedWithOffsets) {
  // textPlain#744694e0 text:string: the string starts at byte 4, its first
  // character at byte 5; 0xff is its byte 1, byte 6 of the TL bytes.
  const textPlain bad{.text = "a\xff"};
  auto r = tlcpp::try_to_json(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, tlcpp::json_errc::invalid_utf8);
  EXPECT_EQ(r.error().path, "$.text");
  EXPECT_EQ(r.error().offset, 6u);
  EXPECT_EQ(r.error().string_offset, 1u);
  EXPECT_EQ(r.error().message(), "invalid UTF-8 in the string at $.text: byte 1 of the string, byte 6 of the TL bytes");
  // The same bytes through the registry: the offset is in the input.
  auto d = tlcpp::registry::decode(tlcpp::from_hex("e094467402 61ff 00").value());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message(), "invalid UTF-8 in the string at $.text: byte 1 of the string, byte 6 of the TL bytes");

  // Each kind of malformed sequence, and the long length prefix (4 bytes).
  for (const auto& [text, at] : std::vector<std::pair<std::string, std::size_t>>{
           {"\x80", 0},                      // continuation byte first
           {"\xc0\xaf", 0},                  // overlong
           {"\xe0\x80\xaf", 0},              // overlong, 3 bytes
           {"\xed\xa0\x80", 0},              // surrogate
           {"\xf4\x90\x80\x80", 0},          // above U+10FFFF
           {"ok\xe2\x82", 2},                // cut short
           {"\xc3\xa9\xe2\x82\xac\xff", 5},  // after valid 2- and 3-byte sequences
           {std::string(300, 'a') + "\xfe", 300},
       }) {
    auto e = tlcpp::try_to_json(textPlain{.text = text});
    ASSERT_FALSE(e) << tlcpp::to_hex(std::as_bytes(std::span(text)));
    EXPECT_EQ(e.error().string_offset, at);
    EXPECT_EQ(e.error().offset, 4 + (text.size() < 254 ? 1 : 4) + at);
  }
  // Valid multibyte text passes unchanged.
  EXPECT_EQ(tlcpp::to_json(textPlain{.text = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"}).dump(),
            R"({"_":"textPlain","text":"é€😀"})");
}

TEST(Json, NonFiniteDoubleIsRefused) {
  // inputGeoPoint#48222faf flags:# lat:double long:double accuracy_radius:flags.0?int
  auto r = tlcpp::try_to_json(inputGeoPoint{.lat = std::nan(""), .long_ = 1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "the double at $.lat at byte 8 is NaN, which JSON cannot hold");
}

}  // namespace
