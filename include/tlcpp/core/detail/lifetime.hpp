// Copying, moving, destroying and comparing one generated struct, out of line.
//
// one_of and box never touch a constructor's special members directly: they
// call these function templates through its address. Instantiating a boxed
// type (Update has several hundred constructors) therefore asks nothing of
// its constructors' members until a value is actually copied, moved,
// destroyed or compared, and in compiled mode (tlcpp::compiled, see
// entry_points.hpp) the instantiations are declared `extern`: a program's
// translation unit stops at the call, whatever the constructor holds.
#pragma once

#include <memory>
#include <new>
#include <utility>

namespace tlcpp::detail {

template <class C>
void destroy_at(void* p) noexcept {
  static_cast<C*>(p)->~C();
}
template <class C>
void copy_to(void* to, const void* from) {
  ::new (to) C(*static_cast<const C*>(from));
}
template <class C>
void move_to(void* to, void* from) noexcept {
  ::new (to) C(std::move(*static_cast<C*>(from)));
}
template <class C>
bool equal(const void* a, const void* b) {
  return *static_cast<const C*>(a) == *static_cast<const C*>(b);
}
// A default C that lives as long as the program: what an empty box or a
// moved-from heap slot reads as. Never destroyed (a default C owns no
// memory), so that using it asks nothing of C's destructor.
template <class C>
const C& default_value() {
  alignas(C) static unsigned char storage[sizeof(C)];
  static const C* const value = ::new (static_cast<void*>(storage)) C();
  return *value;
}

// A C on the heap, built in place by init(address); freed again if init
// throws. Heap values are made here and freed by heap_delete only.
template <class C, class Init>
C* heap_new(Init&& init) {
  struct guard {
    C* p;
    ~guard() {
      if (p) std::allocator<C>().deallocate(p, 1);
    }
  } g{std::allocator<C>().allocate(1)};
  init(static_cast<void*>(g.p));
  return std::exchange(g.p, nullptr);
}
template <class C>
void heap_delete(C* p) noexcept {
  if (p) {
    destroy_at<C>(p);
    std::allocator<C>().deallocate(p, 1);
  }
}

}  // namespace tlcpp::detail
