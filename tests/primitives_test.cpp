// Exact bytes of every TL builtin the runtime writes, and the round trip back.
//
// Every expected byte string below was written by hand from the TL and MTProto
// specifications (core.telegram.org/mtproto/serialize, schema/*.tl), not
// captured from tlcpp's own output: little-endian ints, 32-bit constructor ids
// (CRC32 of the schema line, as listed in schema/api.tl), strings with a
// 1-byte (< 254) or 0xfe + 3-byte length and zero padding to 4 bytes.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/hex.hpp"
#include "support/seed.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/int128.hpp"
#include "tlcpp/core/serialize.hpp"

#include "tlcpp/api/InputPhoto.hpp"
#include "tlcpp/api/RequestPeerType.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/User.hpp"
#include "tlcpp/api/help/getConfig.hpp"
#include "tlcpp/api/invokeWithLayer.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/mtproto/req_pq_multi.hpp"

namespace {

namespace api = tlcpp::api;
namespace wire = tlcpp::wire;

// Hex digits without separators (spaces in the expected strings are only for
// reading and are dropped).
std::string norm(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

using tlcpp::test::unhex;

std::string hex(std::span<const std::byte> b) { return tlcpp::to_hex(b); }

// `n` copies of a hex fragment, for long runs such as 16 bytes of ff.
std::string rep(std::string_view h, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += h;
  return out;
}

// Serializes x as W (not necessarily boxed) into a fresh buffer.
template <class W, class T>
std::vector<std::byte> ser_as(const T& x) {
  std::vector<std::byte> out;
  auto r = tlcpp::try_serialize_as<W>(x, out);
  EXPECT_TRUE(r.has_value()) << (r ? std::string() : r.error().message());
  if (r) {
    EXPECT_EQ(r.value(), out.size());
  }
  return out;
}

// Boxed serialization, checked against the expected hex, serialized_size and
// a parse back to the same value.
// serialize() writes once, into a per-thread scratch buffer, when it has
// room, and otherwise sizes first: both are compared, and serialize_into.
template <class T>
void expect_round_trip(const T& x, std::string_view expected) {
  const std::vector<std::byte> got = tlcpp::serialize(x);
  EXPECT_EQ(hex(got), norm(expected));
  EXPECT_EQ(hex(tlcpp::serialize(x)), norm(expected));
  std::vector<std::byte> into(norm(expected).size() / 2);
  EXPECT_EQ(tlcpp::serialize_into(x, into), into.size());
  EXPECT_EQ(hex(into), norm(expected));
  EXPECT_EQ(tlcpp::serialized_size(x), norm(expected).size() / 2);
  const T back = tlcpp::parse<T>(unhex(expected));
  EXPECT_TRUE(back == x);
}

// ---------------------------------------------------------------------------
// Strings and bytes

// A TL string of n bytes: header, content, zero padding, size; and parse back.
void check_string(std::size_t n, std::string_view header, std::size_t total) {
  SCOPED_TRACE("length " + std::to_string(n));
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);

  const std::vector<std::byte> out = ser_as<wire::string>(s);
  const std::size_t hlen = norm(header).size() / 2;
  ASSERT_EQ(out.size(), total);
  EXPECT_EQ(total % 4, 0u);
  EXPECT_EQ(hex(std::span(out).first(hlen)), norm(header));
  EXPECT_EQ(std::memcmp(out.data() + hlen, s.data(), n), 0);
  for (std::size_t i = hlen + n; i < total; ++i) EXPECT_EQ(out[i], std::byte{0}) << "padding byte " << i;
  auto size = tlcpp::try_serialized_size_as<wire::string>(s);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size.value(), total);

  // The same bytes as TL `bytes`.
  const tlcpp::bytes b(s);
  EXPECT_TRUE(ser_as<wire::bytes>(b) == out);

