// Typed responses (tlcpp/protocol/response.hpp, request.hpp, gzip.hpp) against bytes
// written independently of tlcpp: tools/vectors/responses.mjs (mtcute's writer
// for objects and framing, node's zlib for gzip). Covers rpc_result with a
// value, an rpc_error and gzip_packed data; corrupt, truncated and bomb gzip;
// msg_container with a message of an unknown constructor; the invokeWithLayer
// + initConnection wrapping and gzip-packed requests.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "support/answers.hpp"
#include "support/hex.hpp"
#include "support/seed.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/mtproto/MsgsAck.hpp"
#include "tlcpp/mtproto/NewSession.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/protocol/request.hpp"
#include "tlcpp/protocol/response.hpp"

namespace {

using namespace tlcpp::api;
namespace errors = tlcpp::errors;
namespace mtproto = tlcpp::mtproto;
using tlcpp::parse_errc;

using tlcpp::test::unhex;

// Written by tools/vectors/responses.mjs (mtcute and node zlib); see there for what each holds.
constexpr std::string_view k_result_packed_photo = tlcpp::test::packed_photo_rpc_result_hex;
constexpr std::string_view k_result_photo_id_invalid =
    "016d5cf30440f9d090f9b36519ca4421900100001050484f544f5f49445f494e56414c4944000000";
constexpr std::string_view k_result_flood_wait_30 =
    "016d5cf30440f9d090f9b36519ca4421a40100000d464c4f4f445f574149545f33300000";
constexpr std::string_view k_result_packed_migrate =
    "016d5cf30440f9d090f9b365a1cf72302c1f8b0800000000000003933ce5a2a8cfc8c0c0e7e6e9e31aefebe91ee418e21a6f"
    "c20000bef9a2f718000000000000";
constexpr std::string_view k_result_bomb =
    "016d5cf30440f9d090f9b365a1cf7230fe1b04001f8b0800000000000003edc13101000000c2a0f54f6d085fa00000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000003e031cea38a70000100000";
constexpr std::string_view k_init_request =
    "0d0d9bdadf000000a95ecdc100000000393000000a746c6370702074657374000944656269616e203132000005302e312e30"
    "000002656e000000000002656e003920e809000000004ab9b33b9c4a2e2638fcffff9c4a2e2638fcffff1361726269747261"
    "727920646174612068657265";
constexpr std::string_view k_container =
    "dcf8f173050000000118480a91f9b365010000001c0000000809c29e0440f9d090f9b365aaaaaaaaaaaaaaaaf0debc9a7856"
    "34120518480a91f9b3650300000048010000016d5cf30440f9d090f9b365a1cf7230fe3201001f8b08000000000000035ba1"
    "a3a8905a25f99b818181a176f5ba1dd3de5f08f8af2d1e3469e68399728c1cfc62b22ada46960eee7ea131c9598515f56dbd"
    "53662f5ab961fbbea3671818e6bba48b1ed92ac3c2c0c0a0b767c303c64c06060d662e410979355d136b27cf80f0b8d49ce2"
    "aac68efe697397acdeb4f3c0f17357ef3c7ef5f1c77f365e1106068684bee3a58c890c0c0b18205858012a96c4c0e0c008c1"
    "c94950b1640686062608ae1067640032194076333230307438971be6831cc1c0c0b05b24400f44f3aefec8e85df0a884d931"
    "2591c327bf2c3527313995818181273125313e07c167fb7eb18909c9ef1a9c02e272aa3ac6568e1efe61b129d945950ded7d"
    "53e72c5eb571c7fe6367afdc7ef4f2c3f77fac3cc2520c0c6037d817f43014cc7549070034f054364801000000000918480a"
    "91f9b365050000000c0000000df0ad0b07000000ffffffff0d18480a91f9b365060000001c00000059b4d66215c4b51c0200"
    "00000440f9d090f9b3650840f9d090f9b3651118480a91f9b3650700000014000000c57377341040f9d090f9b3652a000000"
    "00000000";
constexpr std::string_view k_container_packed =
    "dcf8f173010000001518480a91f9b365090000002c000000a1cf7230241f8b08000000000000033b5a5c6e22e0f0f3c2849f"
    "9b53b519200000153b7cc814000000000000";

using Answer = photos::updateProfilePhoto::result_type;

const Answer& expected_answer() {
  static const Answer a = tlcpp::parse<Answer>(unhex(tlcpp::test::seed_answer_hex));
  return a;
}

// gzip_packed { data } with tlcpp's writer (for corrupted variants of mtcute's data).
std::vector<std::byte> packed(std::span<const std::byte> data) {
  return tlcpp::serialize(mtproto::gzip_packed{.packed_data = tlcpp::bytes(data)});
}

// The gzip stream inside k_result_packed_photo: bytes [20, 20 + 306).
std::vector<std::byte> photo_gzip() {
  const auto all = unhex(k_result_packed_photo);
  return {all.begin() + 20, all.begin() + 20 + 306};
}

TEST(Response, PackedResultBecomesTheTypedValue) {
  const auto bytes = unhex(k_result_packed_photo);
  EXPECT_EQ(tlcpp::to_hex(std::span(bytes).subspan(0, 24)), "016d5cf30440f9d090f9b365a1cf7230fe3201001f8b0800");
  const Answer photo = tlcpp::parse_response<photos::updateProfilePhoto>(bytes);
  EXPECT_EQ(photo, expected_answer());
  EXPECT_EQ(photo.photo.get<tlcpp::api::photo>().id, 5823417748812639101);
  EXPECT_EQ(photo.users.size(), 1u);
  // The same answer bare, bare but packed, and as an rpc_result struct.
  EXPECT_EQ(tlcpp::parse_response<photos::updateProfilePhoto>(unhex(tlcpp::test::seed_answer_hex)), expected_answer());
  EXPECT_EQ(tlcpp::parse_response<photos::updateProfilePhoto>(std::span(bytes).subspan(12)), expected_answer());
  const auto rr = tlcpp::parse<mtproto::rpc_result>(bytes);
  EXPECT_EQ(rr.req_msg_id, 7328475419038531588);
  EXPECT_EQ(tlcpp::parse_response<photos::updateProfilePhoto>(rr), expected_answer());
  // Non-throwing.
  auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(bytes);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, expected_answer());
}

