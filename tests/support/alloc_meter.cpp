// A counting global operator new: every form (plain, array, nothrow,
// aligned) counts one allocation and its size for the calling thread, then
// takes its memory from malloc as the default one does. Each block carries
// its size just before it, so that delete can count it back. Counters are
// per thread: no atomic operation on the allocation path, no races.
#include "support/alloc_meter.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace {

thread_local std::size_t t_allocations = 0;
thread_local std::size_t t_live = 0;
thread_local std::size_t t_peak = 0;
thread_local std::size_t t_largest = 0;

// Where the size goes: one header of the block's alignment before it.
void* allocate(std::size_t n, std::size_t align) noexcept {
  // A header of `align` bytes holds the size and the alignment. malloc
  // serves the usual alignment: aligned_alloc costs a benchmark's
  // allocations several nanoseconds more each.
  align = std::max(align, alignof(std::max_align_t));
  auto* base = static_cast<unsigned char*>(align == alignof(std::max_align_t)
                                               ? std::malloc(align + n)
                                               : std::aligned_alloc(align, (align + n + align - 1) / align * align));
  if (!base) return nullptr;
  std::memcpy(base + align - sizeof n, &n, sizeof n);
  std::memcpy(base + align - 2 * sizeof n, &align, sizeof align);
  ++t_allocations;
  t_live += n;
  t_peak = std::max(t_peak, t_live);
  t_largest = std::max(t_largest, n);
  return base + align;
}
void release(void* p) noexcept {
  if (!p) return;
  auto* user = static_cast<unsigned char*>(p);
  std::size_t n = 0, align = 0;
  std::memcpy(&n, user - sizeof n, sizeof n);
  std::memcpy(&align, user - 2 * sizeof n, sizeof align);
  t_live -= n;
  std::free(user - align);
}
void* allocate_or_throw(std::size_t n, std::size_t align) {
  if (void* p = allocate(n, align)) return p;
  throw std::bad_alloc();
}
constexpr std::size_t plain = alignof(std::max_align_t);

}  // namespace

tlcpp::test::alloc_meter::alloc_meter() noexcept : allocations_at_start_(t_allocations), live_at_start_(t_live) {
  t_peak = t_live;
  t_largest = 0;
}
std::size_t tlcpp::test::alloc_meter::allocations() const noexcept { return t_allocations - allocations_at_start_; }
std::size_t tlcpp::test::alloc_meter::peak() const noexcept { return t_peak - live_at_start_; }
std::size_t tlcpp::test::alloc_meter::largest() const noexcept { return t_largest; }

void* operator new(std::size_t n) { return allocate_or_throw(n, plain); }
void* operator new[](std::size_t n) { return allocate_or_throw(n, plain); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, plain); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, plain); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