  EXPECT_TRUE(tlcpp::parse<std::string>(out) == s);
  EXPECT_TRUE(tlcpp::parse<tlcpp::bytes>(out) == b);
}

TEST(Strings, LengthsAroundEveryBoundary) {
  check_string(0, "00", 4);
  check_string(1, "01", 4);
  check_string(3, "03", 4);
  check_string(4, "04", 8);
  check_string(253, "fd", 256);         // longest short form: 1 + 253 + 2 padding
  check_string(254, "fe fe0000", 260);  // shortest long form: 4 + 254 + 2 padding
  check_string(255, "fe ff0000", 260);  // 4 + 255 + 1 padding
  check_string(256, "fe 000100", 260);  // 4 + 256, no padding
  check_string(65536, "fe 000001", 65540);
  check_string(16777215, "fe ffffff", 16777220);  // 2^24 - 1: largest TL allows
}

TEST(Strings, ExactBytesOfShortStrings) {
  EXPECT_EQ(hex(ser_as<wire::string>(std::string())), "00000000");
  EXPECT_EQ(hex(ser_as<wire::string>(std::string("x"))), "01780000");
  EXPECT_EQ(hex(ser_as<wire::string>(std::string("abc"))), "03616263");
  EXPECT_EQ(hex(ser_as<wire::string>(std::string("abcd"))), "0461626364000000");
  // Top-level std::string uses wire::string by default.
  EXPECT_EQ(hex(tlcpp::serialize(std::string("abcde"))),
            "056162636465"
            "0000");
  EXPECT_EQ(tlcpp::parse<std::string>(unhex("0461626364000000")), "abcd");
}

TEST(Strings, MultibyteUtf8IsCountedInBytes) {
  // "Привет, 世界": 6 Cyrillic letters of 2 bytes, ", ", 2 CJK of 3 bytes = 20.
  const std::string s = "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xe4\xb8\x96\xe7\x95\x8c";
  ASSERT_EQ(s.size(), 20u);
  const std::string expected = "14 d09f d180 d0b8 d0b2 d0b5 d182 2c20 e4b896 e7958c 000000";
  EXPECT_EQ(hex(ser_as<wire::string>(s)), norm(expected));
  EXPECT_EQ(tlcpp::parse<std::string>(unhex(expected)), s);
}

TEST(Strings, BytesKeepArbitraryOctets) {
  const tlcpp::bytes b("\x00\xff\x10\x80\x7f", 5);
  const std::string expected = "05 00ff10807f 0000";
  EXPECT_EQ(hex(ser_as<wire::bytes>(b)), norm(expected));
  EXPECT_EQ(hex(tlcpp::serialize(b)), norm(expected));
  EXPECT_TRUE(tlcpp::parse<tlcpp::bytes>(unhex(expected)) == b);
}

TEST(Strings, LongerThan2To24MinusOneIsRefusedAndNothingIsAppended) {
  const std::string s(std::size_t{16777216}, 'z');
  std::vector<std::byte> out = unhex("01020304");
  auto r = tlcpp::try_serialize_as<wire::string>(s, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, tlcpp::serialize_errc::string_too_long);
  EXPECT_EQ(r.error().value, 16777216u);
  EXPECT_EQ(hex(out), "01020304");

  auto size = tlcpp::try_serialized_size_as<wire::bytes>(tlcpp::bytes(s));
  ASSERT_FALSE(size.has_value());
  EXPECT_EQ(size.error().code, tlcpp::serialize_errc::string_too_long);

  // Inside an object the message names the constructor; the throwing API
  // leaves the buffer as it was.
  const api::RichText t{api::textPlain{.text = s}};
  try {
    tlcpp::serialize(t, out);
    ADD_FAILURE() << "no serialize_error";
  } catch (const tlcpp::serialize_error& e) {
    EXPECT_EQ(e.code(), tlcpp::serialize_errc::string_too_long);
    EXPECT_STREQ(e.what(), "tlcpp: a string of 16777216 bytes in textPlain is longer than TL allows (16777215)");
  }
  EXPECT_EQ(hex(out), "01020304");
}

