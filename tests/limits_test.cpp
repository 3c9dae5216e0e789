// The limits that protect a client from hostile input (issue 6), each with the
// parse_error kind and byte offset it must report: truncation at every offset
// of real objects, huge counts and lengths, unknown ids at every position,
// nesting far past the depth limit, a gzip bomb, trailing bytes, a
// non-canonical Bool; the limits at non-default values; and the heap a parse
// uses, which must stay within a fixed multiple of the input's size.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "../bench/workloads.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/Updates.hpp"
#include "tlcpp/api/help/RecentMeUrls.hpp"
#include "tlcpp/api/messages/Messages.hpp"
#include "tlcpp/api/messages/getHistory.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/gzip.hpp"
#include "tlcpp/hex.hpp"
#include "tlcpp/response.hpp"
#include "tlcpp/serialize.hpp"

// ---------------------------------------------------------------------------
// Heap meter: bytes live on the heap, and the most live at once while a
// meter is active. Replacing the global operator new is allowed in one
// translation unit of a program; each block carries its size in a header.

namespace {
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};
constexpr std::size_t k_header = alignof(std::max_align_t);

void* allocate(std::size_t n) {
  auto* base = static_cast<unsigned char*>(std::malloc(n + k_header));
  if (!base) throw std::bad_alloc();
  std::memcpy(base, &n, sizeof n);
  const std::size_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return base + k_header;
}
void release(void* p) noexcept {
  if (!p) return;
  auto* base = static_cast<unsigned char*>(p) - k_header;
  std::size_t n = 0;
  std::memcpy(&n, base, sizeof n);
  g_live.fetch_sub(n, std::memory_order_relaxed);
  std::free(base);
}

// The most bytes live at once during its lifetime, above those live before.
class heap_meter {
 public:
  heap_meter() : base_(g_live.load()) { g_peak.store(base_); }
  [[nodiscard]] std::size_t peak() const { return g_peak.load() - base_; }

 private:
  std::size_t base_;
};
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }

namespace {

namespace api = tlcpp::api;
using bytes_t = std::vector<std::byte>;
using tlcpp::parse_errc;
using tlcpp::parse_failure;

bytes_t unhex(std::string_view text) {
  auto b = tlcpp::from_hex(text);
  EXPECT_TRUE(b.has_value()) << text;
  return b.value_or(bytes_t{});
}
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

// A proper prefix of n bytes must fail where the input ends: `truncated` for
// a value that starts at the failure offset and needs more bytes than the n -
// offset left, or `vector_too_long` for a count the bytes left cannot hold.
::testing::AssertionResult fails_at_the_end(const parse_failure& f, std::size_t n) {
  if (f.code == parse_errc::truncated && f.offset <= n && f.limit == n - f.offset && f.value > f.limit) {
    return ::testing::AssertionSuccess();
  }
  if (f.code == parse_errc::vector_too_long && f.offset + 4 <= n && f.limit == n - f.offset - 4 && f.value > 0) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "prefix of " << n << " bytes: " << f.message();
}

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
  every_prefix_fails<api::photos::updateProfilePhoto>(tlcpp::serialize(tlcpp_bench::w1()));
}

TEST(Truncation, EveryPrefixOfPhotosPhoto) {
  every_prefix_fails<api::photos::Photo>(tlcpp::serialize(tlcpp_bench::w2(1)));
  every_prefix_fails<api::photos::Photo>(tlcpp::serialize(tlcpp_bench::w2(3)));
}

// Answers as mtcute and node's zlib wrote them (tests/response_test.cpp).
constexpr std::string_view k_result_photo_id_invalid =
    "016d5cf30440f9d090f9b36519ca4421900100001050484f544f5f49445f494e56414c4944000000";
constexpr std::string_view k_result_packed_migrate =
    "016d5cf30440f9d090f9b365a1cf72302c1f8b0800000000000003933ce5a2a8cfc8c0c0e7e6e9e31aefebe91ee418e21a6f"
    "c20000bef9a2f718000000000000";

TEST(Truncation, EveryPrefixOfAnAnswer) {
  // The seed's answer as the bare result, inside rpc_result, as rpc_error and gzip-packed.
  const bytes_t answer = tlcpp::serialize(tlcpp_bench::w2(1));
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

// The conformance vectors (bytes written by mtcute, tests/vectors) of the
// constructors named here: every prefix of each fails cleanly.
#ifdef TLCPP_VECTORS
template <class C>
void prefixes_of_vectors(std::string_view file, std::size_t& checked) {
  std::ifstream in(std::string(TLCPP_VECTORS) + "/" + std::string(file));
  ASSERT_TRUE(in) << file;
  const std::string name = "{\"name\":\"" + std::string(tlcpp::meta<C>::name) + "\",";
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name, 0) != 0) continue;
    const std::size_t h = line.rfind("\"hex\":\"");
    ASSERT_NE(h, std::string::npos);
    const std::size_t start = h + 7;
    const bytes_t whole = unhex(std::string_view(line).substr(start, line.find('"', start) - start));
    every_prefix_fails<C>(whole);
    ++checked;
  }
}
#endif

