// photos.updateProfilePhoto, end to end: build the request in one expression,
// serialize it, and read what the server answers: the photos.Photo, or an
// rpc_error caught by name (photo_id_invalid) or with its number (flood_wait).
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/protocol/response.hpp"

namespace {

// Three answers as a server sends them, written by mtcute, an independent TL
// implementation (tools/vectors/responses.mjs): an rpc_result holding the
// gzip-packed photos.photo (the new photo with a stripped thumbnail and three
// sizes, and the user whose photo it is), and two holding an rpc_error.
constexpr std::string_view answer_hex =
    "016d5cf30440f9d090f9b365a1cf7230fe3201001f8b08000000000000035ba1a3a8905a25f99b818181a176f5ba1dd3de5f"
    "08f8af2d1e3469e68399728c1cfc62b22ada46960eee7ea131c9598515f56dbd53662f5ab961fbbea3671818e6bba48b1ed9"
    "2ac3c2c0c0a0b767c303c64c06060d662e410979355d136b27cf80f0b8d49ce2aac68efe697397acdeb4f3c0f17357ef3c7e"
    "f5f1c77f365e1106068684bee3a58c890c0c0b18205858012a96c4c0e0c008c1c94950b1640686062608ae10676400321940"
    "76333230307438971be6831cc1c0c0b05b24400f44f3aefec8e85df0a884d9312591c327bf2c352731399581818127312531"
    "3e07c167fb7eb18909c9ef1a9c02e272aa3ac6568e1efe61b129d945950ded7d53e72c5eb571c7fe6367afdc7ef4f2c3f77f"
    "ac3cc2520c0c6037d817f43014cc7549070034f05436480100000000";

constexpr std::string_view photo_id_invalid_hex =
    "016d5cf30440f9d090f9b36519ca4421900100001050484f544f5f49445f494e56414c4944000000";

constexpr std::string_view flood_wait_hex = "016d5cf30440f9d090f9b36519ca4421a40100000d464c4f4f445f574149545f33300000";

using namespace tlcpp::api;

void print_photo(const photos::Photo& answer) {
  const auto& photo = answer.photo.get<tlcpp::api::photo>();
  std::printf("photo %lld (dc %d), %zu sizes:", static_cast<long long>(photo.id), photo.dc_id, photo.sizes.size());
  for (const auto& size : photo.sizes) {
    if (const auto* s = size.get_if<photoSize>()) {
      std::printf(" %s %dx%d (%d bytes)", s->type.c_str(), s->w, s->h, s->size);
    } else if (const auto* t = size.get_if<photoStrippedSize>()) {
      std::printf(" %s stripped (%zu bytes)", t->type.c_str(), t->bytes.size());
    }
  }
  std::printf("\n");
  for (const auto& u : answer.users) {
    if (const auto* user = u.get_if<tlcpp::api::user>()) {
      std::printf("user %lld: %s %s (@%s)%s\n", static_cast<long long>(user->id), user->first_name.value_or("").c_str(),
                  user->last_name.value_or("").c_str(), user->username.value_or("").c_str(),
                  user->self ? ", that is you" : "");
    }
  }
}

// What a client does with one answer to the call.
void handle(std::string_view answer_hex) {
  try {
    print_photo(tlcpp::parse_response<photos::updateProfilePhoto>(*tlcpp::from_hex(answer_hex)));
  } catch (const tlcpp::errors::photo_id_invalid& e) {
    std::printf("photo_id_invalid (%d %s): ask the user for another photo\n", e.code(), e.message().c_str());
  } catch (const tlcpp::errors::flood_wait& e) {
    std::printf("flood_wait (%d %s): retry in %d s\n", e.code(), e.message().c_str(), e.seconds());
  }
}

}  // namespace

int main() {
  const auto request = tlcpp::serialize(photos::updateProfilePhoto{
      .id = inputPhoto{.id = -4156887774564, .access_hash = -4156887774564, .file_reference = "arbitrary data here"},
  });
  std::printf("request: %s\n", tlcpp::to_hex(request).c_str());

  handle(answer_hex);
  handle(photo_id_invalid_hex);
  handle(flood_wait_hex);
  return 0;
}