// ---------------------------------------------------------------------------
// Numbers

TEST(Numbers, Int) {
  expect_round_trip(std::int32_t{0}, "00000000");
  expect_round_trip(std::int32_t{1}, "01000000");
  expect_round_trip(std::int32_t{-1}, "ffffffff");
  expect_round_trip(std::int32_t{-2}, "feffffff");
  expect_round_trip(std::int32_t{0x12345678}, "78563412");
  expect_round_trip(std::numeric_limits<std::int32_t>::min(), "00000080");
  expect_round_trip(std::numeric_limits<std::int32_t>::max(), "ffffff7f");
}

TEST(Numbers, Long) {
  expect_round_trip(std::int64_t{1}, "0100000000000000");
  expect_round_trip(std::int64_t{-1}, "ffffffffffffffff");
  expect_round_trip(std::int64_t{-4156887774564}, "9c4a2e2638fcffff");
  expect_round_trip(std::int64_t{0x0102030405060708}, "0807060504030201");
  expect_round_trip(std::numeric_limits<std::int64_t>::min(), "0000000000000080");
  expect_round_trip(std::numeric_limits<std::int64_t>::max(), "ffffffffffffff7f");
}

TEST(Numbers, Double) {
  expect_round_trip(1.5, "000000000000f83f");   // 0x3ff8000000000000
  expect_round_trip(1.0, "000000000000f03f");   // 0x3ff0000000000000
  expect_round_trip(-2.5, "00000000000004c0");  // 0xc004000000000000
  expect_round_trip(0.0, "0000000000000000");

  // -0.0 == 0.0, so compare bit patterns.
  EXPECT_EQ(hex(tlcpp::serialize(-0.0)), "0000000000000080");
  const double nz = tlcpp::parse<double>(unhex("0000000000000080"));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(nz), 0x8000000000000000u);

  // A NaN with a payload survives both ways bit for bit.
  const double nan = std::bit_cast<double>(std::uint64_t{0x7ff8000000000123});
  EXPECT_EQ(hex(tlcpp::serialize(nan)), "230100000000f87f");
  const double back = tlcpp::parse<double>(unhex("230100000000f87f"));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(back), 0x7ff8000000000123u);
  const double neg_nan = tlcpp::parse<double>(unhex("01000000000000ff"));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(neg_nan), 0xff00000000000001u);
}

TEST(Numbers, Bool) {
  expect_round_trip(true, "b5757299");   // boolTrue#997275b5
  expect_round_trip(false, "379779bc");  // boolFalse#bc799737
}

// ---------------------------------------------------------------------------
// int128 / int256: two's complement, little-endian

TEST(WideInts, Int128) {
  using tlcpp::int128;
  const int128 max = (int128(1) << 127) - 1;
  const int128 min = -max - 1;
  expect_round_trip(int128(0), rep("00", 16));
  expect_round_trip(int128(1), "01" + rep("00", 15));
  expect_round_trip(int128(-1), rep("ff", 16));
  expect_round_trip(int128(-2), "fe" + rep("ff", 15));
  expect_round_trip(max, rep("ff", 15) + "7f");
  expect_round_trip(min, rep("00", 15) + "80");
  expect_round_trip(int128("0x100f0e0d0c0b0a090807060504030201"), "0102030405060708090a0b0c0d0e0f10");
  // Top bit set: 0x8f0f0e...01 - 2^128, a negative number.
  expect_round_trip(-int128("0x70f0f1f2f3f4f5f6f7f8f9fafbfcfdff"), "0102030405060708090a0b0c0d0e0f8f");
}

