// tlcpp/net/plain_message.hpp: unencrypted MTProto messages, exact bytes and
// each refusal.
#include "tlcpp/net/plain_message.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/hex.hpp"
#include "tlcpp/core/hex.hpp"

namespace {

using tlcpp::to_hex;
using tlcpp::net::plain_message_errc;
using tlcpp::test::unhex;

// req_pq_multi with the samples-auth_key page's nonce, under a msg_id made up
// for the test: auth_key_id 0, message_id, length 20, the body, little-endian.
TEST(PlainMessage, ExactBytesBothWays) {
  const auto body = unhex("f18e7ebe15a084b3b9ca2a17f03925f44b78fe68");
  const auto m = tlcpp::net::make_plain_message(0x51e57ac42770964a, body);
  EXPECT_EQ(to_hex(m),
            "0000000000000000"
            "4a967027c47ae551"
            "14000000"
            "f18e7ebe15a084b3b9ca2a17f03925f44b78fe68");
  auto parsed = tlcpp::net::parse_plain_message(m);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->msg_id, 0x51e57ac42770964a);
  EXPECT_EQ(to_hex(parsed->body), to_hex(body));
  EXPECT_EQ(parsed->body.data(), m.data() + 20);  // a view into the input, not a copy
}

TEST(PlainMessage, EmptyBody) {
  const auto m = tlcpp::net::make_plain_message(4, {});
  EXPECT_EQ(to_hex(m),
            "0000000000000000"
            "0400000000000000"
            "00000000");
  auto parsed = tlcpp::net::parse_plain_message(m);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->body.empty());
}

plain_message_errc refusal(const std::vector<std::byte>& in) {
  auto r = tlcpp::net::parse_plain_message(in);
  EXPECT_FALSE(r.has_value());
  return r ? plain_message_errc{} : r.error().code;
}

TEST(PlainMessage, Refusals) {
  const auto good = tlcpp::net::make_plain_message(8, unhex("01020304"));
  for (std::size_t n = 0; n < 20; ++n)
    EXPECT_EQ(refusal({good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)}), plain_message_errc::too_short);
  auto key_id = good;
  key_id[7] = std::byte{0x80};
  EXPECT_EQ(refusal(key_id), plain_message_errc::nonzero_auth_key_id);
  EXPECT_EQ(refusal(tlcpp::net::make_plain_message(0, unhex("01020304"))), plain_message_errc::zero_msg_id);
  EXPECT_EQ(refusal({good.begin(), good.end() - 1}), plain_message_errc::bad_length);  // 3 bytes follow, not 4
  auto longer = good;
  longer.push_back(std::byte{0});
  EXPECT_EQ(refusal(longer), plain_message_errc::bad_length);
  auto negative = good;
  negative[19] = std::byte{0xff};  // length -16777212
  EXPECT_EQ(refusal(negative), plain_message_errc::bad_length);
  EXPECT_EQ(refusal(tlcpp::net::make_plain_message(8, unhex("010203"))), plain_message_errc::unaligned_length);
}

TEST(PlainMessage, PaddedIntermediatesTailIsDropped) {
  const auto m = tlcpp::net::make_plain_message(8, unhex("01020304"));  // 24 bytes
  using tlcpp::net::without_transport_padding;
  for (std::size_t pad = 0; pad <= 15; ++pad) {
    auto framed = m;
    framed.resize(m.size() + pad, std::byte{0xaa});
    const auto out = without_transport_padding(framed);
    EXPECT_EQ(out.size(), 24u) << pad;
    EXPECT_EQ(out.data(), framed.data());
  }
  // 16 bytes more is not padding: the frame is returned whole, for
  // parse_plain_message to refuse.
  auto sixteen = m;
  sixteen.resize(m.size() + 16);
  EXPECT_EQ(without_transport_padding(sixteen).size(), 40u);
  // A length past the frame, a negative length, an encrypted packet, a short frame: whole.
  auto past = m;
  past[16] = std::byte{8};
  EXPECT_EQ(without_transport_padding(past).size(), 24u);
  auto negative = m;
  negative[19] = std::byte{0xff};
  EXPECT_EQ(without_transport_padding(negative).size(), 24u);
  auto encrypted = m;
  encrypted[0] = std::byte{1};
  encrypted.resize(30);
  EXPECT_EQ(without_transport_padding(encrypted).size(), 30u);
  const std::vector<std::byte> tiny(19);
  EXPECT_EQ(without_transport_padding(tiny).size(), 19u);
}

}  // namespace
