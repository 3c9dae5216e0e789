// tlcpp::one_of<Cs...>: the value of a boxed TL type with several constructors.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include "tlcpp/core/box.hpp"
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

// Tag for a constructor whose members get their initial values (their `{}`)
// and nothing else.
struct member_init_t {};

// A constructor held in place. Built from member_init_t (what the parser
// does, through emplace_member_init), C is default-initialized: each member
// gets its `{}` and no other byte is written. Value-initializing C, as
// emplace<C>() does, zeroes every byte first (a `rep stos` of 872 bytes per
// user: a fifth of parsing photos.photo with 100 users, by perf).
template <class C>
struct in_place {
  C value;
  in_place() = default;
  explicit in_place(member_init_t) {}
  explicit in_place(const C& c) : value(c) {}
  explicit in_place(C&& c) noexcept(std::is_nothrow_move_constructible_v<C>) : value(std::move(c)) {}
  friend bool operator==(const in_place&, const in_place&) = default;
};

// How a one_of of Cs stores constructor C: in place, or in a box.
template <class C, class... Cs>
using one_of_slot = std::conditional_t<(sizeof(C) > one_of_inline_limit<Cs...>()), box<C>, in_place<C>>;

template <class C>
constexpr C& unslot(in_place<C>& c) noexcept {
  return c.value;
}
template <class C>
constexpr const C& unslot(const in_place<C>& c) noexcept {
  return c.value;
}
template <class C>
C& unslot(box<C>& b) {
  return *b;
}
template <class C>
const C& unslot(const box<C>& b) {
  return *b;
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
/// wrong constructor, get throws; there is no unchecked cast.
///
/// Large constructors are held on the heap (one allocation when one is set;
/// see one_of_inline_ceiling), the others in place. Otherwise a boxed type
/// would be as large as its largest constructor (Update would be 7 KiB), and
/// a vector of its smallest constructors would cost thousands of times its
/// size on the wire. Access is the same either way.
template <class... Cs>
class one_of {
  template <class C>
  static constexpr std::size_t index_of = detail::index_in<C, Cs...>();
  template <class C>
  static constexpr bool has = index_of<C> < sizeof...(Cs);

 public:
  /// The constructors, in schema order.
  using alternatives = type_list<Cs...>;

  /// The first constructor, default-initialized (usually the `...Empty` one).
  one_of() = default;

  /// Holds the given constructor.
  template <class C>
  requires(has<std::remove_cvref_t<C>>) one_of(C&& c)  // NOLINT(google-explicit-constructor)
      : value_(std::in_place_index<index_of<std::remove_cvref_t<C>>>, std::forward<C>(c)) {}

  /// True when the held constructor is C.
  template <class C>
  [[nodiscard]] bool is() const noexcept {
    return value_.index() == index_of<C>;
  }
  /// @{
  /// The held constructor as C, or nullptr when another one is held.
  template <class C>
  [[nodiscard]] const C* get_if() const noexcept {
    const auto* s = std::get_if<index_of<C>>(&value_);
    return s ? &detail::unslot(*s) : nullptr;
  }
  template <class C>
  [[nodiscard]] C* get_if() noexcept {
    auto* s = std::get_if<index_of<C>>(&value_);
    return s ? &detail::unslot(*s) : nullptr;
  }
  /// @}
  /// @{
  /// The held constructor as C; throws std::bad_variant_access on another one.
  template <class C>
  [[nodiscard]] const C& get() const {
    return detail::unslot(std::get<index_of<C>>(value_));
  }
  template <class C>
  [[nodiscard]] C& get() {
    return detail::unslot(std::get<index_of<C>>(value_));
  }
  /// @}
  /// Replaces the held value by a new C built from args.
  template <class C, class... Args>
  C& emplace(Args&&... args) {
    static_assert(has<C>, "C is not a constructor of this type");
    if constexpr (std::is_same_v<detail::one_of_slot<C, Cs...>, detail::in_place<C>>) {
      if constexpr (sizeof...(Args) == 0) {
        return value_.template emplace<index_of<C>>().value;
      } else {
        return value_.template emplace<index_of<C>>(C(std::forward<Args>(args)...)).value;
      }
    } else if constexpr (sizeof...(Args) == 0) {
      return *value_.template emplace<index_of<C>>(box<C>(C{}));
    } else {
      return *value_.template emplace<index_of<C>>(box<C>(C(std::forward<Args>(args)...)));
    }
  }

  /// For the parser: emplace<C>(), with C's members given their initial
  /// values one by one instead of zeroing all of C first.
  template <class C>
  friend C& emplace_member_init(one_of& o) {
    if constexpr (std::is_same_v<detail::one_of_slot<C, Cs...>, detail::in_place<C>>) {
      return o.value_.template emplace<index_of<C>>(detail::member_init_t{}).value;
    } else {
      return o.template emplace<C>();
    }
  }

  /// Position of the held constructor in `alternatives`.
  [[nodiscard]] std::size_t index() const noexcept { return value_.index(); }
  /// TL constructor id of the held value.
  [[nodiscard]] std::uint32_t id() const noexcept {
    return visit_impl(*this, [](const auto& c) { return meta<std::remove_cvref_t<decltype(c)>>::id; });
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
  friend bool operator==(const one_of&, const one_of&) = default;

 private:
  // Up to 16 constructors visiting is a chain of index tests, which compilers
  // turn into a switch and inline (std::visit's table of function pointers
  // stays an indirect call).
  template <class Self, class F>
  static decltype(auto) visit_impl(Self& self, F&& f) {
    using R = decltype(f(detail::unslot(std::get<0>(self.value_))));
    if constexpr (sizeof...(Cs) <= 16 &&
                  (std::is_void_v<R> ||
                   (std::is_default_constructible_v<R> && std::is_move_assignable_v<R> && !std::is_reference_v<R>))) {
      return visit_chain<R>(self, f, std::index_sequence_for<Cs...>{});
    } else {
      return std::visit([&f](auto& s) -> decltype(auto) { return f(detail::unslot(s)); }, self.value_);
    }
  }
  template <class R, class Self, class F, std::size_t... I>
  static R visit_chain(Self& self, F& f, std::index_sequence<I...>) {
    const std::size_t i = self.value_.index();
    if constexpr (std::is_void_v<R>) {
      const bool held = ((i == I && (f(detail::unslot(*std::get_if<I>(&self.value_))), true)) || ...);
      if (!held) (void)std::get<0>(self.value_);  // valueless: throws bad_variant_access, as std::visit does
    } else {
      R r{};
      const bool held = ((i == I && (r = f(detail::unslot(*std::get_if<I>(&self.value_))), true)) || ...);
      if (!held) (void)std::get<0>(self.value_);
      return r;
    }
  }

  std::variant<detail::one_of_slot<Cs, Cs...>...> value_;
};

}  // namespace tlcpp