TEST(WideInts, Int256) {
  using tlcpp::int256;
  const int256 max = (int256(1) << 255) - 1;
  const int256 min = -max - 1;
  expect_round_trip(int256(1), "01" + rep("00", 31));
  expect_round_trip(int256(-1), rep("ff", 32));
  expect_round_trip(max, rep("ff", 31) + "7f");
  expect_round_trip(min, rep("00", 31) + "80");
  expect_round_trip(int256("0x201f1e1d1c1b1a191817161514131211100f0e0d0c0b0a090807060504030201"),
                    "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
}

TEST(WideInts, OutsideTheTwosComplementRangeIsRefused) {
  using tlcpp::int128;
  using tlcpp::int256;
  std::vector<std::byte> out = unhex("aabbccdd");
  for (const int128& v : {int128(1) << 127, -(int128(1) << 127) - 1, -((int128(1) << 127) + (int128(1) << 126))}) {
    auto r = tlcpp::try_serialize(v, out);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, tlcpp::serialize_errc::int_out_of_range);
  }
  auto r256 = tlcpp::try_serialize(int256(1) << 255, out);
  ASSERT_FALSE(r256.has_value());
  EXPECT_EQ(r256.error().code, tlcpp::serialize_errc::int_out_of_range);
  EXPECT_EQ(hex(out), "aabbccdd");

  // In an MTProto object: req_pq_multi#be7e8ef1 nonce:int128.
  try {
    (void)tlcpp::serialize(tlcpp::mtproto::req_pq_multi{.nonce = int128(1) << 127});
    ADD_FAILURE() << "no serialize_error";
  } catch (const tlcpp::serialize_error& e) {
    EXPECT_EQ(e.code(), tlcpp::serialize_errc::int_out_of_range);
    EXPECT_STREQ(e.what(), "tlcpp: an int128/int256 value in req_pq_multi does not fit its width");
  }
  expect_round_trip(tlcpp::mtproto::req_pq_multi{.nonce = int128(-1)}, "f18e7ebe" + rep("ff", 16));
}

// ---------------------------------------------------------------------------
// Vectors

TEST(Vectors, BoxedInt) {
  expect_round_trip(std::vector<std::int32_t>{1, -1, std::numeric_limits<std::int32_t>::min()},
                    "15c4b51c 03000000 01000000 ffffffff 00000080");
}

TEST(Vectors, BoxedLong) {
  expect_round_trip(std::vector<std::int64_t>{1, -4156887774564},
                    "15c4b51c 02000000 0100000000000000 9c4a2e2638fcffff");
}

TEST(Vectors, Empty) {
  expect_round_trip(std::vector<std::int32_t>{}, "15c4b51c 00000000");
  expect_round_trip(std::vector<std::string>{}, "15c4b51c 00000000");
  expect_round_trip(std::vector<bool>{}, "15c4b51c 00000000");
}

TEST(Vectors, BareLong) {
  using W = wire::vector<wire::long_>;
  const std::vector<std::int64_t> v{2, -3};
  const std::string expected = "02000000 0200000000000000 fdffffffffffffff";
  EXPECT_EQ(hex(ser_as<W>(v)), norm(expected));
  EXPECT_TRUE((tlcpp::parse<std::vector<std::int64_t>, W>(unhex(expected)) == v));
  EXPECT_EQ(hex(ser_as<W>(std::vector<std::int64_t>{})), "00000000");
}

TEST(Vectors, BoxedString) {
  expect_round_trip(std::vector<std::string>{"", "ab", std::string(254, 'x')},
                    "15c4b51c 03000000 00000000 02616200 fefe0000" + rep("78", 254) + "0000");
}

TEST(Vectors, BoxedBool) {
  expect_round_trip(std::vector<bool>{true, false, true}, "15c4b51c 03000000 b5757299 379779bc b5757299");
}

TEST(Vectors, Nested) {
  expect_round_trip(std::vector<std::vector<std::int32_t>>{{7}, {}},
                    "15c4b51c 02000000 15c4b51c 01000000 07000000 15c4b51c 00000000");
}

