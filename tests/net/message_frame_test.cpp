// The framing inside an encrypted packet (message_frame.hpp): the plaintext
// header's checks in their order, padding lengths, container framing.
#include "tlcpp/net/message_frame.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tlcpp/core/hex.hpp"

namespace {

using namespace tlcpp::net;

std::vector<std::byte> plaintext(std::uint32_t length, std::size_t data, std::size_t padding) {
  std::vector<std::byte> p(plaintext_header_size + data + padding);
  write_plaintext_header(std::span<std::byte, plaintext_header_size>(p.data(), plaintext_header_size),
                         0x0102030405060708, -2, 0x658cc34f87854004, 7, length);
  return p;
}

TEST(MessageFrame, HeaderFieldsLittleEndian) {
  const auto p = plaintext(4, 4, 12);
  EXPECT_EQ(tlcpp::to_hex(std::span(p).first(32)), "0807060504030201feffffffffffffff044085874fc38c650700000004000000");
  auto m = read_plaintext(p);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->salt, 0x0102030405060708);
  EXPECT_EQ(m->session_id, -2);
  EXPECT_EQ(m->msg_id, 0x658cc34f87854004);
  EXPECT_EQ(m->seq_no, 7);
  EXPECT_EQ(m->body.size(), 4u);
  EXPECT_EQ(m->padding, 12u);
}

TEST(MessageFrame, ChecksInOrder) {
  EXPECT_EQ(read_plaintext(std::vector<std::byte>(31)).error().code, frame_errc::too_short);
  EXPECT_EQ(read_plaintext(plaintext(17, 4, 12)).error().code, frame_errc::length_out_of_bounds);
  EXPECT_EQ(read_plaintext(plaintext(0xffffffff, 4, 12)).error().code, frame_errc::length_out_of_bounds);
  EXPECT_EQ(read_plaintext(plaintext(5, 5, 11)).error().code, frame_errc::padding_too_short);
  EXPECT_EQ(read_plaintext(plaintext(15, 15, 1025)).error().code, frame_errc::padding_too_long);
  EXPECT_TRUE(read_plaintext(plaintext(16, 16, 1024)));
  EXPECT_EQ(read_plaintext(plaintext(6, 6, 26)).error().code, frame_errc::misaligned_length);
  EXPECT_EQ(read_plaintext(plaintext(0, 0, 16)).error().code, frame_errc::misaligned_length);
}

TEST(MessageFrame, PaddingAsMtcuteChoosesIt) {
  // 12 to 27 bytes, the plaintext a multiple of 16 (vectors/independent.json: 20, 16, 12, 20, 16).
  EXPECT_EQ(padding_for(12), 20u);
  EXPECT_EQ(padding_for(16), 16u);
  EXPECT_EQ(padding_for(20), 12u);
  EXPECT_EQ(padding_for(28), 20u);
  EXPECT_EQ(padding_for(32), 16u);
  for (std::size_t n = 0; n < 64; n += 4) {
    EXPECT_GE(padding_for(n), min_padding);
    EXPECT_LE(padding_for(n), 27u);
    EXPECT_EQ((plaintext_header_size + n + padding_for(n)) % 16, 0u);
  }
}

std::vector<std::byte> container(std::uint32_t count, std::size_t messages, std::uint32_t length = 4) {
  std::vector<std::byte> c;
  detail::append_le(c, container_id);
  detail::append_le(c, count);
  for (std::size_t i = 0; i < messages; ++i)
    append_container_message(c, static_cast<std::int64_t>(4 * (i + 1)), 1, std::vector<std::byte>(length));
  return c;
}

TEST(MessageFrame, Container) {
  auto c = read_container(container(2, 2));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[1].msg_id, 8);
  EXPECT_EQ((*c)[1].seq_no, 1);
  EXPECT_EQ((*c)[1].body.size(), 4u);
  EXPECT_TRUE(read_container(container(1020, 1020)));
  EXPECT_EQ(read_container(container(1021, 1021)).error().code, frame_errc::container_too_many);
  // A count the bytes cannot hold: refused before a vector is sized for it.
  EXPECT_EQ(read_container(container(1000, 2)).error().code, frame_errc::container_truncated);
  EXPECT_EQ(read_container(container(2, 3)).error().code, frame_errc::container_trailing);
  EXPECT_EQ(read_container(container(1, 1, 6)).error().code, frame_errc::container_bad_message);
  auto cut = container(1, 1, 8);
  cut.resize(cut.size() - 4);
  EXPECT_EQ(read_container(cut).error().code, frame_errc::container_truncated);
  EXPECT_EQ(read_container(std::vector<std::byte>(4)).error().code, frame_errc::container_truncated);
}

}  // namespace
