// tlcpp::one_of<Cs...>: the value of a boxed TL type with several constructors.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <variant>  // std::bad_variant_access, what get<C>() throws

#include "tlcpp/core/detail/config.hpp"
#include "tlcpp/core/detail/lifetime.hpp"
#include "tlcpp/core/meta.hpp"

namespace tlcpp {

// How large a constructor a one_of holds in place (see one_of). The cost of
// a one_of is paid by every element of a vector of it, even one holding the
// smallest constructor; the smallest constructor's size in memory stands for
// its size on the wire (which is not known where the one_of is defined). So a
// constructor is held in place up to the factor times the smallest one,
// within the floor and the ceiling. The ceiling keeps `user` (872 bytes) in
// place: a vector of users, in most answers, makes no allocation per user.

/// A constructor of at most this many bytes is always held in place.
inline constexpr std::size_t one_of_inline_floor = 128;
/// ... and one of at most this many times the smallest constructor ...
inline constexpr std::size_t one_of_inline_factor = 128;
/// ... unless it is larger than this: then it is held on the heap.
inline constexpr std::size_t one_of_inline_ceiling = 1024;

namespace detail {
template <class... Cs>
constexpr std::size_t one_of_inline_limit() {
  const std::size_t smallest = std::min({sizeof(Cs)...});
  return std::min(one_of_inline_ceiling, std::max(one_of_inline_floor, one_of_inline_factor * smallest));
}
template <class C, class... Cs>
constexpr std::size_t index_in() {
  std::size_t i = 0;
  (void)((std::is_same_v<C, Cs> || (++i, false)) || ...);
  return i;
}
}  // namespace detail

/// The value of a boxed TL type with several constructors: one of them.
///
/// The generator emits `struct InputPhoto : tlcpp::one_of<inputPhotoEmpty,
/// inputPhoto> { ... };`, so each boxed type is a distinct type while all
/// behaviour lives here. Access is checked: get_if returns null on the
/// wrong constructor, get throws std::bad_variant_access; there is no
/// unchecked cast.
///
/// Large constructors are held on the heap (one allocation when one is set;
/// see one_of_inline_ceiling), the others in place. Otherwise a boxed type
/// would be as large as its largest constructor (Update would be 7 KiB), and
/// a vector of its smallest constructors would cost thousands of times its
/// size on the wire. Access is the same either way.
///
/// A one_of is never empty, so it is not a std::variant: copying, moving,
/// destroying and comparing go through one function per constructor
/// (detail/lifetime.hpp), taken by address, so that instantiating a boxed
/// type costs a table, not the special members of everything it can hold.
template <class... Cs>
class one_of {
  static_assert(sizeof...(Cs) >= 1 && sizeof...(Cs) <= 0xffff);
  template <class C>
  static constexpr std::size_t index_of = detail::index_in<C, Cs...>();
  template <class C>
  static constexpr bool has = index_of<C> < sizeof...(Cs);
  template <class C>
  static constexpr bool on_heap = sizeof(C) > detail::one_of_inline_limit<Cs...>();
  // Bytes of the storage a constructor uses: itself, or a pointer to it.
  static constexpr std::size_t used[] = {(on_heap<Cs> ? sizeof(void*) : sizeof(Cs))...};

 public:
  /// The constructors, in schema order.
  using alternatives = type_list<Cs...>;

  /// The first constructor, value-initialized (usually the `...Empty` one).
  one_of() noexcept { construct<first>(); }

  /// Holds the given constructor.
  template <class C>
  requires(has<std::remove_cvref_t<C>>) one_of(C&& c)  // NOLINT(google-explicit-constructor)
  {
    construct<std::remove_cvref_t<C>>(std::forward<C>(c));
  }

  /// @{
  /// Copies and moves the held constructor (a large one's heap copy is deep).
  one_of(const one_of& o) : index_(o.index_) { copy_from(o); }
  one_of(one_of&& o) noexcept : index_(o.index_) { move_from(o); }
  one_of& operator=(const one_of& o) {
    if (this != &o) *this = one_of(o);
    return *this;
  }
  one_of& operator=(one_of&& o) noexcept {
    if (this != &o) {
      destroy();
      index_ = o.index_;
      move_from(o);
    }
    return *this;
  }
  ~one_of() { destroy(); }
  /// @}