// ---------------------------------------------------------------------------
// Flags, with generated types

// user#31774388 flags:# ... flags2:# ... id:long ...
TEST(Flags, UserFlagsAndFlags2) {
  // self = flags.10, first_name = flags.1 -> flags 0x402; bot_active_users = flags2.12.
  api::user u{.self = true, .id = 1000, .first_name = "Al", .bot_active_users = 5};
  expect_round_trip(api::User{u}, "88437731 02040000 00100000 e803000000000000 02416c00 05000000");
  EXPECT_EQ(hex(tlcpp::serialize(u)), "884377310204000000100000e80300000000000002416c0005000000");

  // Without the flags2 field the second word is zero and the int is gone.
  u.bot_active_users.reset();
  expect_round_trip(api::User{u}, "88437731 02040000 00000000 e803000000000000 02416c00");

  // A flags2-only `true`: bot_can_edit = flags2.1.
  expect_round_trip(api::User{api::user{.bot_can_edit = true, .id = 1}}, "88437731 00000000 02000000 0100000000000000");
}

TEST(Flags, UserSeveralFlagFieldsInSchemaOrder) {
  // access_hash 0, username 3, verified 17, lang_code 22, premium 28.
  const api::user u{.verified = true,
                    .premium = true,
                    .id = -1,
                    .access_hash = 0x0102030405060708,
                    .username = "u",
                    .lang_code = "en"};
  expect_round_trip(api::User{u}, "88437731 09004210 00000000 ffffffffffffffff 0807060504030201 01750000 02656e00");
  const auto back =
      tlcpp::parse<api::User>(unhex("88437731 09004210 00000000 ffffffffffffffff 0807060504030201 01750000 02656e00"));
  const api::user* p = back.get_if<api::user>();
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->verified);
  EXPECT_TRUE(p->premium);
  EXPECT_FALSE(p->self);
  EXPECT_EQ(p->access_hash, std::optional<std::int64_t>(0x0102030405060708));
  EXPECT_EQ(p->username, std::optional<std::string>("u"));
  EXPECT_EQ(p->first_name, std::nullopt);
}

TEST(Flags, OptionalBoolFalseIsWrittenNotDropped) {
  // requestPeerTypeUser#5f3b8a00 flags:# bot:flags.0?Bool premium:flags.1?Bool
  expect_round_trip(api::RequestPeerType{api::requestPeerTypeUser{.bot = false}}, "008a3b5f 01000000 379779bc");
  expect_round_trip(api::RequestPeerType{api::requestPeerTypeUser{.bot = false, .premium = true}},
                    "008a3b5f 03000000 379779bc b5757299");
  expect_round_trip(api::RequestPeerType{api::requestPeerTypeUser{.premium = false}}, "008a3b5f 02000000 379779bc");
  expect_round_trip(api::RequestPeerType{api::requestPeerTypeUser{}}, "008a3b5f 00000000");

  const auto back = tlcpp::parse<api::RequestPeerType>(unhex("008a3b5f 01000000 379779bc"));
  ASSERT_TRUE(back.is<api::requestPeerTypeUser>());
  EXPECT_EQ(back.get<api::requestPeerTypeUser>().bot, std::optional<bool>(false));
  EXPECT_EQ(back.get<api::requestPeerTypeUser>().premium, std::nullopt);
}

TEST(Flags, TrueFlagSetAndUnset) {
  // photos.updateProfilePhoto#09e82039 flags:# fallback:flags.0?true ...
  expect_round_trip(api::photos::updateProfilePhoto{.fallback = true}, "3920e809 01000000 0dbfd71c");
  expect_round_trip(api::photos::updateProfilePhoto{.fallback = false}, "3920e809 00000000 0dbfd71c");
  EXPECT_TRUE(tlcpp::parse<api::photos::updateProfilePhoto>(unhex("3920e809 01000000 0dbfd71c")).fallback);
}

