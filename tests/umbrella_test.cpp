// The whole layer and the MTProto schema compile together, and what the
// generated code says matches the schema files.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <type_traits>

#include "tlcpp/tlcpp.hpp"
#include "tlcpp/version.hpp"

namespace {

TEST(Umbrella, LayerIs223) {
  static_assert(tlcpp::api::layer == 223);
  static_assert(tlcpp::api_layer == tlcpp::api::layer);  // version.hpp agrees with the schema
  EXPECT_EQ(tlcpp::api::layer, 223);
}

TEST(Umbrella, GenericWrappersNameTheirQuery) {
  using wrapped = tlcpp::api::invokeWithLayer<tlcpp::api::photos::updateProfilePhoto>;
  static_assert(std::is_same_v<wrapped::result_type, tlcpp::api::photos::Photo>);
  wrapped w{.layer = tlcpp::api::layer, .query = {}};
  const auto bytes = tlcpp::serialize(w);
  // invokeWithLayer#da9b0d0d, layer 223, then the boxed query.
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(std::to_integer<int>(bytes[0]), 0x0d);
  EXPECT_EQ(std::to_integer<int>(bytes[3]), 0xda);
  EXPECT_EQ(std::to_integer<int>(bytes[4]), 223);
  EXPECT_EQ(std::to_integer<int>(bytes[8]), 0x39);
  EXPECT_EQ(tlcpp::parse<wrapped>(bytes), w);
}

TEST(Umbrella, MtprotoServiceTypes) {
  tlcpp::mtproto::rpc_error e{.error_code = 400, .error_message = "PHOTO_ID_INVALID"};
  const auto bytes = tlcpp::serialize(e);
  EXPECT_EQ(bytes.size(), 4u + 4u + 20u);
  EXPECT_EQ(tlcpp::parse<tlcpp::mtproto::RpcError>(bytes), e);
}

}  // namespace
