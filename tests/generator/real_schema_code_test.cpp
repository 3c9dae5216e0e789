// Code that tlcpp-gen writes for schemas as their projects publish them
// (tests/generator/real/*.tl, see generator_test.cpp), used as C++: the
// headers compile, and the explicit ids that are not the CRC32 of their
// lines, the ids computed for id-less lines and the generic wrappers whose
// Prefix helpers were left out are what goes on the wire.
//
// tests/CMakeLists.txt generates the headers at build time, so this test
// exists only when the generator is built (-DTLCPP_BUILD_GENERATOR=ON).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/envelopes/all.hpp"
#include "tlcpp/envelopes/type_list.hpp"
#include "tlcpp/protocol/envelope.hpp"
#include "tlcpp/tdesktop_mtproto/all.hpp"
#include "tlcpp/tdesktop_mtproto/type_list.hpp"
#include "tlcpp/tdlib_api/all.hpp"
#include "tlcpp/tdlib_api/type_list.hpp"
#include "tlcpp/tdlib_mtproto/all.hpp"
#include "tlcpp/tdlib_mtproto/type_list.hpp"

namespace {

namespace td = tlcpp::tdesktop_mtproto;
namespace api = tlcpp::tdlib_api;

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

template <class>
struct count;
template <class... T>
struct count<tlcpp::type_list<T...>> {
  static constexpr std::size_t value = sizeof...(T);
};

// Every constructor and method, each id once (type_list.hpp lists them).
static_assert(count<td::all_types<td::ping>>::value == 52 + 10);
static_assert(count<tlcpp::tdlib_mtproto::all_types<tlcpp::tdlib_mtproto::ping>>::value == 36 + 10);
// The four Prefix methods are left out: 7 constructors, 5 methods.
static_assert(count<api::all_types<api::test::useConfigSimple>>::value == 7 + 5);
// gzip_packed = Object is not generated: 5 constructors, 1 method.
static_assert(count<tlcpp::envelopes::all_types<tlcpp::envelopes::ping>>::value == 5 + 1);

TEST(RealSchemaCode, ExplicitIdsThatAreNotTheCrc) {
  static_assert(tlcpp::meta<td::ipPortSecret>::id == 0x37982646);
  static_assert(tlcpp::meta<td::accessPointRule>::id == 0x4679b65f);
  static_assert(tlcpp::meta<td::help::configSimple>::id == 0x5a592a6c);
  // accessPointRule#4679b65f "" dc_id:2, then vector<IpPort>: a bare vector
  // (a count, no vector id) of boxed IpPort (each with its id).
  const td::accessPointRule rule{.phone_prefix_rules = "", .dc_id = 2, .ips = {td::ipPort{.ipv4 = 1, .port = 443}}};
  EXPECT_EQ(tlcpp::serialize(rule), bytes({0x5f, 0xb6, 0x79, 0x46, 0, 0, 0, 0, 2,    0,    0, 0, 1, 0, 0, 0,  //
                                           0x73, 0xad, 0x33, 0xd4, 1, 0, 0, 0, 0xbb, 0x01, 0, 0}));
  const td::IpPort secret = td::ipPortSecret{.ipv4 = 3, .port = 80, .secret = "k"};
  EXPECT_EQ(u32_at(tlcpp::serialize(secret), 0), 0x37982646u);
  expect_round_trip(secret);
  expect_round_trip(td::help::ConfigSimple{.date = 1, .expires = 2, .rules = {rule, {.dc_id = 4, .ips = {secret}}}});
}

TEST(RealSchemaCode, IdlessLinesGetTheirCrc) {
  static_assert(tlcpp::meta<td::tlsClientHello>::id == 0x6c52c484);
  static_assert(tlcpp::meta<td::tlsBlockPermutation>::id == 0x0d02385f);
  static_assert(tlcpp::meta<tlcpp::tdlib_mtproto::dummyHttpWait>::id == 0xc937ca2e);
  static_assert(tlcpp::meta<api::test::useConfigSimple>::id == 0xf9b7b23d);
  const td::TlsBlock perm = td::tlsBlockPermutation{
      .entries = {{td::tlsBlockString{.data = "a"}, td::tlsBlockZero{.length = 2}}, {}, {td::tlsBlockDomain{}}}};
  expect_round_trip(
      td::TlsClientHello{.blocks = {perm, td::tlsBlockScope{.entries = {td::tlsBlockGrease{.seed = 1}}}}});
  EXPECT_EQ(u32_at(tlcpp::serialize(perm), 0), 0x0d02385fu);
  // TDLib's gzip_packed is an ordinary type there, with the runtime's id.
  static_assert(tlcpp::meta<tlcpp::tdlib_mtproto::gzip_packed>::id == 0x3072cfa1);
}

TEST(RealSchemaCode, GenericWrapperWritesWhatItsPrefixWould) {
  using call = api::invokeWithBusinessConnection<api::test::useConfigSimple>;
  static_assert(std::is_same_v<call::result_type, api::help::ConfigSimple>);
  // invokeWithBusinessConnection#dd289f8e "c", then test.useConfigSimple#f9b7b23d.
  EXPECT_EQ(tlcpp::serialize(call{.connection_id = "c", .query = {}}),
            bytes({0x8e, 0x9f, 0x28, 0xdd, 1, 'c', 0, 0, 0x3d, 0xb2, 0xb7, 0xf9}));
  expect_round_trip(call{.connection_id = "business", .query = {}});
  expect_round_trip(api::Error{.code = 400, .text = "BAD"});
}

TEST(RealSchemaCode, EnvelopesNextToTheRuntimeGzipPacked) {
  namespace e = tlcpp::envelopes;
  // gzip_packed = Object was skipped; the runtime's is the one there is.
  static_assert(tlcpp::meta<tlcpp::mtproto::gzip_packed>::id == 0x3072cfa1);
  const e::RpcResult result{.req_msg_id = 5, .result = tlcpp::object(tlcpp::serialize(e::Pong{.msg_id = 1}))};
  expect_round_trip(result);
  // vector<message>: bare, so neither the vector id nor message's.
  const e::MessageContainer box{
      .messages = {{.msg_id = 1, .seqno = 2, .bytes = 4, .body = tlcpp::object(bytes({1, 2, 3, 4}))}}};
  EXPECT_EQ(tlcpp::serialize(box).size(), 4 + 4 + (8 + 4 + 4 + 4));
  expect_round_trip(box);
}

}  // namespace
