// A heap meter for tests: bytes live on the heap, and the most live at once
// while a meter is active. It replaces the global operator new, which a
// program may do once: include this header in one translation unit of a test
// executable only.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

// Each block carries its size in a header.
namespace {
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};
constexpr std::size_t k_header = alignof(std::max_align_t);

void* allocate(std::size_t n) {
  auto* base = static_cast<unsigned char*>(std::malloc(n + k_header));
  if (!base) throw std::bad_alloc();
  std::memcpy(base, &n, sizeof n);
  const std::size_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return base + k_header;
}
void release(void* p) noexcept {
  if (!p) return;
  auto* base = static_cast<unsigned char*>(p) - k_header;
  std::size_t n = 0;
  std::memcpy(&n, base, sizeof n);
  g_live.fetch_sub(n, std::memory_order_relaxed);
  std::free(base);
}

// The most bytes live at once during its lifetime, above those live before.
class heap_meter {
 public:
  heap_meter() : base_(g_live.load()) { g_peak.store(base_); }
  [[nodiscard]] std::size_t peak() const { return g_peak.load() - base_; }

 private:
  std::size_t base_;
};
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
