// A consumer of tlcpp: serializes the seed request and checks its bytes
// (the bytes GramJS writes). Built against an installed tlcpp and through
// FetchContent by tests/consumers/run.sh.
#include <cstdio>
#include <string_view>

#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/version.hpp"

int main() {
  using namespace tlcpp::api;
  constexpr std::string_view expected =
      "3920e809000000004ab9b33b9c4a2e2638fcffff9c4a2e2638fcffff1361726269747261727920646174612068657265";
  const auto bytes = tlcpp::serialize(photos::updateProfilePhoto{
      .id = inputPhoto{.id = -4156887774564, .access_hash = -4156887774564, .file_reference = "arbitrary data here"},
  });
  const auto hex = tlcpp::to_hex(bytes);
  std::printf("tlcpp %d.%d.%d, layer %d: %s\n", tlcpp::version.major, tlcpp::version.minor, tlcpp::version.patch,
              tlcpp::api_layer, hex == expected ? "seed bytes ok" : hex.c_str());
  return hex == expected ? 0 : 1;
}