TEST(Truncation, EveryPrefixOfConformanceVectors) {
#ifndef TLCPP_VECTORS
  GTEST_SKIP() << "built without TLCPP_VECTORS (tests/vectors)";
#else
  std::size_t checked = 0;
  prefixes_of_vectors<api::user>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::message>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::messageService>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::updateShortMessage>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::textConcat>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::photos::photo>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::messages::messages>("api-constructors.jsonl", checked);
  prefixes_of_vectors<api::photos::updateProfilePhoto>("api-methods.jsonl", checked);
  prefixes_of_vectors<api::messages::getHistory>("api-methods.jsonl", checked);
  prefixes_of_vectors<tlcpp::mtproto::rpc_error>("mtproto.jsonl", checked);
  EXPECT_GE(checked, 10u);
#endif
}

// ---------------------------------------------------------------------------
// Huge counts and lengths: refused before anything is reserved

TEST(HugeCount, VectorOf0x7fffffffWithFourBytesAfter) {
  const bytes_t in = unhex("15c4b51c ffffff7f 01000000");
  heap_meter meter;
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
  const bytes_t seed = tlcpp::serialize(tlcpp_bench::w1());
  ASSERT_EQ(seed[28], std::byte{19});
  const bytes_t in = cat(cat(prefix(seed, 28), unhex("feffffff")), bytes_t(10, std::byte{0x61}));
  heap_meter meter;
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
  const bytes_t whole = tlcpp::serialize(tlcpp_bench::w2(1));
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
  heap_meter meter;
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
  const bytes_t seed = tlcpp::serialize(tlcpp_bench::w1());
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
  const bytes_t answer = tlcpp::serialize(tlcpp_bench::w2(1));
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

// ---------------------------------------------------------------------------
// Heap in proportion to input

// The documented bound (README, "Limits"): a parse's peak heap is at most
// this many times the input's size, plus a constant.
constexpr std::size_t k_heap_factor = 128;
constexpr std::size_t k_heap_constant = 64 << 10;

// The constructor of boxed type T that takes the fewest bytes on the wire.
template <class T>
struct smallest_of;
template <class... Cs>
struct smallest_of<tlcpp::type_list<Cs...>> {
  static constexpr std::size_t index = [] {
    const std::size_t sizes[] = {tlcpp::detail::min_fields_size<Cs>()...};
    return static_cast<std::size_t>(std::min_element(std::begin(sizes), std::end(sizes)) - std::begin(sizes));
  }();
};

// `outer`, its vector `field` holding n of element constructor C (by
// default the smallest of the element type): parses back to the same value
// within the bound. Returns the peak multiple, for the record.
template <class Outer, class C, class V>
double check_heap(V Outer::*field, std::size_t n, const C& element) {
  Outer outer{};
  (outer.*field).assign(n, element);
  const bytes_t in = tlcpp::serialize(outer);
  std::size_t peak = 0;
  {
    heap_meter meter;
    auto r = tlcpp::try_parse<Outer>(in);
    peak = meter.peak();
    EXPECT_TRUE(r.has_value());
    EXPECT_TRUE(r && *r == outer);
  }
  EXPECT_LE(peak, k_heap_factor * in.size() + k_heap_constant)
      << tlcpp::meta<Outer>::name << " of " << n << " " << tlcpp::meta<C>::name;
  const double multiple = static_cast<double>(peak) / static_cast<double>(in.size());
  std::printf("%s: %zu x %s, %zu bytes in, peak heap %zu bytes (%.1fx)\n",
              std::string(tlcpp::meta<Outer>::name).c_str(), n, std::string(tlcpp::meta<C>::name).c_str(), in.size(),
              peak, multiple);
  return multiple;
}
template <class Outer, class V>
double check_heap_smallest(V Outer::*field, std::size_t n) {
  using E = typename V::value_type;
  return [&]<class... Cs>(tlcpp::type_list<Cs...>) {
    constexpr std::size_t i = smallest_of<typename E::alternatives>::index;
    using C = std::tuple_element_t<i, std::tuple<Cs...>>;
    return check_heap(field, n, E(C{}));
  }(typename E::alternatives{});
}

TEST(Heap, VectorsOfTheSmallestConstructorsOfLargeTypes) {
  constexpr std::size_t n = 20000;
  double worst = 0;
  worst = std::max(worst, check_heap_smallest(&api::updates_::updates, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::messages, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::users, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::chats, n));
  worst = std::max(worst, check_heap_smallest(&api::help::recentMeUrls::urls, n));
  worst = std::max(worst, check_heap_smallest(&api::page::blocks, n));
  worst = std::max(worst, check_heap_smallest(&api::textConcat::texts, n));
  // Large constructors held on the heap: the smallest message, and a user.
  worst = std::max(worst, check_heap(&api::messages::messages::messages, n, api::Message(api::message{})));
  worst = std::max(worst, check_heap(&api::messages::messages::users, n, api::User(api::user{})));
  RecordProperty("worst_heap_multiple", std::to_string(worst));
  EXPECT_GT(worst, 1.0);  // the meter sees the parse
}

TEST(Heap, FixedSizeObjectsAndTheWorkloads) {
  double worst = 0;
  worst = std::max(worst, check_heap(&api::photos::photo::users, 100, api::User(tlcpp_bench::w2_user(0))));
  EXPECT_GT(worst, 1.0);
}

}  // namespace