TEST(Response, RpcErrorThrowsTheTypedError) {
  const auto bytes = unhex(k_result_photo_id_invalid);
  EXPECT_THROW(tlcpp::parse_response<photos::updateProfilePhoto>(bytes), errors::photo_id_invalid);
  EXPECT_THROW(tlcpp::parse_response<photos::updateProfilePhoto>(bytes), errors::bad_request);
  EXPECT_THROW(tlcpp::parse_response<photos::updateProfilePhoto>(bytes), tlcpp::rpc_error);
  try {
    tlcpp::parse_response<photos::updateProfilePhoto>(bytes);
    ADD_FAILURE();
  } catch (const tlcpp::rpc_error& e) {
    EXPECT_EQ(typeid(e), typeid(errors::photo_id_invalid));
    EXPECT_EQ(e.code(), 400);
    EXPECT_EQ(e.message(), "PHOTO_ID_INVALID");
  }
  try {
    tlcpp::parse_response<photos::updateProfilePhoto>(unhex(k_result_flood_wait_30));
    ADD_FAILURE();
  } catch (const errors::flood_wait& e) {
    EXPECT_EQ(e.seconds(), 30);
    EXPECT_EQ(e.code(), 420);
    EXPECT_EQ(e.message(), "FLOOD_WAIT_30");
  }
  // Packed rpc_error.
  try {
    tlcpp::parse_response<photos::updateProfilePhoto>(unhex(k_result_packed_migrate));
    ADD_FAILURE();
  } catch (const errors::migrate_error& e) {
    EXPECT_EQ(e.dc(), 4);
    const tlcpp::rpc_error& error = e.error();
    EXPECT_EQ(typeid(error), typeid(errors::file_migrate));
  }
}

