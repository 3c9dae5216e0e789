// What the loopback server answers in the client's tests: photos.updateProfilePhoto
// of photo 1 gets a photos.photo (mtcute's bytes), photo 2 PHOTO_ID_INVALID,
// photo 3 FLOOD_WAIT_30; anything else 400 METHOD_NOT_SCRIPTED.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "net/support/loopback_server.hpp"
#include "support/answers.hpp"
#include "support/hex.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/serialize.hpp"

namespace tlcpp::test {

/// The script (see the top of this file).
inline rpc_reply photo_script(std::span<const std::byte> request) {
  auto m = tlcpp::try_parse<api::photos::updateProfilePhoto>(request);
  if (!m) return rpc_reply::error(400, "METHOD_NOT_SCRIPTED");
  const auto* photo = m->id.get_if<api::inputPhoto>();
  if (photo == nullptr || photo->id == 2) return rpc_reply::error(400, "PHOTO_ID_INVALID");
  if (photo->id == 3) return rpc_reply::error(420, "FLOOD_WAIT_30");
  return {unhex(packed_photo_result_hex), 0, {}};
}

}  // namespace tlcpp::test
