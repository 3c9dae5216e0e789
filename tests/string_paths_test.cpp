// The fast paths of the string writer and reader, length by length.
//
// The writer copies up to 32 bytes as two overlapping fixed-size moves and
// zeroes the padding as one word; the reader takes short, well-formed strings
// on an inline path and everything else on the general one. Every length
// from 0 to 300 (all size classes of both, and the short/long form boundary)
// is checked against bytes built from the TL rule here (length prefix, data,
// zero padding to 4), never against tlcpp's own output; every padding byte,
// set non-zero, must be refused at its own offset; every truncation too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tlcpp/core/serialize.hpp"

namespace {

// A TL string of `s` per the specification: one length byte below 254, else
// 0xfe and three length bytes; the data; zeros up to a multiple of 4.
std::vector<std::byte> tl_string(const std::string& s) {
  std::vector<std::byte> out;
  const std::size_t n = s.size();
  if (n < 254) {
    out.push_back(static_cast<std::byte>(n));
  } else {
    out.push_back(std::byte{0xfe});
    for (int shift = 0; shift < 24; shift += 8) out.push_back(static_cast<std::byte>((n >> shift) & 0xff));
  }
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  while (out.size() % 4 != 0) out.push_back(std::byte{0});
  return out;
}

// Text whose bytes differ from each other and from zero, so that a byte
// copied to the wrong place or not copied shows.
std::string text(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(1 + i % 251);
  return s;
}

constexpr std::size_t kMaxLength = 300;

TEST(StringPaths, EveryLengthWritesTheSpecifiedBytes) {
  for (std::size_t n = 0; n <= kMaxLength; ++n) {
    const std::string s = text(n);
    const std::vector<std::byte> expected = tl_string(s);
    // Into a buffer that already holds bytes, so the copy starts unaligned
    // and anything written outside its place shows.
    std::vector<std::byte> out{std::byte{0xaa}, std::byte{0xbb}, std::byte{0xcc}};
    auto r = tlcpp::try_serialize_as<tlcpp::wire::string>(s, out);
    ASSERT_TRUE(r.has_value()) << n;
    EXPECT_EQ(r.value(), expected.size()) << n;
    ASSERT_EQ(out.size(), 3 + expected.size()) << n;
    EXPECT_EQ(out[0], std::byte{0xaa});
    EXPECT_EQ(out[2], std::byte{0xcc});
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), out.begin() + 3)) << "length " << n;

    std::vector<std::byte> as_bytes;
    ASSERT_TRUE(tlcpp::try_serialize_as<tlcpp::wire::bytes>(tlcpp::bytes(s), as_bytes).has_value());
    EXPECT_EQ(as_bytes, expected) << "length " << n;
  }
}

TEST(StringPaths, EveryLengthReadsBack) {
  for (std::size_t n = 0; n <= kMaxLength; ++n) {
    const std::string s = text(n);
    EXPECT_EQ(tlcpp::parse<std::string>(tl_string(s)), s) << n;
    EXPECT_EQ(tlcpp::parse<tlcpp::bytes>(tl_string(s)), tlcpp::bytes(s)) << n;
  }
}

TEST(StringPaths, EveryNonZeroPaddingByteIsRefusedWhereItIs) {
  for (std::size_t n = 0; n <= kMaxLength; ++n) {
    const std::vector<std::byte> good = tl_string(text(n));
    const std::size_t header = n < 254 ? 1 : 4;
    for (std::size_t at = header + n; at < good.size(); ++at) {
      for (const std::byte bad : {std::byte{0x01}, std::byte{0x80}, std::byte{0xff}}) {
        std::vector<std::byte> in = good;
        in[at] = bad;
        auto r = tlcpp::try_parse<std::string>(in);
        ASSERT_FALSE(r.has_value()) << "length " << n << ", byte " << at;
        EXPECT_EQ(r.error().code, tlcpp::parse_errc::bad_padding) << n;
        EXPECT_EQ(r.error().offset, at) << "length " << n;
      }
    }
    // Two bad padding bytes: the first one is reported.
    if (good.size() - (header + n) >= 2) {
      std::vector<std::byte> in = good;
      in[good.size() - 1] = std::byte{1};
      in[good.size() - 2] = std::byte{1};
      auto r = tlcpp::try_parse<std::string>(in);
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().offset, good.size() - 2) << n;
    }
  }
}

TEST(StringPaths, EveryTruncationIsRefused) {
  for (std::size_t n = 0; n <= kMaxLength; n += 7) {
    const std::vector<std::byte> good = tl_string(text(n));
    for (std::size_t cut = 0; cut < good.size(); ++cut) {
      const std::vector<std::byte> in(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut));
      auto r = tlcpp::try_parse<std::string>(in);
      ASSERT_FALSE(r.has_value()) << "length " << n << " cut at " << cut;
      EXPECT_EQ(r.error().code, tlcpp::parse_errc::truncated) << "length " << n << " cut at " << cut;
    }
  }
}

}  // namespace
