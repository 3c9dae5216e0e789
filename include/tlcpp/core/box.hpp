// tlcpp::box<T>: a heap-allocated T with value semantics.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "tlcpp/core/detail/lifetime.hpp"

namespace tlcpp {

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

/// A heap-allocated T with value semantics, for recursive TL types.
///
/// The generator uses it only where a TL type can contain itself by value
/// (RichText inside textBold, ...): C++ cannot nest a type inside itself.
/// A box copies deeply and compares by value. A default-constructed box
/// allocates nothing and reads as a default T, so default-constructing a
/// recursive type never recurses. Like one_of, it copies, destroys and
/// compares its T through out-of-line functions (detail/lifetime.hpp).
template <class T>
class box {
 public:
  /// The boxed type.
  using value_type = T;

  /// Empty: reads as a default T, allocates nothing.
  box() noexcept = default;
  /// @{
  /// A box holding a copy of (or the moved) value.
  box(const T& v)  // NOLINT(google-explicit-constructor)
      : p_(detail::heap_new<T>([&](void* at) { detail::copy_to<T>(at, &v); })) {}
  box(T&& v)  // NOLINT(google-explicit-constructor)
      : p_(detail::heap_new<T>([&](void* at) { detail::move_to<T>(at, &v); })) {}
  /// @}
  /// A box holding a T made from `v` (a constructor of a boxed type T).
  // Checked last and only for plain values, so that comparing
  // optional<box<T>> while T is still incomplete never asks whether T is
  // constructible.
  template <class U>
  requires(!std::is_same_v<std::remove_cvref_t<U>, box> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
           !detail::is_optional<std::remove_cvref_t<U>>::value && std::is_constructible_v<T, U&&>) box(U&& v)
      : p_(detail::heap_new<T>([&](void* at) { ::new (at) T(std::forward<U>(v)); })) {}  // NOLINT

  /// @{
  /// Deep copy; moving moves the pointer.
  box(const box& o) : p_(o.p_ ? detail::heap_new<T>([&](void* at) { detail::copy_to<T>(at, o.p_); }) : nullptr) {}
  box(box&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  box& operator=(const box& o) {
    if (this != &o) *this = box(o);
    return *this;
  }
  box& operator=(box&& o) noexcept {
    if (this != &o) {
      detail::heap_delete(p_);
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  ~box() { detail::heap_delete(p_); }
  /// @}

  /// The value; read access never allocates (an empty box reads as a default T).
  const T& get() const { return p_ ? *p_ : detail::default_value<T>(); }
  /// The value for writing; allocates on first use.
  T& get() {
    if (!p_) p_ = detail::heap_new<T>([](void* at) { ::new (at) T(); });
    return *p_;
  }
  /// @{
  /// Same as get().
  const T& operator*() const { return get(); }
  T& operator*() { return get(); }
  const T* operator->() const { return &get(); }
  T* operator->() { return &get(); }
  /// @}

  /// Compares the values.
  friend bool operator==(const box& a, const box& b) { return detail::equal<T>(&a.get(), &b.get()); }

 private:
  T* p_ = nullptr;
};

}  // namespace tlcpp
