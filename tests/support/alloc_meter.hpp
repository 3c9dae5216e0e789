// The one allocation meter of the tests and the benchmarks: how many times
// this thread allocated, and the most heap it held at once, while a meter
// is alive. alloc_meter.cpp replaces the global operator new and delete of
// the programs that link it (CMake target tlcpp_alloc_meter), and only
// theirs.
#pragma once

#include <cstddef>

namespace tlcpp::test {

/// Counts the calling thread's allocations from its construction on (one
/// meter at a time per thread: a new one restarts peak and largest).
class alloc_meter {
 public:
  alloc_meter() noexcept;
  /// Allocations (any form of operator new) since the meter started.
  [[nodiscard]] std::size_t allocations() const noexcept;
  /// The most bytes live at once since the meter started, above those live
  /// when it started (peak live heap, not bytes requested).
  [[nodiscard]] std::size_t peak() const noexcept;
  /// The largest single allocation since the meter started.
  [[nodiscard]] std::size_t largest() const noexcept;

 private:
  std::size_t allocations_at_start_;
  std::size_t live_at_start_;
};

}  // namespace tlcpp::test
