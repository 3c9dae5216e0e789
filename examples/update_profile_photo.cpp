// photos.updateProfilePhoto, end to end: build the request in one expression,
// serialize it, and read the photos.Photo a server answers with.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/hex.hpp"
#include "tlcpp/serialize.hpp"

namespace {

// A photos.photo answer as Telegram sends it (written by mtcute, an
// independent TL implementation: tools/vectors/seed.mjs): the new photo with a
// stripped thumbnail and three sizes, and the user whose photo it is.
constexpr std::string_view answer_hex =
    "a82c2120657a19fb000000007dabaeb896efd050ff2b17529299e0991e01080f161d242b323940474e555c636a71787f86"
    "8d949ba2a9b0b7bec5cc00009f446715c4b51c040000002ebcb0e00169000028030a11181f262d343b424950575e656c73"
    "7a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d14000000608ec77501610000a0000000a000000013200000608ec7"
    "7501620000400100004001000063620000608ec775016300008002000080020000781701000200000015c4b51c01000000"
    "884377316f04000000000000bb14502e000000000dabf1014b70e27403416461084c6f76656c6163650000000c6164615f"
    "6c6f76656c61636500000006f7d182020000007dabaeb896efd050280910171e252c333a41484f565d646b727980878e95"
    "9ca3aab1b8bfc6cdd4dbe2e9f0f7fe050c131a000000020000003f708c00709d4467";

}  // namespace

int main() {
  using namespace tlcpp::api;

  const auto request = tlcpp::serialize(photos::updateProfilePhoto{
      .id = inputPhoto{.id = -4156887774564, .access_hash = -4156887774564, .file_reference = "arbitrary data here"},
  });
  std::printf("request: %s\n", tlcpp::to_hex(request).c_str());

  const auto answer = tlcpp::parse<photos::updateProfilePhoto::result_type>(*tlcpp::from_hex(answer_hex));
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
  return 0;
}
