// Hex literals in tests: the one unhex every test uses.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/core/hex.hpp"

namespace tlcpp::test {

/// The bytes of hex text (either case; white space between digits is
/// ignored). Throws on anything else, so that a typo in a test's literal
/// fails loudly instead of comparing against fewer bytes.
inline std::vector<std::byte> unhex(std::string_view text) {
  auto bytes = tlcpp::from_hex(text);
  if (!bytes) throw std::invalid_argument("unhex: not hex: " + std::string(text.substr(0, 64)));
  return std::move(*bytes);
}

}  // namespace tlcpp::test
