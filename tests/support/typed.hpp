// Every constructor and method of the registry through the typed code: the
// generated structs, tlcpp::parse and tlcpp::serialize, found by registry
// index. Tests use it to hold the typed parser and writer against the
// registry's walker and against published bytes, for the whole layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/extras/registry.hpp"

namespace tlcpp::test {

/// What the typed code does with one constructor or method.
struct typed_entry {
  /// The constructor id of the C++ type (equal to the entry's).
  std::uint32_t id;
  /// tlcpp::parse of exactly `in` (boxed, or bare when `bare`): parse_errc{}
  /// when it parses, else its failure.
  parse_failure (*check)(std::span<const std::byte> in, bool bare, const parse_options& options);
  /// tlcpp::parse then tlcpp::serialize.
  result<std::vector<std::byte>, registry::failure> (*reserialize)(std::span<const std::byte> in);
};

/// The typed code of registry entry e.
const typed_entry& typed(const registry::entry& e);

}  // namespace tlcpp::test