  /// True when the held constructor is C.
  template <class C>
  [[nodiscard]] bool is() const noexcept {
    return index_ == index_of<C>;
  }
  /// @{
  /// The held constructor as C, or nullptr when another one is held.
  template <class C>
  [[nodiscard]] const C* get_if() const noexcept {
    return is<C>() ? &slot<C>() : nullptr;
  }
  template <class C>
  [[nodiscard]] C* get_if() {
    return is<C>() ? &slot<C>() : nullptr;
  }
  /// @}
  /// @{
  /// The held constructor as C; throws std::bad_variant_access on another one.
  template <class C>
  [[nodiscard]] const C& get() const {
    if (!is<C>()) TLCPP_THROW(std::bad_variant_access());
    return slot<C>();
  }
  template <class C>
  [[nodiscard]] C& get() {
    if (!is<C>()) TLCPP_THROW(std::bad_variant_access());
    return slot<C>();
  }
  /// @}
  /// Replaces the held value by a new C built from args (if that throws,
  /// the old value stays).
  template <class C, class... Args>
  C& emplace(Args&&... args) {
    static_assert(has<C>, "C is not a constructor of this type");
    if constexpr (on_heap<C>) {
      C* p = detail::heap_new<C>([&](void* at) { ::new (at) C(std::forward<Args>(args)...); });
      destroy();
      set_heap(p);
    } else {
      C made(std::forward<Args>(args)...);
      destroy();
      ::new (storage_) C(std::move(made));
    }
    index_ = index_of<C>;
    return slot<C>();
  }

  /// For the parser: emplace<C>(), with C's members given their initial
  /// values one by one instead of zeroing all of C first (a `rep stos` of
  /// 872 bytes per user: a fifth of parsing photos.photo with 100 users).
  template <class C>
  friend C& emplace_member_init(one_of& o) {
    if constexpr (on_heap<C>) {
      C* p = detail::heap_new<C>([](void* at) { ::new (at) C; });
      o.destroy();
      o.set_heap(p);
    } else {
      o.destroy();
      ::new (o.storage_) C;
    }
    o.index_ = index_of<C>;
    return o.template slot<C>();
  }

  /// Position of the held constructor in `alternatives`.
  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  /// TL constructor id of the held value.
  [[nodiscard]] std::uint32_t id() const noexcept {
    static constexpr std::uint32_t ids[] = {meta<Cs>::id...};
    return ids[index_];
  }

  /// @{
  /// Calls f with the held constructor.
  template <class F>
  decltype(auto) visit(F&& f) const {
    return visit_impl(*this, f);
  }
  template <class F>
  decltype(auto) visit(F&& f) {
    return visit_impl(*this, f);
  }
  /// @}

  /// Same constructor, equal fields.
  friend bool operator==(const one_of& a, const one_of& b) {
    static constexpr bool (*equal[])(const void*,
                                     const void*) = {(std::is_empty_v<Cs> ? nullptr : &detail::equal<Cs>)...};
    if (a.index_ != b.index_) return false;
    if (!equal[a.index_]) return true;
    return visit_impl(a, [&]<class C>(const C& x) { return equal[index_of<C>](&x, &b.template slot<C>()); });
  }

 private:
  template <class C, class...>
  struct first_of {
    using type = C;
  };
  using first = typename first_of<Cs...>::type;

  template <class C, class... Args>
  void construct(Args&&... args) {
    index_ = index_of<C>;
    if constexpr (!on_heap<C>) {
      ::new (storage_) C(std::forward<Args>(args)...);
    } else if constexpr (sizeof...(Args) == 0) {
      set_heap(static_cast<C*>(nullptr));  // reads as a default C; allocated when first written
    } else {
      set_heap(detail::heap_new<C>([&](void* at) { ::new (at) C(std::forward<Args>(args)...); }));
    }
  }

