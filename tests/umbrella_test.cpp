// Everything tlcpp/tlcpp.hpp promises compiles together (the layer, MTProto,
// errors, answers, requests), and what the generated code says matches the
// schema files.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <type_traits>

#include "tlcpp/tlcpp.hpp"
#include "tlcpp/version.hpp"

namespace {

// The layer the generated code names is the one schema/api.tl declares (its
// `// LAYER N` line, read here without the generator), and version.hpp agrees.
TEST(Umbrella, LayerIsTheSchemas) {
  std::ifstream in(TLCPP_SCHEMA_DIR "/api.tl");
  ASSERT_TRUE(in) << "cannot read " TLCPP_SCHEMA_DIR "/api.tl";
  int declared = 0;
  const std::regex layer_re(R"(^// LAYER (\d+)\s*$)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, layer_re)) declared = std::stoi(m[1]);
  }
  EXPECT_EQ(tlcpp::api::layer, declared);
  EXPECT_EQ(tlcpp::api_layer, declared);
}

// The umbrella includes the protocol tier: an answer parses into the typed error.
TEST(Umbrella, AnswersAndErrors) {
  const auto bytes =
      tlcpp::serialize(tlcpp::mtproto::rpc_error{.error_code = 400, .error_message = "PHOTO_ID_INVALID"});
  auto r = tlcpp::try_parse_response<tlcpp::api::photos::updateProfilePhoto>(bytes);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().is<tlcpp::errors::photo_id_invalid>());
  EXPECT_TRUE(
      tlcpp::method_errors<tlcpp::api::photos::updateProfilePhoto>::documents<tlcpp::errors::photo_id_invalid>());
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
