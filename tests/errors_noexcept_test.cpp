// Built with -fno-exceptions: classify() and try_parse_response() are the API
// there, and the throwing functions abort instead of throwing.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/protocol/response.hpp"

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this test must be compiled with -fno-exceptions"
#endif

namespace {

using namespace tlcpp::api;
namespace errors = tlcpp::errors;

// rpc_result { rpc_error 420 FLOOD_WAIT_30 }, from tools/vectors/responses.mjs.
constexpr std::string_view k_flood_wait_30 = "016d5cf30440f9d090f9b36519ca4421a40100000d464c4f4f445f574149545f33300000";

TEST(NoExceptions, ClassifyAndBranch) {
  const auto c = tlcpp::classify(420, "FLOOD_WAIT_30");
  EXPECT_EQ(c.id, errors::error_id::flood_wait);
  EXPECT_TRUE(c.is<errors::wait_error>());
  EXPECT_EQ(c.value, 30);

  auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(*tlcpp::from_hex(k_flood_wait_30));
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().is<errors::flood_wait>());
  EXPECT_EQ(r.error().rpc()->kind.value, 30);
}

TEST(NoExceptionsDeathTest, ThrowingFunctionsAbort) {
  EXPECT_DEATH(tlcpp::throw_rpc_error(400, "PHOTO_ID_INVALID"), "");
  EXPECT_DEATH(tlcpp::parse_response<photos::updateProfilePhoto>(*tlcpp::from_hex(k_flood_wait_30)), "");
}

}  // namespace
