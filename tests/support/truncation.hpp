// What a parse of a proper prefix of a valid object must report: the
// failure happens where the input ends, never a success with a shorter
// object and never an offset past the input. Shared by limits_test (typed
// parses) and conformance_test (every vector, through the registry).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>

#include "tlcpp/core/codec_error.hpp"

namespace tlcpp::test {

/// A prefix of n bytes fails at its end: `truncated` for a value that starts
/// at the failure offset and needs more than the n - offset bytes left, or
/// `vector_too_long` for a count that the bytes left after it cannot hold.
inline ::testing::AssertionResult fails_at_the_end(const tlcpp::parse_failure& f, std::size_t n) {
  if (f.code == tlcpp::parse_errc::truncated && f.offset <= n && f.limit == n - f.offset && f.value > f.limit) {
    return ::testing::AssertionSuccess();
  }
  if (f.code == tlcpp::parse_errc::vector_too_long && f.offset + 4 <= n && f.limit == n - f.offset - 4 && f.value > 0) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "prefix of " << n << " bytes: " << f.message();
}

}  // namespace tlcpp::test