  template <class C>
  void set_heap(C* p) noexcept {
    std::memcpy(storage_, &p, sizeof p);
  }
  template <class C>
  static C* heap_pointer(const void* storage) noexcept {
    C* p;
    std::memcpy(&p, storage, sizeof p);
    return p;
  }
  // The held C, which must be the one held. A heap slot is null only when
  // default-constructed or moved from: it reads as a default C, and is
  // allocated when first written.
  template <class C>
  const C& slot() const {
    if constexpr (on_heap<C>) {
      const C* p = heap_pointer<C>(storage_);
      return p ? *p : detail::default_value<C>();
    } else {
      return *std::launder(reinterpret_cast<const C*>(storage_));
    }
  }
  template <class C>
  C& slot() {
    if constexpr (on_heap<C>) {
      C* p = heap_pointer<C>(storage_);
      if (!p) set_heap(p = detail::heap_new<C>([](void* at) { ::new (at) C(); }));
      return *p;
    } else {
      return *std::launder(reinterpret_cast<C*>(storage_));
    }
  }

  template <class C>
  static void destroy_heap(void* storage) noexcept {
    detail::heap_delete(heap_pointer<C>(storage));
  }
  template <class C>
  static void copy_heap(void* to, const void* from) {
    C* p = heap_pointer<C>(from);
    C* q = p ? detail::heap_new<C>([&](void* at) { detail::copy_to<C>(at, p); }) : nullptr;
    std::memcpy(to, &q, sizeof q);
  }
  void destroy() noexcept {
    static constexpr void (*destroy[])(void*) noexcept = {(on_heap<Cs> ? &destroy_heap<Cs>
                                                           : std::is_trivially_destructible_v<Cs>
                                                               ? nullptr
                                                               : &detail::destroy_at<Cs>)...};
    if (auto* d = destroy[index_]) d(storage_);
  }
  void copy_from(const one_of& o) {
    static constexpr void (*copy[])(void*,
                                    const void*) = {(on_heap<Cs>                        ? &copy_heap<Cs>
                                                     : std::is_trivially_copyable_v<Cs> ? nullptr
                                                                                        : &detail::copy_to<Cs>)...};
    if (auto* c = copy[index_]) {
      c(storage_, o.storage_);
    } else {
      std::memcpy(storage_, o.storage_, used[index_]);
    }
  }
  template <class C>
  static void move_heap(void* to, void* from) noexcept {
    std::memcpy(to, from, sizeof(C*));
    std::memset(from, 0, sizeof(C*));  // the pointer moved: `from` reads as a default C
  }
  void move_from(one_of& o) noexcept {
    static constexpr void (*move[])(void*,
                                    void*) noexcept = {(on_heap<Cs>                        ? &move_heap<Cs>
                                                        : std::is_trivially_copyable_v<Cs> ? nullptr
                                                                                           : &detail::move_to<Cs>)...};
    if (auto* m = move[index_]) {
      m(storage_, o.storage_);
    } else {
      std::memcpy(storage_, o.storage_, used[index_]);
    }
  }

  // Up to 16 constructors visiting is a chain of index tests, which compilers
  // turn into a switch and inline; beyond, one indirect call through a table.
  template <class Self, class F>
  static decltype(auto) visit_impl(Self& self, F&& f) {
    using R = decltype(f(self.template slot<first>()));
    if constexpr (sizeof...(Cs) <= 16 &&
                  (std::is_void_v<R> ||
                   (std::is_default_constructible_v<R> && std::is_move_assignable_v<R> && !std::is_reference_v<R>))) {
      return visit_chain<R>(self, f, std::index_sequence_for<Cs...>{});
    } else {
      using F0 = std::remove_reference_t<F>;
      static constexpr R (*table[])(Self&, F0&) = {[](Self& s, F0& g) -> R { return g(s.template slot<Cs>()); }...};
      return table[self.index_](self, f);
    }
  }
  template <class R, class Self, class F, std::size_t... I>
  static R visit_chain(Self& self, F& f, std::index_sequence<I...>) {
    const std::size_t i = self.index_;
    if constexpr (std::is_void_v<R>) {
      (void)((i == I && (f(self.template slot<Cs>()), true)) || ...);
    } else {
      R r{};
      (void)((i == I && (r = f(self.template slot<Cs>()), true)) || ...);
      return r;
    }
  }

  alignas(std::max({(on_heap<Cs> ? alignof(void*) : alignof(Cs))...})) unsigned char storage_[std::max(
      {(on_heap<Cs> ? sizeof(void*) : sizeof(Cs))...})];
  std::uint16_t index_ = 0;
};

}  // namespace tlcpp