TEST(Flags, EmptyOptionalVectorIsPresentNotAbsent) {
  // usernames:flags2.0?Vector<Username>
  api::user with{.id = 1, .usernames = std::vector<api::Username>{}};
  api::user without{.id = 1};
  expect_round_trip(api::User{with}, "88437731 00000000 01000000 0100000000000000 15c4b51c 00000000");
  expect_round_trip(api::User{without}, "88437731 00000000 00000000 0100000000000000");
  const auto back = tlcpp::parse<api::User>(unhex("88437731 00000000 01000000 0100000000000000 15c4b51c 00000000"));
  ASSERT_TRUE(back.get<api::user>().usernames.has_value());
  EXPECT_TRUE(back.get<api::user>().usernames->empty());
}

TEST(Flags, FieldsSharingABitMustAgree) {
  // bot:flags.14?true and bot_info_version:flags.14?int.
  std::vector<std::byte> out = unhex("ee");
  for (const api::user& u : {api::user{.bot = true, .id = 1}, api::user{.id = 1, .bot_info_version = 3}}) {
    auto r = tlcpp::try_serialize(api::User{u}, out);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, tlcpp::serialize_errc::flag_conflict);
    EXPECT_EQ(r.error().value, 14u);
    EXPECT_EQ(r.error().what, "user");
    EXPECT_EQ(r.error().message(), "fields of user that share flag bit 14 disagree on whether it is set");
    EXPECT_THROW((void)tlcpp::serialized_size(u), tlcpp::serialize_error);
    EXPECT_THROW(tlcpp::serialize(u, out), tlcpp::serialize_error);
  }
  EXPECT_EQ(hex(out), "ee");

  // restricted:flags.18?true and restriction_reason:flags.18?Vector<...>.
  auto r = tlcpp::try_serialize(api::user{.restricted = true, .id = 1}, out);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value, 18u);

  // Agreeing: both present (bit 14 = 0x4000) or both absent.
  expect_round_trip(api::User{api::user{.bot = true, .id = 1, .bot_info_version = 7}},
                    "88437731 00400000 00000000 0100000000000000 07000000");
  expect_round_trip(
      api::User{api::user{.restricted = true, .id = 1, .restriction_reason = std::vector<api::RestrictionReason>{}}},
      "88437731 00000400 00000000 0100000000000000 15c4b51c 00000000");
}

// ---------------------------------------------------------------------------
// The seed (facts from GramJS)

TEST(Seed, UpdateProfilePhoto) {
  expect_round_trip(tlcpp::test::seed_request(), tlcpp::test::seed_request_hex);
  const auto back = tlcpp::parse<api::photos::updateProfilePhoto>(unhex(tlcpp::test::seed_request_hex));
  const auto* photo = back.id.get_if<api::inputPhoto>();
  ASSERT_NE(photo, nullptr);
  EXPECT_EQ(photo->id, -4156887774564);
  EXPECT_EQ(photo->access_hash, -4156887774564);
  EXPECT_EQ(photo->file_reference.view(), "arbitrary data here");
  EXPECT_FALSE(back.fallback);
  EXPECT_EQ(back.bot, std::nullopt);
}

TEST(Seed, InputPhotoEmpty) {
  expect_round_trip(api::InputPhoto{api::inputPhotoEmpty{}}, "0dbfd71c");
  EXPECT_EQ(hex(tlcpp::serialize(api::InputPhoto{})), "0dbfd71c");  // the default is the first constructor
}

