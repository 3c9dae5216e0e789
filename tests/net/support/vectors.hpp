// Test vectors of the session tier: JSON files in tests/net/vectors.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/hex.hpp"

namespace tlcpp::test {

/// tests/net/vectors/<name>, parsed; throws if it is missing or not JSON.
inline nlohmann::json load_net_vectors(const std::string& name) {
  const std::string path = std::string(TLCPP_NET_VECTORS_DIR) + "/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

/// The bytes of a hex string field.
inline std::vector<std::byte> hex_field(const nlohmann::json& j, const char* key) {
  return unhex(j.at(key).get<std::string>());
}

}  // namespace tlcpp::test
