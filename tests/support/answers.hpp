// A server's answer used by several tests: an rpc_result holding a
// gzip_packed photos.photo (the new photo with a stripped thumbnail and three
// sizes, and the user whose photo it is), written by mtcute and node's zlib
// (tools/vectors/responses.mjs; examples/update_profile_photo.cpp holds the
// same bytes, as an example cannot use test support).
#pragma once

#include <string_view>

namespace tlcpp::test {

/// rpc_result#f35c6d01 req_msg_id:long result:gzip_packed(photos.photo), as hex.
inline constexpr std::string_view packed_photo_rpc_result_hex =
    "016d5cf30440f9d090f9b365a1cf7230fe3201001f8b08000000000000035ba1a3a8905a25f99b818181a176f5ba1dd3de5f"
    "08f8af2d1e3469e68399728c1cfc62b22ada46960eee7ea131c9598515f56dbd53662f5ab961fbbea3671818e6bba48b1ed9"
    "2ac3c2c0c0a0b767c303c64c06060d662e410979355d136b27cf80f0b8d49ce2aac68efe697397acdeb4f3c0f17357ef3c7e"
    "f5f1c77f365e1106068684bee3a58c890c0c0b18205858012a96c4c0e0c008c1c94950b1640686062608ae10676400321940"
    "76333230307438971be6831cc1c0c0b05b24400f44f3aefec8e85df0a884d9312591c327bf2c352731399581818127312531"
    "3e07c167fb7eb18909c9ef1a9c02e272aa3ac6568e1efe61b129d945950ded7d53e72c5eb571c7fe6367afdc7ef4f2c3f77f"
    "ac3cc2520c0c6037d817f43014cc7549070034f05436480100000000";

/// The same without rpc_result's id and req_msg_id: the result as a server
/// puts it after them (a gzip_packed).
inline constexpr std::string_view packed_photo_result_hex = packed_photo_rpc_result_hex.substr(24);

}  // namespace tlcpp::test