TEST(Serialize, AppendsToExistingContent) {
  std::vector<std::byte> out = unhex("deadbeef");
  tlcpp::serialize(std::int32_t{1}, out);
  EXPECT_EQ(hex(out), "deadbeef01000000");
  tlcpp::serialize(api::InputPhoto{api::inputPhotoEmpty{}}, out);
  EXPECT_EQ(hex(out), "deadbeef010000000dbfd71c");
  tlcpp::serialize(tlcpp::test::seed_request(), out);
  EXPECT_EQ(hex(out), "deadbeef010000000dbfd71c" + std::string(tlcpp::test::seed_request_hex));

  auto r = tlcpp::try_serialize(tlcpp::test::seed_request(), out);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r.value(), 48u);
  EXPECT_EQ(out.size(), 12u + 48u + 48u);
}

TEST(Serialize, SerializedSizeEqualsOutputSize) {
  EXPECT_EQ(tlcpp::serialized_size(tlcpp::test::seed_request()), 48u);
  EXPECT_EQ(tlcpp::serialize(tlcpp::test::seed_request()).size(), 48u);
  EXPECT_EQ(tlcpp::serialized_size(api::InputPhoto{}), 4u);
  EXPECT_EQ(tlcpp::serialized_size(std::string(254, 'a')), 260u);
  EXPECT_EQ(tlcpp::serialized_size(std::vector<bool>{true, false}), 16u);
  const api::user u{.self = true, .id = 1, .first_name = "x", .usernames = std::vector<api::Username>{}};
  EXPECT_EQ(tlcpp::serialized_size(u), tlcpp::serialize(u).size());
  EXPECT_EQ(tlcpp::serialized_size(u), 4u + 4 + 4 + 8 + 4 + 8);
}

// ---------------------------------------------------------------------------
// A recursive type

TEST(Recursive, RichText) {
  // textBold#6724abc4 text:RichText; textPlain#744694e0 text:string.
  const api::RichText bold{api::textBold{.text = api::RichText{api::textPlain{.text = "hi"}}}};
  expect_round_trip(bold, "c4ab2467 e0944674 02686900");

  // textConcat#7e6260d7 texts:Vector<RichText>; textEmpty#dc3d824f.
  const api::RichText concat{
      api::textConcat{.texts = {api::RichText{api::textPlain{.text = "a"}}, api::RichText{api::textBold{}}, bold}}};
  expect_round_trip(concat,
                    "d760627e 15c4b51c 03000000"
                    " e0944674 01610000"
                    " c4ab2467 4f823ddc"
                    " c4ab2467 e0944674 02686900");

  // Three levels: bold(italic(bold(empty))); textItalic#d912a59c.
  const api::RichText deep{
      api::textBold{.text = api::RichText{api::textItalic{
                        .text = api::RichText{api::textBold{.text = api::RichText{api::textEmpty{}}}}}}}};
  expect_round_trip(deep, "c4ab2467 9ca512d9 c4ab2467 4f823ddc");
}

// ---------------------------------------------------------------------------
// A generic method

TEST(Generic, InvokeWithLayer) {
  // invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X; help.getConfig#c4f9186b.
  const api::invokeWithLayer<api::help::getConfig> q{.layer = 223, .query = {}};
  expect_round_trip(q, "0d0d9bda df000000 6b18f9c4");
}

// ---------------------------------------------------------------------------
// The one-pass writer: it checks room as it goes, and refuses what the size
// pass refuses (which then says why).

// A user with every kind of field the writer handles: flags words, longs,
// strings, a constructor in a constructor, a vector of constructors.
api::User busy_user() {
  return api::user{
      .contact = true,
      .premium = true,
      .id = 77,
      .access_hash = -1,
      .first_name = "Ada",
      .username = std::string(300, 'u'),
      .photo = api::userProfilePhoto{.photo_id = 5, .stripped_thumb = tlcpp::bytes("\x01\x02\x03", 3), .dc_id = 4},
      .status = api::userStatusOffline{.was_online = 9},
      .usernames = std::vector<api::Username>{api::username{.active = true, .username = "ada"},
                                              api::username{.username = "lovelace"}},
  };
}