TEST(Response, NonThrowingFormBranchesOnTheError) {
  auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(unhex(k_result_flood_wait_30));
  ASSERT_FALSE(r.has_value());
  const tlcpp::response_failure& f = r.error();
  ASSERT_NE(f.rpc(), nullptr);
  EXPECT_EQ(f.parse(), nullptr);
  EXPECT_EQ(f.rpc()->code, 420);
  EXPECT_EQ(f.rpc()->message, "FLOOD_WAIT_30");
  EXPECT_EQ(f.rpc()->kind.value, 30);
  EXPECT_TRUE(f.is<errors::flood_wait>());
  EXPECT_TRUE(f.is<errors::wait_error>());
  EXPECT_TRUE(f.is<errors::flood>());
  EXPECT_FALSE(f.is<errors::photo_id_invalid>());
  EXPECT_EQ(f.message(), "rpc error 420 FLOOD_WAIT_30");
  EXPECT_THROW(f.raise(), errors::flood_wait);

  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(unhex(k_result_photo_id_invalid));
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().is<errors::photo_id_invalid>());
  EXPECT_TRUE(r.error().is<errors::bad_request>());
}

TEST(Response, BadBytesAreParseFailuresWithOffsets) {
  const auto ok = unhex(k_result_photo_id_invalid);
  // Truncated inside rpc_error's string.
  auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(std::span(ok).subspan(0, 30));
  ASSERT_FALSE(r.has_value());
  ASSERT_NE(r.error().parse(), nullptr);
  EXPECT_EQ(r.error().parse()->code, parse_errc::truncated);
  EXPECT_EQ(r.error().parse()->offset, 21u) << "after the string's length byte, counted from the rpc_result";
  EXPECT_THROW(tlcpp::parse_response<photos::updateProfilePhoto>(std::span(ok).subspan(0, 30)), tlcpp::parse_error);
  // rpc_result too short to hold its result.
  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(std::span(ok).subspan(0, 10));
  ASSERT_NE(r.error().parse(), nullptr);
  EXPECT_EQ(r.error().parse()->code, parse_errc::truncated);
  // A result of the wrong type: an rpc_error where photos.photo is expected? No:
  // an inputPhotoEmpty.
  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(unhex("0dbfd71c"));
  EXPECT_EQ(r.error().parse()->code, parse_errc::unknown_constructor);
  EXPECT_EQ(r.error().parse()->value, 0x1cd7bf0du);
  // Input over the size limit.
  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(ok, {.max_size = 16});
  EXPECT_EQ(r.error().parse()->code, parse_errc::too_large);
}

