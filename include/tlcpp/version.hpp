// The version of tlcpp, and of the Telegram API layer it speaks.
//
// CMake reads the version from this file (one source of truth), so the
// installed package and the headers always agree.
#pragma once

#define TLCPP_VERSION_MAJOR 0
#define TLCPP_VERSION_MINOR 1
#define TLCPP_VERSION_PATCH 0

// The Telegram API layer of the generated headers (also tlcpp::api::layer).
#define TLCPP_API_LAYER 223

namespace tlcpp {

/// A semantic version.
struct version_t {
  int major;  ///< incompatible changes
  int minor;  ///< additions (a new API layer that only adds)
  int patch;  ///< fixes
};
/// The version of these headers.
inline constexpr version_t version{TLCPP_VERSION_MAJOR, TLCPP_VERSION_MINOR, TLCPP_VERSION_PATCH};
/// The Telegram API layer of the generated headers.
inline constexpr int api_layer = TLCPP_API_LAYER;

}  // namespace tlcpp
