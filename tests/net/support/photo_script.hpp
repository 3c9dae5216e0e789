// What the loopback server answers in the client's tests: photos.updateProfilePhoto
// of photo 1 gets a photos.photo (mtcute's bytes), photo 2 PHOTO_ID_INVALID,
// photo 3 FLOOD_WAIT_30; anything else 400 METHOD_NOT_SCRIPTED.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "net/support/loopback_server.hpp"
#include "support/hex.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/serialize.hpp"

namespace tlcpp::test {

/// mtcute's rpc_result of a photos.photo (gzip_packed; written by
/// tools/vectors/responses.mjs, as in examples/update_profile_photo.cpp)
/// without its rpc_result header: the result as the server puts it after
/// req_msg_id.
inline constexpr std::string_view photo_result_hex =
    "a1cf7230fe3201001f8b08000000000000035ba1a3a8905a25f99b818181a176f5ba1dd3de5f"
    "08f8af2d1e3469e68399728c1cfc62b22ada46960eee7ea131c9598515f56dbd53662f5ab961fbbea3671818e6bba48b1ed9"
    "2ac3c2c0c0a0b767c303c64c06060d662e410979355d136b27cf80f0b8d49ce2aac68efe697397acdeb4f3c0f17357ef3c7e"
    "f5f1c77f365e1106068684bee3a58c890c0c0b18205858012a96c4c0e0c008c1c94950b1640686062608ae10676400321940"
    "76333230307438971be6831cc1c0c0b05b24400f44f3aefec8e85df0a884d9312591c327bf2c352731399581818127312531"
    "3e07c167fb7eb18909c9ef1a9c02e272aa3ac6568e1efe61b129d945950ded7d53e72c5eb571c7fe6367afdc7ef4f2c3f77f"
    "ac3cc2520c0c6037d817f43014cc7549070034f05436480100000000";

/// The script (see the top of this file).
inline rpc_reply photo_script(std::span<const std::byte> request) {
  auto m = tlcpp::try_parse<api::photos::updateProfilePhoto>(request);
  if (!m) return rpc_reply::error(400, "METHOD_NOT_SCRIPTED");
  const auto* photo = m->id.get_if<api::inputPhoto>();
  if (photo == nullptr || photo->id == 2) return rpc_reply::error(400, "PHOTO_ID_INVALID");
  if (photo->id == 3) return rpc_reply::error(420, "FLOOD_WAIT_30");
  return {unhex(photo_result_hex), 0, {}};
}

}  // namespace tlcpp::test
