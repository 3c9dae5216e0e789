// Every parse_error the reader reports: its code, the exact byte offset, the
// number and limit it carries, and for each code the message text. Inputs are
// hand-made from the TL encoding (see primitives_test.cpp for the encodings).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/alloc_meter.hpp"
#include "support/hex.hpp"
#include "support/seed.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"

#include "tlcpp/api/InputPhoto.hpp"
#include "tlcpp/api/RequestPeerType.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/User.hpp"
#include "tlcpp/api/help/getConfig.hpp"
#include "tlcpp/api/invokeWithLayer.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"

namespace {

namespace api = tlcpp::api;
namespace wire = tlcpp::wire;
using tlcpp::parse_errc;

using tlcpp::test::unhex;

std::vector<std::byte> cat(std::vector<std::byte> a, const std::vector<std::byte>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::byte> zeros(std::size_t n) { return std::vector<std::byte>(n, std::byte{0}); }

using Seed = api::photos::updateProfilePhoto;

std::vector<std::byte> seed_with(std::size_t at, std::string_view replacement) {
  std::vector<std::byte> b = unhex(tlcpp::test::seed_request_hex);
  const std::vector<std::byte> r = unhex(replacement);
  for (std::size_t i = 0; i < r.size(); ++i) b.at(at + i) = r[i];
  return b;
}

// The failure of parsing `in` as T (encoding W). Checks on the way that
// try_parse fails without throwing and that parse throws a parse_error with
// the same failure and the message "tlcpp: " + failure.message().
template <class T, class W = typename tlcpp::default_wire<T>::type>
tlcpp::parse_failure failure_of(std::span<const std::byte> in, const tlcpp::parse_options& options = {}) {
  auto r = tlcpp::try_parse<T, W>(in, options);
  EXPECT_FALSE(r.has_value()) << "parsed without error";
  if (r.has_value()) return {};
  const tlcpp::parse_failure f = r.error();
  try {
    (void)tlcpp::parse<T, W>(in, options);
    ADD_FAILURE() << "parse did not throw";
  } catch (const tlcpp::parse_error& e) {
    EXPECT_EQ(e.code(), f.code);
    EXPECT_EQ(e.offset(), f.offset);
    EXPECT_EQ(e.failure().value, f.value);
    EXPECT_EQ(e.failure().limit, f.limit);
    EXPECT_EQ(e.failure().what, f.what);
    EXPECT_EQ(std::string(e.what()), "tlcpp: " + f.message());
  }
  return f;
}

// code, offset, value and limit of a failure, all at once.
testing::AssertionResult is(const tlcpp::parse_failure& f, parse_errc code, std::size_t offset, std::uint64_t value,
                            std::uint64_t limit) {
  if (f.code == code && f.offset == offset && f.value == value && f.limit == limit) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "got code " << static_cast<int>(f.code) << " offset " << f.offset << " value "
                                     << f.value << " limit " << f.limit << " (\"" << f.message()
                                     << "\"), expected code " << static_cast<int>(code) << " offset " << offset
                                     << " value " << value << " limit " << limit;
}

// ---------------------------------------------------------------------------
// truncated

TEST(Truncated, AtFieldBoundariesAndInsideFields) {
  const std::vector<std::byte> full = unhex(tlcpp::test::seed_request_hex);
  ASSERT_EQ(full.size(), 48u);
  struct Case {
    std::size_t len, offset, needed, left;
  };
  for (const Case c :
       {Case{0, 0, 4, 0}, Case{2, 0, 4, 2}, Case{4, 4, 4, 0}, Case{6, 4, 4, 2}, Case{8, 8, 4, 0}, Case{15, 12, 8, 3},
        Case{27, 20, 8, 7}, Case{28, 28, 1, 0}, Case{29, 29, 19, 0}, Case{40, 29, 19, 11}, Case{47, 29, 19, 18}}) {
    SCOPED_TRACE("prefix of " + std::to_string(c.len) + " bytes");
    const auto f = failure_of<Seed>(std::span(full).first(c.len));
    EXPECT_TRUE(is(f, parse_errc::truncated, c.offset, c.needed, c.left));
  }
  EXPECT_EQ(failure_of<Seed>(std::span(full).first(40)).message(),
            "truncated input: 19 more bytes needed at byte 29, 11 left");
  try {
    (void)tlcpp::parse<Seed>(std::span(full).first(15));
    ADD_FAILURE() << "no parse_error";
  } catch (const tlcpp::parse_error& e) {
    EXPECT_EQ(e.code(), parse_errc::truncated);
    EXPECT_EQ(e.offset(), 12u);
    EXPECT_STREQ(e.what(), "tlcpp: truncated input: 8 more bytes needed at byte 12, 3 left");
  }
}

TEST(Truncated, EveryStrictPrefixOfTheSeed) {
  const std::vector<std::byte> full = unhex(tlcpp::test::seed_request_hex);
  // Each read of the seed: where it starts and how many bytes it takes.
  struct Read {
    std::size_t at, size;
  };
  constexpr Read reads[] = {{0, 4}, {4, 4}, {8, 4}, {12, 8}, {20, 8}, {28, 1}, {29, 19}};
  for (std::size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE("prefix of " + std::to_string(n) + " bytes");
    Read last{};
    for (const Read& r : reads)
      if (r.at <= n) last = r;
    const auto f = failure_of<Seed>(std::span(full).first(n));
    EXPECT_TRUE(is(f, parse_errc::truncated, last.at, last.size, n - last.at));
  }
  EXPECT_TRUE(tlcpp::try_parse<Seed>(full).has_value());
}

TEST(Truncated, InsideAStringHeaderAndScalars) {
  // 0xfe needs three more length bytes.
  EXPECT_TRUE(is(failure_of<std::string>(unhex("fe01")), parse_errc::truncated, 1, 3, 1));
  EXPECT_TRUE(is(failure_of<std::int64_t>(unhex("01020304050607")), parse_errc::truncated, 0, 8, 7));
  EXPECT_TRUE(is(failure_of<bool>(unhex("b575")), parse_errc::truncated, 0, 4, 2));
  // Vector<long> count 1 and 7 bytes: the count check sees 7 < 8 first.
  EXPECT_TRUE(is(failure_of<std::vector<std::int64_t>>(unhex("15c4b51c 01000000 01020304050607")),
                 parse_errc::vector_too_long, 4, 1, 7));
  // Vector<string> count 2 with room for two minimal strings, but the second is cut.
  EXPECT_TRUE(is(failure_of<std::vector<std::string>>(unhex("15c4b51c 02000000 03616263 05616263")),
                 parse_errc::truncated, 13, 7, 3));
}

TEST(Truncated, HugeStringLengthFailsWithoutAllocating) {
  // Length 0xffffff (the largest) followed by only 10 bytes.
  const std::vector<std::byte> in = cat(unhex("feffffff"), zeros(10));
  tlcpp::parse_failure f;
  {
    const tlcpp::test::alloc_meter probe;
    auto r = tlcpp::try_parse<std::string>(in);
    ASSERT_FALSE(r.has_value());
    f = r.error();
    EXPECT_LT(probe.largest(), 1024u);
  }
  // 0xffffff bytes plus 1 padding byte, needed at the data (byte 4).
  EXPECT_TRUE(is(f, parse_errc::truncated, 4, 16777216, 10));
  EXPECT_EQ(f.message(), "truncated input: 16777216 more bytes needed at byte 4, 10 left");
  EXPECT_TRUE(is(failure_of<tlcpp::bytes>(in), parse_errc::truncated, 4, 16777216, 10));
}

// ---------------------------------------------------------------------------
// unknown_constructor

TEST(UnknownConstructor, InsideTheSeed) {
  const auto f = failure_of<Seed>(seed_with(8, "deadbeef"));
  EXPECT_TRUE(is(f, parse_errc::unknown_constructor, 8, 0xefbeadde, 0));
  EXPECT_EQ(f.what, "InputPhoto");
  EXPECT_EQ(f.message(), "unknown constructor id 0xefbeadde for InputPhoto at byte 8");
  try {
    (void)tlcpp::parse<Seed>(seed_with(8, "deadbeef"));
    ADD_FAILURE() << "no parse_error";
  } catch (const tlcpp::parse_error& e) {
    EXPECT_EQ(e.code(), parse_errc::unknown_constructor);
    EXPECT_EQ(e.offset(), 8u);
    EXPECT_STREQ(e.what(), "tlcpp: unknown constructor id 0xefbeadde for InputPhoto at byte 8");
  }
}

TEST(UnknownConstructor, AtTopLevel) {
  const auto f = failure_of<api::InputPhoto>(unhex("deadbeef"));
  EXPECT_TRUE(is(f, parse_errc::unknown_constructor, 0, 0xefbeadde, 0));
  EXPECT_EQ(f.message(), "unknown constructor id 0xefbeadde for InputPhoto at byte 0");

  // A Vector whose id is not vector#1cb5c415.
  const auto v = failure_of<std::vector<std::int32_t>>(unhex("15c4b51d 00000000"));
  EXPECT_TRUE(is(v, parse_errc::unknown_constructor, 0, 0x1db5c415, 0));
  EXPECT_EQ(v.message(), "unknown constructor id 0x1db5c415 for Vector at byte 0");
}

TEST(UnknownConstructor, MessageNamesTheExpectedMethodOrConstructor) {
  // A method read at top level expects its own id, so the message must name
  // the method, not the type of its result ("photos.Photo") ...
  const auto m = failure_of<Seed>(seed_with(0, "0dbfd71c"));
  EXPECT_TRUE(is(m, parse_errc::unknown_constructor, 0, 0x1cd7bf0d, 0));
  EXPECT_EQ(m.message(), "unknown constructor id 0x1cd7bf0d for photos.updateProfilePhoto at byte 0");

  // ... nor the literal type variable of a generic method ("X").
  const auto g = failure_of<api::invokeWithLayer<api::help::getConfig>>(unhex("0d0d9bdb df000000 6b18f9c4"));
  EXPECT_TRUE(is(g, parse_errc::unknown_constructor, 0, 0xdb9b0d0d, 0));
  EXPECT_EQ(g.message(), "unknown constructor id 0xdb9b0d0d for invokeWithLayer at byte 0");

  // A bare constructor (inputPhoto) given inputPhotoEmpty's id: that id *is* an
  // InputPhoto constructor, so "for InputPhoto" would contradict itself.
  const auto c = failure_of<api::inputPhoto>(unhex("0dbfd71c"));
  EXPECT_TRUE(is(c, parse_errc::unknown_constructor, 0, 0x1cd7bf0d, 0));
  EXPECT_EQ(c.message(), "unknown constructor id 0x1cd7bf0d for inputPhoto at byte 0");
}

// ---------------------------------------------------------------------------
// vector_too_long

TEST(VectorTooLong, HugeCountFailsFastWithoutAllocating) {
  const std::vector<std::byte> in = unhex("15c4b51c ffffff7f 00000000");
  tlcpp::parse_failure f;
  {
    const tlcpp::test::alloc_meter probe;
    auto r = tlcpp::try_parse<std::vector<std::int32_t>>(in);
    ASSERT_FALSE(r.has_value());
    f = r.error();
    EXPECT_LT(probe.largest(), 1024u);
  }
  EXPECT_TRUE(is(f, parse_errc::vector_too_long, 4, 0x7fffffff, 4));
  EXPECT_EQ(f.message(), "vector count 2147483647 at byte 4 is more than the 4 bytes left can hold");
  EXPECT_TRUE(is(failure_of<std::vector<std::int32_t>>(in), parse_errc::vector_too_long, 4, 0x7fffffff, 4));
}

TEST(VectorTooLong, ControlTheProbeSeesTheAllocationOfAValidVector) {
  // 1000 ints: the parser allocates 4000 bytes for them, and the probe sees it.
  std::vector<std::byte> in = cat(unhex("15c4b51c e8030000"), zeros(4000));
  in[8] = std::byte{0x2a};
  const tlcpp::test::alloc_meter probe;
  auto r = tlcpp::try_parse<std::vector<std::int32_t>>(in);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 1000u);
  EXPECT_EQ(r->front(), 42);
  EXPECT_GE(probe.largest(), 4000u);
}

TEST(VectorTooLong, ElementSizesAndNesting) {
  // Vector<long>: 2 elements need 16 bytes, 12 are left.
  EXPECT_TRUE(is(failure_of<std::vector<std::int64_t>>(unhex("15c4b51c 02000000 0000000000000000 00000000")),
                 parse_errc::vector_too_long, 4, 2, 12));
  // Vector<string> and Vector<Bool>: each element takes at least 4 bytes.
  {
    const tlcpp::test::alloc_meter probe;
    EXPECT_TRUE(is(failure_of<std::vector<std::string>>(unhex("15c4b51c ffffffff 00000000 00000000")),
                   parse_errc::vector_too_long, 4, 0xffffffff, 8));
    EXPECT_TRUE(is(failure_of<std::vector<bool>>(unhex("15c4b51c 03000000 b5757299 b5757299")),
                   parse_errc::vector_too_long, 4, 3, 8));
    EXPECT_LT(probe.largest(), 1024u);
  }
  // Bare vector<long>: the count is at byte 0.
  EXPECT_TRUE(is(failure_of<std::vector<std::int64_t>, wire::vector<wire::long_>>(unhex("02000000 0000000000000000")),
                 parse_errc::vector_too_long, 0, 2, 8));
  // textConcat#7e6260d7 texts:Vector<RichText>: the count is at byte 8.
  EXPECT_TRUE(is(failure_of<api::RichText>(unhex("d760627e 15c4b51c ffffffff 4f823ddc")), parse_errc::vector_too_long,
                 8, 0xffffffff, 4));
  // Exactly enough bytes is fine.
  EXPECT_TRUE(tlcpp::try_parse<std::vector<std::int64_t>>(unhex("15c4b51c 01000000 0000000000000000")).has_value());
}

// ---------------------------------------------------------------------------
// trailing_bytes

TEST(TrailingBytes, AfterAWholeObject) {
  const auto f = failure_of<Seed>(cat(unhex(tlcpp::test::seed_request_hex), unhex("00000000")));
  EXPECT_TRUE(is(f, parse_errc::trailing_bytes, 48, 4, 0));
  EXPECT_EQ(f.message(), "4 trailing bytes after the object at byte 48");
  EXPECT_TRUE(is(failure_of<std::int32_t>(unhex("01000000 02")), parse_errc::trailing_bytes, 4, 1, 0));
  EXPECT_TRUE(is(failure_of<api::InputPhoto>(unhex("0dbfd71c 0dbfd71c")), parse_errc::trailing_bytes, 4, 4, 0));
}

// ---------------------------------------------------------------------------
// too_deep

// textBold#6724abc4 nested n times around textEmpty#dc3d824f: n + 1 objects.
std::vector<std::byte> bold_chain(std::size_t n) {
  std::vector<std::byte> out;
  out.reserve(4 * n + 4);
  const std::vector<std::byte> bold = unhex("c4ab2467");
  for (std::size_t i = 0; i < n; ++i) out.insert(out.end(), bold.begin(), bold.end());
  const std::vector<std::byte> empty = unhex("4f823ddc");
  out.insert(out.end(), empty.begin(), empty.end());
  return out;
}

TEST(TooDeep, DefaultLimitStopsAHundredThousandLevelChainEarly) {
  ASSERT_EQ(tlcpp::parse_options{}.max_depth, 64u);
  // The 65th object (its id is at byte 256) is refused once its id is read.
  const auto f = failure_of<api::RichText>(bold_chain(100000));
  EXPECT_TRUE(is(f, parse_errc::too_deep, 260, 65, 64));
  EXPECT_EQ(f.message(), "objects nested deeper than the limit of 64 at byte 260");
  // 64 objects are fine; 65 are not.
  const std::vector<std::byte> ok = bold_chain(63);
  auto r = tlcpp::try_parse<api::RichText>(ok);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(tlcpp::serialize(r.value()) == ok);
  EXPECT_TRUE(is(failure_of<api::RichText>(bold_chain(64)), parse_errc::too_deep, 260, 65, 64));
}

TEST(TooDeep, CustomLimit) {
  const tlcpp::parse_options eight{.max_depth = 8};
  EXPECT_TRUE(is(failure_of<api::RichText>(bold_chain(100000), eight), parse_errc::too_deep, 36, 9, 8));
  EXPECT_TRUE(is(failure_of<api::RichText>(bold_chain(8), eight), parse_errc::too_deep, 36, 9, 8));
  EXPECT_TRUE(tlcpp::try_parse<api::RichText>(bold_chain(7), eight).has_value());
  // Through a vector: textConcat(textBold(textEmpty)) is three objects.
  const std::vector<std::byte> concat = unhex("d760627e 15c4b51c 01000000 c4ab2467 4f823ddc");
  EXPECT_TRUE(tlcpp::try_parse<api::RichText>(concat, tlcpp::parse_options{.max_depth = 3}).has_value());
  EXPECT_TRUE(
      is(failure_of<api::RichText>(concat, tlcpp::parse_options{.max_depth = 2}), parse_errc::too_deep, 20, 3, 2));
}

// ---------------------------------------------------------------------------
// bad_bool

TEST(BadBool, InAnOptionalBoolField) {
  // requestPeerTypeUser#5f3b8a00 flags:# bot:flags.0?Bool premium:flags.1?Bool
  const auto f = failure_of<api::RequestPeerType>(unhex("008a3b5f 03000000 379779bc 00000000"));
  EXPECT_TRUE(is(f, parse_errc::bad_bool, 12, 0, 0));
  EXPECT_EQ(f.message(), "non-canonical Bool id 0x00000000 at byte 12");
  // The ids written big-endian by mistake.
  EXPECT_TRUE(is(failure_of<bool>(unhex("997275b5")), parse_errc::bad_bool, 0, 0xb5757299, 0));
  EXPECT_TRUE(is(failure_of<std::vector<bool>>(unhex("15c4b51c 02000000 b5757299 bc799737")), parse_errc::bad_bool, 12,
                 0x379779bc, 0));
}

// ---------------------------------------------------------------------------
// unknown_flags

TEST(UnknownFlags, BitsNoFieldUses) {
  // updateProfilePhoto uses bits 0 and 1 only.
  const auto f = failure_of<Seed>(seed_with(4, "00000080"));
  EXPECT_TRUE(is(f, parse_errc::unknown_flags, 4, 0x80000000, 0));
  EXPECT_EQ(f.what, "photos.updateProfilePhoto");
  EXPECT_EQ(f.message(), "flags of photos.updateProfilePhoto at byte 4 set bits 0x80000000 that no field uses");
  // Bit 0 (fallback) is known; only the unknown bits are reported.
  EXPECT_TRUE(is(failure_of<Seed>(seed_with(4, "05000000")), parse_errc::unknown_flags, 4, 4, 0));
  // user: flags bits 7-9 and flags2 bit 6 are not used by any field.
  EXPECT_TRUE(is(failure_of<api::User>(unhex("88437731 80030000 00000000 0100000000000000")), parse_errc::unknown_flags,
                 4, 0x380, 0));
  EXPECT_TRUE(is(failure_of<api::User>(unhex("88437731 00000000 40000000 0100000000000000")), parse_errc::unknown_flags,
                 8, 0x40, 0));
}

// ---------------------------------------------------------------------------
// bad_length

TEST(BadLength, PrefixFormsTlDoesNotAllow) {
  // 0xff is not a length prefix.
  const auto f = failure_of<std::string>(unhex("ff000000"));
  EXPECT_TRUE(is(f, parse_errc::bad_length, 0, 255, 255));
  EXPECT_EQ(f.message(), "invalid string length 255 (prefix form 255) at byte 0");
  // The long form for a length that fits the short one.
  const auto g = failure_of<std::string>(cat(unhex("fefd0000"), zeros(256)));
  EXPECT_TRUE(is(g, parse_errc::bad_length, 0, 253, 254));
  EXPECT_EQ(g.message(), "invalid string length 253 (prefix form 254) at byte 0");
  EXPECT_TRUE(is(failure_of<tlcpp::bytes>(unhex("fe000000")), parse_errc::bad_length, 0, 0, 254));
  // In the seed's file_reference (byte 28).
  EXPECT_TRUE(is(failure_of<Seed>(seed_with(28, "ff")), parse_errc::bad_length, 28, 255, 255));
  // 254 in the long form is the shortest valid one.
  EXPECT_EQ(tlcpp::parse<std::string>(cat(unhex("fefe0000"), zeros(256))), std::string(254, '\0'));
}

// ---------------------------------------------------------------------------
// bad_padding

TEST(BadPadding, NonZeroPaddingAfterAString) {
  const auto f = failure_of<std::string>(unhex("01610001"));
  EXPECT_TRUE(is(f, parse_errc::bad_padding, 3, 0, 0));
  EXPECT_EQ(f.message(), "non-zero padding after a string at byte 3");
  // The first non-zero padding byte is reported.
  EXPECT_TRUE(is(failure_of<std::string>(unhex("01617f7f")), parse_errc::bad_padding, 2, 0, 0));
  // Short form of 253: padding at bytes 254 and 255.
  EXPECT_TRUE(is(failure_of<std::string>(cat(cat(unhex("fd"), zeros(253)), unhex("0001"))), parse_errc::bad_padding,
                 255, 0, 0));
  // Long form of 255: one padding byte at 259.
  EXPECT_TRUE(is(failure_of<tlcpp::bytes>(cat(cat(unhex("feff0000"), zeros(255)), unhex("01"))),
                 parse_errc::bad_padding, 259, 0, 0));
  // Inside an object: textPlain#744694e0 "a".
  EXPECT_TRUE(is(failure_of<api::RichText>(unhex("e0944674 01610100")), parse_errc::bad_padding, 6, 0, 0));
}

// ---------------------------------------------------------------------------
// too_large

TEST(TooLarge, InputOverMaxSize) {
  const std::vector<std::byte> seed = unhex(tlcpp::test::seed_request_hex);
  const auto f = failure_of<Seed>(seed, tlcpp::parse_options{.max_size = 47});
  EXPECT_TRUE(is(f, parse_errc::too_large, 0, 48, 47));
  EXPECT_EQ(f.message(), "input of 48 bytes at byte 0 exceeds the limit of 47");
  EXPECT_TRUE(tlcpp::try_parse<Seed>(seed, tlcpp::parse_options{.max_size = 48}).has_value());
}

TEST(TooLarge, TheLongestStringFitsTheDefaultLimit) {
  // A 0xffffff-byte string is 16777220 bytes on the wire; the default limit
  // (32 MiB) takes it, and a limit just below its size refuses it at byte 0.
  std::vector<std::byte> in = cat(unhex("feffffff"), zeros(16777216));
  EXPECT_EQ(tlcpp::parse_options{}.max_size, std::size_t{32} << 20);
  EXPECT_TRUE(tlcpp::try_parse<std::string>(in).has_value());
  EXPECT_TRUE(is(failure_of<std::string>(in, tlcpp::parse_options{.max_size = 16777219}), parse_errc::too_large, 0,
                 16777220, 16777219));
}

// ---------------------------------------------------------------------------
// try_parse: the same failure, no exception

TEST(TryParse, ReturnsTheFailureWithoutThrowing) {
  const std::vector<std::byte> in = seed_with(8, "deadbeef");
  tlcpp::parse_failure f;
  EXPECT_NO_THROW({
    auto r = tlcpp::try_parse<Seed>(in);
    ASSERT_FALSE(r.has_value());
    f = r.error();
  });
  EXPECT_TRUE(is(f, parse_errc::unknown_constructor, 8, 0xefbeadde, 0));
  try {
    (void)tlcpp::parse<Seed>(in);
    ADD_FAILURE() << "no parse_error";
  } catch (const tlcpp::parse_error& e) {
    EXPECT_TRUE(is(e.failure(), f.code, f.offset, f.value, f.limit));
    EXPECT_EQ(e.failure().what, f.what);
    EXPECT_EQ(std::string(e.what()), "tlcpp: " + f.message());
  }
  // And on success the value.
  auto ok = tlcpp::try_parse<Seed>(unhex(tlcpp::test::seed_request_hex));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->id.get<api::inputPhoto>().file_reference.view(), "arbitrary data here");
}

}  // namespace