TEST(OnePassWriter, EveryShortBufferIsRefusedAndNothingPastItIsWritten) {
  const api::User u = busy_user();
  const std::vector<std::byte> whole = tlcpp::serialize(u);
  ASSERT_EQ(whole.size(), tlcpp::serialized_size(u));
  std::vector<std::byte> buffer(whole.size() + 8);
  for (std::size_t n = 0; n < whole.size(); ++n) {
    std::fill(buffer.begin(), buffer.end(), std::byte{0xee});
    const auto r = tlcpp::try_serialize_into(u, std::span(buffer).first(n));
    ASSERT_FALSE(r.has_value()) << n;
    EXPECT_EQ(r.error().code, tlcpp::serialize_errc::buffer_too_small) << n;
    EXPECT_EQ(r.error().value, whole.size()) << n;
    for (std::size_t i = n; i < buffer.size(); ++i) ASSERT_EQ(buffer[i], std::byte{0xee}) << n << " wrote byte " << i;
  }
  EXPECT_EQ(tlcpp::serialize_into(u, buffer), whole.size());
  EXPECT_TRUE(std::equal(whole.begin(), whole.end(), buffer.begin()));
}

// Each refusal of the size pass, met by the writer with room to spare: the
// same error, whether serialize() goes through its scratch buffer or not.
template <class T>
void expect_refused(const T& x, tlcpp::serialize_errc code, std::size_t room) {
  std::vector<std::byte> buffer(room);
  const auto into = tlcpp::try_serialize_into(x, buffer);
  ASSERT_FALSE(into.has_value());
  EXPECT_EQ(into.error().code, code);
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<std::byte> out = unhex("abcd");
    const auto r = tlcpp::try_serialize(x, out);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(hex(out), "abcd");
  }
}

TEST(OnePassWriter, RefusesWhatTheSizePassRefuses) {
  (void)tlcpp::serialize(busy_user());  // the scratch buffer now has room
  api::user shared = busy_user().get<api::user>();
  shared.bot = true;  // bot:flags.14?true without bot_info_version:flags.14?int
  expect_refused(api::User{shared}, tlcpp::serialize_errc::flag_conflict, 4096);
  expect_refused(tlcpp::mtproto::req_pq_multi{.nonce = tlcpp::int128(1) << 127},
                 tlcpp::serialize_errc::int_out_of_range, 4096);
  const api::RichText long_text{
      api::textConcat{.texts = {api::textPlain{.text = "a"}, api::textPlain{.text = std::string(16777216, 'z')}}}};
  expect_refused(long_text, tlcpp::serialize_errc::string_too_long, 16777216 + 64);
}

TEST(OnePassWriter, ValuesAroundTheScratchLimit) {
  // The scratch buffer stops growing at 64 KiB: larger values are sized
  // first, and all of them, in any order, serialize the same.
  for (const std::size_t n : {65536u - 12, 65536u - 8, 65536u - 4, 65536u, 65536u + 4, 200000u, 10u, 65536u - 8}) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i * 31);
    const api::RichText t{api::textPlain{.text = s}};
    const std::vector<std::byte> once = tlcpp::serialize(t);
    ASSERT_EQ(once.size(), tlcpp::serialized_size(t)) << n;
    EXPECT_TRUE(tlcpp::serialize(t) == once) << n;
    EXPECT_TRUE(tlcpp::parse<api::RichText>(once) == t) << n;
  }
}

}  // namespace

namespace {

TEST(Hex, RoundTripAndRejects) {
  const auto b = tlcpp::from_hex("3920E809 00\n0000\t00");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(tlcpp::to_hex(*b), "3920e80900000000");
  EXPECT_FALSE(tlcpp::from_hex("392").has_value());   // odd number of digits
  EXPECT_FALSE(tlcpp::from_hex("39zz").has_value());  // not a digit
  EXPECT_EQ(tlcpp::from_hex("")->size(), 0u);
}

}  // namespace