TEST(Response, CorruptGzipFailsCleanly) {
  const auto gz = photo_gzip();
  ASSERT_EQ(tlcpp::to_hex(std::span(gz).subspan(0, 4)), "1f8b0800");
  auto fail_of = [](const std::vector<std::byte>& bytes) {
    auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(bytes);
    EXPECT_FALSE(r.has_value());
    return r.has_value() || r.error().parse() == nullptr ? tlcpp::parse_failure{} : *r.error().parse();
  };
  // The data check (CRC-32 in the gzip trailer) is wrong.
  auto crc = gz;
  crc[gz.size() - 8] ^= std::byte{0x01};
  auto f = fail_of(packed(crc));
  EXPECT_EQ(f.code, parse_errc::bad_gzip);
  EXPECT_EQ(f.what, "invalid gzip data");
  EXPECT_GE(f.offset, 8u);
  EXPECT_LE(f.offset, 8u + gz.size());
  // A deflate block header that is not valid.
  auto body = gz;
  body[10] = std::byte{0xff};
  f = fail_of(packed(body));
  EXPECT_EQ(f.code, parse_errc::bad_gzip);
  EXPECT_EQ(f.what, "invalid gzip data");
  // Not gzip at all.
  f = fail_of(packed(unhex("00112233445566778899")));
  EXPECT_EQ(f.code, parse_errc::bad_gzip);
  EXPECT_EQ(f.offset, 7u) << "packed_data starts at 5 (after id and length); zlib stops after its 2-byte header";
  // Truncated stream.
  f = fail_of(packed(std::span(gz).subspan(0, 200)));
  EXPECT_EQ(f.code, parse_errc::bad_gzip);
  EXPECT_EQ(f.what, "truncated gzip stream");
  // Data after the end of the stream.
  auto longer = gz;
  longer.insert(longer.end(), {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}});
  f = fail_of(packed(longer));
  EXPECT_EQ(f.code, parse_errc::bad_gzip);
  EXPECT_EQ(f.what, "data after the end of the gzip stream");
  EXPECT_EQ(f.offset, 8u + gz.size()) << "gzip_packed id, 4-byte length, then the stream";
  // gzip_packed inside gzip_packed data.
  auto nested = tlcpp::try_parse_response<photos::updateProfilePhoto>(packed(tlcpp::gzip(packed(gz))));
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().parse()->code, parse_errc::bad_gzip);
  EXPECT_EQ(nested.error().parse()->what, "gzip_packed inside gzip_packed data");
  EXPECT_EQ(nested.error().packed_at(), 0u);
  // Our own gzip inflates back to the same bytes mtcute packed.
  auto again = tlcpp::gunzip(tlcpp::gzip(unhex(tlcpp::test::seed_answer_hex)), 1 << 20);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, unhex(tlcpp::test::seed_answer_hex));
}

TEST(Response, GzipBombStopsAtTheCap) {
  // 1 MiB of zeros packed by node into 1,051 bytes; a 64 KiB cap stops it.
  const auto bomb = unhex(k_result_bomb);
  auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(bomb, {.max_size = 64 << 10});
  ASSERT_FALSE(r.has_value());
  const tlcpp::parse_failure& f = *r.error().parse();
  EXPECT_EQ(f.code, parse_errc::too_large);
  EXPECT_EQ(f.offset, 20u) << "where the packed data starts";
  EXPECT_EQ(f.limit, 64u << 10);
  EXPECT_EQ(f.value, (64u << 10) + 1) << "stopped one byte past the cap";
  EXPECT_EQ(f.message(), "inflated gzip_packed data of 65537 bytes at byte 20 exceeds the limit of 65536");
  // Under the default cap (32 MiB) it inflates, and the zeros are no photos.photo.
  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(bomb);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().parse()->code, parse_errc::unknown_constructor);
  EXPECT_EQ(r.error().parse()->offset, 0u);
  EXPECT_EQ(r.error().packed_at(), 12u);
  // 40 MiB of zeros (40 KiB packed) against the default cap.
  const std::vector<std::byte> zeros(40u << 20);
  const auto big = packed(tlcpp::gzip(zeros, 9));
  EXPECT_LT(big.size(), 64u << 10);
  r = tlcpp::try_parse_response<photos::updateProfilePhoto>(big);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().parse()->code, parse_errc::too_large);
  EXPECT_EQ(r.error().parse()->limit, tlcpp::parse_options{}.max_size);
  EXPECT_EQ(r.error().parse()->value, tlcpp::parse_options{}.max_size + 1);
}

