// The limits that protect a client from hostile input (issue 6), each with the
// parse_error kind and byte offset it must report: truncation at every offset
// of real objects, huge counts and lengths, unknown ids at every position,
// nesting far past the depth limit, a gzip bomb, trailing bytes, a
// non-canonical Bool; the limits at non-default values. Truncation of every
// conformance vector is in conformance_test.cpp (it needs the registry); the
// heap in proportion to input in limits_heap_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "support/hex.hpp"
#include "support/truncation.hpp"
#include "support/workloads.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/Updates.hpp"
#include "tlcpp/api/help/RecentMeUrls.hpp"
#include "tlcpp/api/messages/Messages.hpp"
#include "tlcpp/api/messages/getHistory.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/protocol/gzip.hpp"
#include "tlcpp/protocol/response.hpp"

#include "support/alloc_meter.hpp"

namespace {

namespace api = tlcpp::api;
using bytes_t = std::vector<std::byte>;
using tlcpp::parse_errc;
using tlcpp::parse_failure;

using tlcpp::test::unhex;
bytes_t cat(bytes_t a, const bytes_t& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
bytes_t u32(std::uint32_t v) {
  bytes_t b(4);
  std::memcpy(b.data(), &v, 4);
  return b;
}
bytes_t prefix(const bytes_t& b, std::size_t n) { return {b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)}; }

template <class T>
parse_failure failure_of(const bytes_t& in, const tlcpp::parse_options& o = {}) {
  auto r = tlcpp::try_parse<T>(in, o);
  EXPECT_FALSE(r.has_value());
  return r ? parse_failure{} : r.error();
}

::testing::AssertionResult is(const parse_failure& f, parse_errc code, std::size_t offset) {
  if (f.code == code && f.offset == offset) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got code " << int(f.code) << " at " << f.offset << " (" << f.message()
                                       << "), expected code " << int(code) << " at " << offset;
}

using tlcpp::test::fails_at_the_end;

template <class T>
void every_prefix_fails(const bytes_t& whole) {
  ASSERT_TRUE(tlcpp::try_parse<T>(whole).has_value());
  for (std::size_t n = 0; n < whole.size(); ++n) {
    auto r = tlcpp::try_parse<T>(std::span(whole.data(), n));
    ASSERT_FALSE(r.has_value()) << "a prefix of " << n << " bytes parsed";
    ASSERT_TRUE(fails_at_the_end(r.error(), n));
  }
}

// ---------------------------------------------------------------------------
// Truncation at every offset

TEST(Truncation, EveryPrefixOfTheSeed) {
  every_prefix_fails<api::photos::updateProfilePhoto>(tlcpp::serialize(tlcpp::test::w1()));
}

TEST(Truncation, EveryPrefixOfPhotosPhoto) {
  every_prefix_fails<api::photos::Photo>(tlcpp::serialize(tlcpp::test::w2(1)));
  every_prefix_fails<api::photos::Photo>(tlcpp::serialize(tlcpp::test::w2(3)));
}

// Answers as mtcute and node's zlib wrote them (tests/response_test.cpp).
constexpr std::string_view k_result_photo_id_invalid =
    "016d5cf30440f9d090f9b36519ca4421900100001050484f544f5f49445f494e56414c4944000000";
constexpr std::string_view k_result_packed_migrate =
    "016d5cf30440f9d090f9b365a1cf72302c1f8b0800000000000003933ce5a2a8cfc8c0c0e7e6e9e31aefebe91ee418e21a6f"
    "c20000bef9a2f718000000000000";

TEST(Truncation, EveryPrefixOfAnAnswer) {
  // The seed's answer as the bare result, inside rpc_result, as rpc_error and gzip-packed.
  const bytes_t answer = tlcpp::serialize(tlcpp::test::w2(1));
  const bytes_t in_result = cat(cat(u32(0xf35c6d01), bytes_t(8, std::byte{7})), answer);
  for (const bytes_t& whole : {answer, in_result, unhex(k_result_photo_id_invalid), unhex(k_result_packed_migrate)}) {
    auto w = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(whole);
    ASSERT_TRUE(w || !w.error().parse());  // a value, or the server's rpc_error
    for (std::size_t n = 0; n < whole.size(); ++n) {
      auto r = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(std::span(whole.data(), n));
      ASSERT_FALSE(r.has_value()) << n;
      const parse_failure* f = r.error().parse();
      ASSERT_TRUE(f) << n;
      if (f->code == parse_errc::bad_gzip) {
        // Inside gzip_packed: the data ends early (offset: the byte zlib reached).
        EXPECT_LE(f->offset, n);
      } else {
        ASSERT_TRUE(fails_at_the_end(*f, n));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Huge counts and lengths: refused before anything is reserved

TEST(HugeCount, VectorOf0x7fffffffWithFourBytesAfter) {
  const bytes_t in = unhex("15c4b51c ffffff7f 01000000");
  tlcpp::test::alloc_meter meter;
  const parse_failure f = failure_of<std::vector<std::int32_t>>(in);
  EXPECT_TRUE(is(f, parse_errc::vector_too_long, 4));
  EXPECT_EQ(f.value, 0x7fffffffu);
  EXPECT_EQ(f.limit, 4u);
  // Of boxed objects, inside an object: messages.messages's first vector.
  const bytes_t messages = cat(u32(tlcpp::meta<api::messages::messages>::id), unhex("15c4b51c ffffff7f 01000000"));
  const parse_failure g = failure_of<api::messages::Messages>(messages);
  EXPECT_TRUE(is(g, parse_errc::vector_too_long, 8));
  EXPECT_EQ(g.value, 0x7fffffffu);
  EXPECT_EQ(g.limit, 4u);
  EXPECT_LT(meter.peak(), 1024u);
}

TEST(HugeLength, String0xffffffWithTenBytesAfter) {
  // The seed, its file_reference (at byte 28) replaced by a 16,777,215-byte
  // length and 10 bytes.
  const bytes_t seed = tlcpp::serialize(tlcpp::test::w1());
  ASSERT_EQ(seed[28], std::byte{19});
  const bytes_t in = cat(cat(prefix(seed, 28), unhex("feffffff")), bytes_t(10, std::byte{0x61}));
  tlcpp::test::alloc_meter meter;
  const parse_failure f = failure_of<api::photos::updateProfilePhoto>(in);
  // The data (16,777,215 bytes and one of padding) is wanted after the 4-byte header.
  EXPECT_TRUE(is(f, parse_errc::truncated, 32));
  EXPECT_EQ(f.value, 16777216u);
  EXPECT_EQ(f.limit, 10u);
  EXPECT_LT(meter.peak(), 1024u);
}

// ---------------------------------------------------------------------------
// An unknown constructor id at every position of a nested object

TEST(UnknownConstructor, AtEveryIdOfPhotosPhoto) {
  const bytes_t whole = tlcpp::serialize(tlcpp::test::w2(1));
  // The ids: photos.photo, photo, the sizes vector, 4 sizes, the users
  // vector, user, userProfilePhoto, userStatusOffline.
  const std::uint32_t ids[] = {
      tlcpp::meta<api::photos::photo>::id,
      tlcpp::meta<api::photo>::id,
      tlcpp::wire::vector_id,
      tlcpp::meta<api::photoStrippedSize>::id,
      tlcpp::meta<api::photoSize>::id,
      tlcpp::meta<api::user>::id,
      tlcpp::meta<api::userProfilePhoto>::id,
      tlcpp::meta<api::userStatusOffline>::id,
  };
  std::size_t positions = 0;
  for (std::size_t at = 0; at + 4 <= whole.size(); at += 4) {
    std::uint32_t v = 0;
    std::memcpy(&v, whole.data() + at, 4);
    if (std::find(std::begin(ids), std::end(ids), v) == std::end(ids)) continue;
    ++positions;
    bytes_t bad = whole;
    const std::uint32_t unknown = 0x0badf00d;
    std::memcpy(bad.data() + at, &unknown, 4);
    const parse_failure f = failure_of<api::photos::Photo>(bad);
    EXPECT_TRUE(is(f, parse_errc::unknown_constructor, at));
    EXPECT_EQ(f.value, unknown);
  }
  EXPECT_EQ(positions, 11u);  // the three photoSizes and two vectors share ids
}

// ---------------------------------------------------------------------------
// Nesting 100,000 deep fails at the depth limit, after reading a few hundred bytes

bytes_t concat_chain(std::size_t n) {
  // textConcat{texts: [textConcat{texts: [... textEmpty]}]}: 12 bytes a level.
  bytes_t out;
  const bytes_t level = unhex("d760627e 15c4b51c 01000000");
  for (std::size_t i = 0; i < n; ++i) out.insert(out.end(), level.begin(), level.end());
  return cat(out, unhex("4f823ddc"));
}

TEST(Depth, HundredThousandNestedVectorsOfRichText) {
  // The 65th textConcat (its id at 64 * 12) is refused once its id is read.
  const parse_failure f = failure_of<api::RichText>(concat_chain(100000));
  EXPECT_TRUE(is(f, parse_errc::too_deep, 64 * 12 + 4));
  EXPECT_EQ(f.value, 65u);
  EXPECT_EQ(f.limit, 64u);
  // 63 textConcat and the textEmpty are 64 objects: fine.
  EXPECT_TRUE(tlcpp::try_parse<api::RichText>(concat_chain(63)).has_value());
}

TEST(Depth, ConfigurableBothWays) {
  const tlcpp::parse_options deep{.max_depth = 2001};
  const bytes_t chain = concat_chain(2000);
  EXPECT_TRUE(is(failure_of<api::RichText>(chain), parse_errc::too_deep, 64 * 12 + 4));
  auto r = tlcpp::try_parse<api::RichText>(chain, deep);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(tlcpp::serialize(*r) == chain);
  const parse_failure f = failure_of<api::RichText>(concat_chain(2001), deep);
  EXPECT_TRUE(is(f, parse_errc::too_deep, 2001 * 12 + 4));
  const parse_failure g = failure_of<api::RichText>(chain, tlcpp::parse_options{.max_depth = 5});
  EXPECT_TRUE(is(g, parse_errc::too_deep, 5 * 12 + 4));
}

// ---------------------------------------------------------------------------
// gzip bomb, and the inflate cap

// rpc_result{req_msg_id: 0, result: gzip_packed{gzip(data)}}; the packed data
// starts at 12 + 4 + the string header.
bytes_t packed_answer(const bytes_t& data) {
  bytes_t out = cat(u32(0xf35c6d01), bytes_t(8, std::byte{0}));
  tlcpp::serialize(tlcpp::mtproto::gzip_packed{.packed_data = tlcpp::bytes(tlcpp::gzip(data))}, out);
  return out;
}

TEST(GzipBomb, StopsAtTheCap) {
  // 64 MiB of zeros pack into about 64 KiB.
  const bytes_t bomb = packed_answer(bytes_t(std::size_t{64} << 20, std::byte{0}));
  ASSERT_LT(bomb.size(), std::size_t{128} << 10);
  const std::size_t data_at = 12 + 4 + 4;  // a long string's header is 4 bytes
  tlcpp::test::alloc_meter meter;
  auto r = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(bomb);
  ASSERT_FALSE(r.has_value());
  const parse_failure* f = r.error().parse();
  ASSERT_TRUE(f);
  EXPECT_TRUE(is(*f, parse_errc::too_large, data_at));
  EXPECT_EQ(f->limit, tlcpp::parse_options{}.max_size);
  EXPECT_GT(f->value, f->limit);
  // Output grows by doubling up to the cap (and one byte): at most twice it live.
  EXPECT_LE(meter.peak(), 2 * (tlcpp::parse_options{}.max_size + 1) + 2 * bomb.size());
}

TEST(GzipBomb, CapFollowsMaxSize) {
  const bytes_t two_mib = packed_answer(bytes_t(std::size_t{2} << 20, std::byte{0}));
  const std::size_t data_at = 12 + 4 + 4;
  const tlcpp::parse_options one_mib{.max_size = std::size_t{1} << 20};
  auto r = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(two_mib, one_mib);
  ASSERT_FALSE(r.has_value());
  ASSERT_TRUE(r.error().parse());
  EXPECT_TRUE(is(*r.error().parse(), parse_errc::too_large, data_at));
  EXPECT_EQ(r.error().parse()->limit, std::size_t{1} << 20);
  // With room for it, the data inflates; zeros are no photos.Photo (an
  // unknown id at byte 0 of the inflated data, which starts at byte 12).
  auto s = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(
      two_mib, tlcpp::parse_options{.max_size = std::size_t{4} << 20});
  ASSERT_FALSE(s.has_value());
  ASSERT_TRUE(s.error().parse());
  EXPECT_TRUE(is(*s.error().parse(), parse_errc::unknown_constructor, 0));
  EXPECT_EQ(s.error().packed_at(), std::optional<std::size_t>(12));
}

// ---------------------------------------------------------------------------
// Trailing bytes, a non-canonical Bool, the input size limit

TEST(TrailingBytes, AfterTheSeed) {
  const bytes_t seed = tlcpp::serialize(tlcpp::test::w1());
  for (const bytes_t& tail : {unhex("00"), unhex("00000000"), seed}) {
    const parse_failure f = failure_of<api::photos::updateProfilePhoto>(cat(seed, tail));
    EXPECT_TRUE(is(f, parse_errc::trailing_bytes, 48));
    EXPECT_EQ(f.value, tail.size());
  }
}

TEST(BadBool, NonCanonicalIds) {
  // boolTrue is 997275b5, boolFalse bc799737: one bit off either is refused.
  for (const std::uint32_t id : {0x997275b4u, 0x997275b7u, 0xbc799736u, 0x00000001u, 0x00000000u}) {
    const parse_failure f = failure_of<bool>(u32(id));
    EXPECT_TRUE(is(f, parse_errc::bad_bool, 0));
    EXPECT_EQ(f.value, id);
    // The third element of a Vector<Bool>.
    const bytes_t v = cat(unhex("15c4b51c 03000000 b5757299 379779bc"), u32(id));
    EXPECT_TRUE(is(failure_of<std::vector<bool>>(v), parse_errc::bad_bool, 16));
  }
}

TEST(MaxSize, ConfigurableBothWays) {
  const bytes_t answer = tlcpp::serialize(tlcpp::test::w2(1));
  const parse_failure f = failure_of<api::photos::Photo>(answer, {.max_size = answer.size() - 1});
  EXPECT_TRUE(is(f, parse_errc::too_large, 0));
  EXPECT_EQ(f.value, answer.size());
  EXPECT_EQ(f.limit, answer.size() - 1);
  EXPECT_TRUE(tlcpp::try_parse<api::photos::Photo>(answer, {.max_size = answer.size()}).has_value());
  // The same limit holds for answers (before anything is read).
  auto r = tlcpp::try_parse_response<api::photos::updateProfilePhoto>(answer, {.max_size = 100});
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(is(*r.error().parse(), parse_errc::too_large, 0));
}

// ---------------------------------------------------------------------------
// one_of holds large constructors on the heap; access is the same

TEST(OneOf, LargeConstructorsOnTheHeapSmallOnesInPlace) {
  // Every boxed type is at most the ceiling and a tag; user stays in place.
  EXPECT_LE(sizeof(api::Update), 128u + 8u);
  EXPECT_LE(sizeof(api::Message), tlcpp::one_of_inline_ceiling + 8u);
  EXPECT_GE(sizeof(api::User), sizeof(api::user));
  EXPECT_LT(sizeof(api::Message), sizeof(api::message));  // message is on the heap

  api::Message m = api::message{.id = 7, .message = "hi"};
  EXPECT_TRUE(m.is<api::message>());
  EXPECT_EQ(m.index(), 1u);
  EXPECT_EQ(m.id(), tlcpp::meta<api::message>::id);
  ASSERT_NE(m.get_if<api::message>(), nullptr);
  EXPECT_EQ(m.get_if<api::messageEmpty>(), nullptr);
  EXPECT_EQ(m.get<api::message>().message, "hi");
  EXPECT_THROW((void)m.get<api::messageService>(), std::bad_variant_access);
  m.get<api::message>().id = 8;
  EXPECT_EQ(m.visit([](const auto& c) -> std::int64_t { return c.id; }), 8);

  api::Message copy = m;  // deep
  copy.get<api::message>().message = "changed";
  EXPECT_EQ(m.get<api::message>().message, "hi");
  EXPECT_FALSE(copy == m);
  copy.get<api::message>().message = "hi";
  EXPECT_TRUE(copy == m);

  api::Message moved = std::move(copy);
  EXPECT_TRUE(moved == m);
  api::messageService& s = moved.emplace<api::messageService>();
  s.id = 9;
  EXPECT_EQ(moved.id(), tlcpp::meta<api::messageService>::id);
  int calls = 0;
  moved.visit([&](auto& c) {
    ++calls;
    c.id = 10;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(moved.get<api::messageService>().id, 10);
  // Round trip of both kinds.
  for (const api::Message& v : {m, moved, api::Message{}}) {
    EXPECT_TRUE(tlcpp::parse<api::Message>(tlcpp::serialize(v)) == v);
  }
}

}  // namespace
