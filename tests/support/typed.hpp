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
  /// Parses exactly `in` as the type (boxed, or bare when `bare`); when it
  /// parses and `again` is given, serializes the value (boxed) into it, a
  /// refusal going to `refused`. The parse's failure, parse_errc{} if none.
  using run_fn = parse_failure (*)(std::span<const std::byte> in, bool bare, const parse_options& options,
                                   std::vector<std::byte>* again, serialize_failure* refused);
  run_fn run;

  /// tlcpp::parse of exactly `in`: parse_errc{} when it parses, else its failure.
  [[nodiscard]] parse_failure check(std::span<const std::byte> in, bool bare = false,
                                    const parse_options& options = {}) const {
    return run(in, bare, options, nullptr, nullptr);
  }
  /// tlcpp::parse then tlcpp::serialize.
  [[nodiscard]] result<std::vector<std::byte>, registry::failure> reserialize(std::span<const std::byte> in) const {
    std::vector<std::byte> out;
    serialize_failure refused{};
    if (const parse_failure f = run(in, false, {}, &out, &refused); f.code != parse_errc{}) return registry::failure(f);
    if (refused.code != serialize_errc{}) return registry::failure(refused);
    return out;
  }
};

/// The typed code of registry entry e.
const typed_entry& typed(const registry::entry& e);

}  // namespace tlcpp::test