TEST(Response, ContainerKeepsEveryMessage) {
  const auto bytes = unhex(k_container);
  auto c = tlcpp::unpack_container<mtproto::rpc_result, mtproto::MsgsAck, mtproto::NewSession, mtproto::Pong>(bytes);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  ASSERT_EQ(c->size(), 5u);
  const auto& m = *c;
  EXPECT_EQ(m[0].msg_id, 7328475420000000001);
  EXPECT_EQ(m[0].seqno, 1);
  EXPECT_EQ(m[0].offset, 24u);
  ASSERT_TRUE(m[0].body.has_value());
  const auto& session = std::get<mtproto::NewSession>(*m[0].body);
  EXPECT_EQ(session.first_msg_id, 7328475419038531588);
  EXPECT_EQ(session.unique_id, -6148914691236517206);
  EXPECT_EQ(session.server_salt, 1311768467463790320);

  EXPECT_EQ(m[1].msg_id, 7328475420000000005);
  EXPECT_EQ(m[1].seqno, 3);
  EXPECT_EQ(m[1].offset, 68u);
  ASSERT_TRUE(m[1].body.has_value());
  const auto& rr = std::get<mtproto::rpc_result>(*m[1].body);
  EXPECT_EQ(rr.req_msg_id, 7328475419038531588);
  EXPECT_EQ(tlcpp::parse_response<photos::updateProfilePhoto>(rr), expected_answer());

  // The message of a newer layer: its own failure, id, offset and bytes kept.
  EXPECT_EQ(m[2].msg_id, 7328475420000000009);
  EXPECT_EQ(m[2].seqno, 5);
  EXPECT_EQ(m[2].offset, 412u);
  ASSERT_FALSE(m[2].body.has_value());
  const tlcpp::message_failure& bad = m[2].body.error();
  EXPECT_EQ(bad.failure.code, parse_errc::unknown_constructor);
  EXPECT_EQ(bad.failure.value, 0x0badf00du);
  EXPECT_EQ(bad.failure.offset, 412u);
  EXPECT_FALSE(bad.inflated);
  EXPECT_EQ(tlcpp::to_hex(bad.body.span()), "0df0ad0b07000000ffffffff");

  EXPECT_EQ(m[3].msg_id, 7328475420000000013);
  EXPECT_EQ(m[3].offset, 440u);
  ASSERT_TRUE(m[3].body.has_value());
  EXPECT_EQ(std::get<mtproto::MsgsAck>(*m[3].body).msg_ids,
            (std::vector<std::int64_t>{7328475419038531588, 7328475419038531592}));
  EXPECT_EQ(m[4].msg_id, 7328475420000000017);
  EXPECT_EQ(m[4].offset, 484u);
  ASSERT_TRUE(m[4].body.has_value());
  EXPECT_EQ(std::get<mtproto::Pong>(*m[4].body).ping_id, 42);

  // Asked for fewer types: the others are failures of their own.
  auto only_acks = tlcpp::unpack_container<mtproto::MsgsAck>(bytes);
  ASSERT_TRUE(only_acks.has_value());
  EXPECT_EQ(only_acks->size(), 5u);
  EXPECT_TRUE((*only_acks)[3].body.has_value());
  EXPECT_EQ((*only_acks)[1].body.error().failure.value, 0xf35c6d01u);
}

TEST(Response, ContainerMessagePackedInGzip) {
  auto c = tlcpp::unpack_container<mtproto::Pong>(unhex(k_container_packed));
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].msg_id, 7328475420000000021);
  ASSERT_TRUE((*c)[0].body.has_value());
  EXPECT_EQ(std::get<mtproto::Pong>(*(*c)[0].body).ping_id, 43);
  // Asked for the envelope itself, it is not unpacked.
  auto raw = tlcpp::unpack_container<mtproto::gzip_packed>(unhex(k_container_packed));
  ASSERT_TRUE(raw.has_value());
  EXPECT_TRUE(std::holds_alternative<mtproto::gzip_packed>(*(*raw)[0].body));
}

