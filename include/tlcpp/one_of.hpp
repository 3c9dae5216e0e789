// tlcpp::one_of<Cs...>: the value of a boxed TL type with several constructors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include "tlcpp/meta.hpp"

namespace tlcpp {

/// The value of a boxed TL type with several constructors: one of them.
///
/// The generator emits `struct InputPhoto : tlcpp::one_of<inputPhotoEmpty,
/// inputPhoto> { ... };`, so each boxed type is a distinct type while all
/// behaviour lives here. Access is checked: get_if returns null on the
/// wrong constructor, get throws; there is no unchecked cast.
template <class... Cs>
class one_of {
 public:
  /// The constructors, in schema order.
  using alternatives = type_list<Cs...>;

  /// The first constructor, default-initialized (usually the `...Empty` one).
  one_of() = default;

  /// Holds the given constructor.
  template <class C>
  requires(std::is_same_v<std::remove_cvref_t<C>, Cs> || ...) one_of(C&& c)
      : value_(std::forward<C>(c)) {}  // NOLINT(google-explicit-constructor)

  /// True when the held constructor is C.
  template <class C>
  [[nodiscard]] bool is() const noexcept {
    return std::holds_alternative<C>(value_);
  }
  /// @{
  /// The held constructor as C, or nullptr when another one is held.
  template <class C>
  [[nodiscard]] const C* get_if() const noexcept {
    return std::get_if<C>(&value_);
  }
  template <class C>
  [[nodiscard]] C* get_if() noexcept {
    return std::get_if<C>(&value_);
  }
  /// @}
  /// @{
  /// The held constructor as C; throws std::bad_variant_access on another one.
  template <class C>
  [[nodiscard]] const C& get() const {
    return std::get<C>(value_);
  }
  template <class C>
  [[nodiscard]] C& get() {
    return std::get<C>(value_);
  }
  /// @}
  /// Replaces the held value by a new C built from args.
  template <class C, class... Args>
  C& emplace(Args&&... args) {
    return value_.template emplace<C>(std::forward<Args>(args)...);
  }

  /// Position of the held constructor in `alternatives`.
  [[nodiscard]] std::size_t index() const noexcept { return value_.index(); }
  /// TL constructor id of the held value.
  [[nodiscard]] std::uint32_t id() const noexcept {
    return std::visit([](const auto& c) { return meta<std::remove_cvref_t<decltype(c)>>::id; }, value_);
  }

  /// @{
  /// Calls f with the held constructor.
  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), value_);
  }
  template <class F>
  decltype(auto) visit(F&& f) {
    return std::visit(std::forward<F>(f), value_);
  }

  /// @}

  /// @{
  /// The underlying std::variant, for code that wants std::visit.
  [[nodiscard]] const std::variant<Cs...>& variant() const noexcept { return value_; }
  [[nodiscard]] std::variant<Cs...>& variant() noexcept { return value_; }

  /// @}

  /// Same constructor, equal fields.
  friend bool operator==(const one_of&, const one_of&) = default;

 private:
  std::variant<Cs...> value_;
};

}  // namespace tlcpp
