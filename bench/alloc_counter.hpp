// Heap allocations made by the calling thread, for the benchmarks' `allocs`
// counter. alloc_counter.cpp replaces the global operator new of the
// benchmark binaries (and only theirs) with a counting one.
#pragma once

#include <cstddef>

namespace tlcpp_bench {

// Allocations (any form of operator new) made so far by this thread.
std::size_t allocations() noexcept;

}  // namespace tlcpp_bench
