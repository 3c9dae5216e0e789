// The seed, photos.updateProfilePhoto, and the bytes other implementations
// write for it: facts the tests compare tlcpp's output with. The request as
// GramJS (npm telegram@2.26.22) and mtcute (@mtcute/tl 223.0.0) write it,
// and a photos.photo answer written by mtcute (tools/vectors/seed.mjs).
#pragma once

#include <string_view>

#include "tlcpp/api/photos/updateProfilePhoto.hpp"

namespace tlcpp::test {

/// photos.updateProfilePhoto{id: inputPhoto{id: -4156887774564,
/// access_hash: -4156887774564, file_reference: "arbitrary data here"}}
inline tlcpp::api::photos::updateProfilePhoto seed_request() {
  return {.id = tlcpp::api::inputPhoto{
              .id = -4156887774564, .access_hash = -4156887774564, .file_reference = "arbitrary data here"}};
}

/// Its 48 bytes. Layout: 0 id 3920e809 | 4 flags | 8 InputPhoto id 4ab9b33b |
/// 12 id:long | 20 access_hash:long | 28 length 0x13 | 29 19 bytes of data
/// (no padding) | 48.
inline constexpr std::string_view seed_request_hex =
    "3920e809000000004ab9b33b9c4a2e2638fcffff9c4a2e2638fcffff1361726269747261727920646174612068657265";

/// A photos.photo answer to it (one photo, one user), as mtcute writes it.
inline constexpr std::string_view seed_answer_hex =
    "a82c2120657a19fb000000007dabaeb896efd050ff2b17529299e0991e01080f161d242b323940474e555c636a71787f86"
    "8d949ba2a9b0b7bec5cc00009f446715c4b51c040000002ebcb0e00169000028030a11181f262d343b424950575e656c73"
    "7a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d14000000608ec77501610000a0000000a000000013200000608ec7"
    "7501620000400100004001000063620000608ec775016300008002000080020000781701000200000015c4b51c01000000"
    "884377316f04000000000000bb14502e000000000dabf1014b70e27403416461084c6f76656c6163650000000c6164615f"
    "6c6f76656c61636500000006f7d182020000007dabaeb896efd050280910171e252c333a41484f565d646b727980878e95"
    "9ca3aab1b8bfc6cdd4dbe2e9f0f7fe050c131a000000020000003f708c00709d4467";

}  // namespace tlcpp::test