TEST(Response, ContainerFramingErrorsFailTheWhole) {
  const auto bytes = unhex(k_container);
  using C = std::vector<tlcpp::contained_message<mtproto::Pong>>;
  auto fail_of = [](std::span<const std::byte> in) {
    auto r = tlcpp::unpack_container<mtproto::Pong>(in);
    EXPECT_FALSE(r.has_value());
    return r.has_value() ? tlcpp::parse_failure{} : r.error();
  };
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(*tlcpp::unpack_container<mtproto::Pong>(bytes))>, C>);
  // Cut inside the third message's body: its length runs past the end.
  auto f = fail_of(std::span(bytes).subspan(0, 420));
  EXPECT_EQ(f.code, parse_errc::truncated);
  EXPECT_EQ(f.offset, 412u);
  // Not a container.
  f = fail_of(std::span(bytes).subspan(4));
  EXPECT_EQ(f.code, parse_errc::unknown_constructor);
  // A count the bytes cannot hold.
  auto count = bytes;
  count[4] = std::byte{0xff};
  f = fail_of(count);
  EXPECT_EQ(f.code, parse_errc::vector_too_long);
  EXPECT_EQ(f.offset, 4u);
  // Bytes after the last message.
  auto longer = bytes;
  longer.insert(longer.end(), 4, std::byte{0});
  f = fail_of(longer);
  EXPECT_EQ(f.code, parse_errc::trailing_bytes);
  EXPECT_EQ(f.offset, bytes.size());
  // A length that is not whole words fails that message only.
  auto odd = unhex(k_container_packed);
  odd[20] = std::byte{0x2b};  // 44 -> 43 bytes, and one byte less of body
  odd.pop_back();
  auto r = tlcpp::unpack_container<mtproto::Pong>(odd);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)[0].body.error().failure.code, parse_errc::bad_length);
}

photos::updateProfilePhoto seed_request(std::string file_reference = "arbitrary data here") {
  return {.id = inputPhoto{
              .id = -4156887774564, .access_hash = -4156887774564, .file_reference = std::move(file_reference)}};
}

TEST(Request, InitConnectionWrappingMatchesMtcute) {
  const auto wrapped = tlcpp::with_init_connection(seed_request(), {.api_id = 12345,
                                                                    .device_model = "tlcpp test",
                                                                    .system_version = "Debian 12",
                                                                    .app_version = "0.1.0",
                                                                    .system_lang_code = "en",
                                                                    .lang_pack = "",
                                                                    .lang_code = "en"});
  static_assert(std::is_same_v<decltype(wrapped)::result_type, photos::Photo>);
  static_assert(std::is_same_v<decltype(wrapped), const invokeWithLayer<initConnection<photos::updateProfilePhoto>>>);
  EXPECT_EQ(wrapped.layer, 223);
  EXPECT_EQ(tlcpp::to_hex(tlcpp::serialize(wrapped)), k_init_request);
  EXPECT_EQ(tlcpp::to_hex(tlcpp::serialize_request(wrapped)), k_init_request);
  // The answer to the wrapped call is read as the inner method's.
  EXPECT_EQ(tlcpp::parse_response<std::remove_const_t<decltype(wrapped)>>(unhex(k_result_packed_photo)),
            expected_answer());
}

TEST(Request, GzipPackedWhenSmaller) {
  const auto plain = tlcpp::serialize(seed_request(std::string(2000, 'a')));
  const auto out = tlcpp::serialize_request(seed_request(std::string(2000, 'a')), {.gzip = true});
  ASSERT_LT(out.size(), plain.size());
  EXPECT_EQ(tlcpp::to_hex(std::span(out).subspan(0, 4)), "a1cf7230");
  const auto p = tlcpp::parse<mtproto::gzip_packed>(out);
  EXPECT_EQ(tlcpp::to_hex(p.packed_data.span().subspan(0, 3)), "1f8b08");
  auto inflated = tlcpp::gunzip(p.packed_data.span(), 1 << 20);
  ASSERT_TRUE(inflated.has_value());
  EXPECT_EQ(*inflated, plain);
  // Off by default; small requests are never packed; nor when packing does not help.
  EXPECT_EQ(tlcpp::serialize_request(seed_request(std::string(2000, 'a'))), plain);
  EXPECT_EQ(tlcpp::serialize_request(seed_request(), {.gzip = true}), tlcpp::serialize(seed_request()));
  std::string noise;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 600; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    noise += static_cast<char>(x & 0xff);
  }
  EXPECT_EQ(tlcpp::serialize_request(seed_request(noise), {.gzip = true}), tlcpp::serialize(seed_request(noise)));
  // Refused values stay refused.
  auto refused = tlcpp::try_serialize_request(seed_request(std::string(1 << 24, 'a')), {.gzip = true});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, tlcpp::serialize_errc::string_too_long);
}

}  // namespace
