// init_connection_prefix (init_connection.hpp): the prefix followed by a
// request is exactly with_init_connection of that request.
#include "tlcpp/net/init_connection.hpp"

#include <gtest/gtest.h>

#include "tlcpp/core/hex.hpp"
#include "tlcpp/mtproto/get_future_salts.hpp"

namespace {

TEST(InitConnection, PrefixThenRequestIsTheWrappedRequest) {
  tlcpp::connection_params p{.api_id = 12345,
                             .device_model = "test",
                             .system_version = "Linux",
                             .app_version = "0.1",
                             .system_lang_code = "en",
                             .lang_pack = "",
                             .lang_code = "en"};
  auto prefix = tlcpp::net::init_connection_prefix(p);
  const tlcpp::mtproto::get_future_salts request{.num = 8};
  auto body = tlcpp::serialize(request);
  prefix.insert(prefix.end(), body.begin(), body.end());
  EXPECT_EQ(tlcpp::to_hex(prefix), tlcpp::to_hex(tlcpp::serialize(tlcpp::with_init_connection(request, p))));
  // invokeWithLayer#da9b0d0d, the layer, then initConnection#c1cd5ea9.
  EXPECT_EQ(tlcpp::to_hex(std::span(prefix).first(4)), "0d0d9bda");
  EXPECT_EQ(tlcpp::to_hex(std::span(prefix).subspan(8, 4)), "a95ecdc1");
}

}  // namespace
