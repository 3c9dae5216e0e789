// The benchmark workloads, fixed so that numbers stay comparable across
// versions; the tests use them as realistic answers. bench/peers/mtcute.mjs
// builds the same values with mtcute and checks that its bytes equal ours;
// change both or neither.
//
//   W1     photos.updateProfilePhoto{id: inputPhoto{...}}, the seed request (48 bytes)
//   W2(n)  a photos.photo answer: one photo with a stripped size and three
//          photoSizes, and n users with a name, a username, a profile photo
//          with a stripped thumbnail, and a last-seen status
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "support/seed.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"

namespace tlcpp::test {

using namespace tlcpp::api;  // NOLINT(google-build-using-namespace): workloads read like the schema

// n bytes start, start + 7, start + 14, ... (mod 256): incompressible-looking
// data for file references and thumbnails.
inline tlcpp::bytes sequence(std::size_t n, unsigned start) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((start + i * 7) & 0xff);
  return tlcpp::bytes(std::move(s));
}

// "<prefix><i, zero-padded to `digits`>": 8- and 10-character names.
inline std::string numbered(const char* prefix, int digits, unsigned i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*u", prefix, digits, i);
  return buf;
}

/// W1: the seed request.
inline photos::updateProfilePhoto w1() { return seed_request(); }

inline user w2_user(unsigned i) {
  return {
      .id = 1000000 + std::int64_t{i},
      .access_hash = 8422417720593722125 + std::int64_t{i},
      .first_name = numbered("first", 3, i),  // 8 characters
      .last_name = numbered("last", 4, i),    // 8 characters
      .username = numbered("user_", 5, i),    // 10 characters
      .photo =
          userProfilePhoto{
              .photo_id = 5823417748812639101 + std::int64_t{i}, .stripped_thumb = sequence(40, 9 + i), .dc_id = 2},
      .status = userStatusOffline{.was_online = 1732550000 + static_cast<std::int32_t>(i)},
  };
}

inline photos::photo w2(unsigned n) {
  photos::photo answer{
      .photo =
          photo{
              .id = 5823417748812639101,
              .access_hash = -7358712937401865217,
              .file_reference = sequence(30, 1),
              .date = 1732550400,
              .sizes = {photoStrippedSize{.type = "i", .bytes = sequence(40, 3)},
                        photoSize{.type = "a", .w = 160, .h = 160, .size = 8211},
                        photoSize{.type = "b", .w = 320, .h = 320, .size = 25187},
                        photoSize{.type = "c", .w = 640, .h = 640, .size = 71544}},
              .dc_id = 2,
          },
  };
  for (unsigned i = 0; i < n; ++i) answer.users.emplace_back(w2_user(i));
  return answer;
}

}  // namespace tlcpp::test
