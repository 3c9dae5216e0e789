// tlcpp::meta<T>: the compile-time description of a generated struct.
//
// Generated headers specialize meta<T> for every constructor and method:
//
//   template <> struct meta<api::inputPhoto> {
//     static constexpr std::uint32_t id = 0x3bb3b94a;
//     static constexpr std::string_view name = "inputPhoto";
//     static constexpr std::string_view type = "InputPhoto";
//     using fields = type_list<
//         field<&api::inputPhoto::id, wire::long_, "id">, ...>;
//   };
//
// and give boxed types (one_of) a meta with just their `name`. Keeping the
// description outside the struct leaves the struct a plain aggregate whose
// member names are exactly the TL field names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "tlcpp/core/detail/entry_points.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp {

template <class T>
struct meta;  // specialized by generated code only

template <class... Ts>
struct type_list {};

/// A string usable as a template argument (field names live in types, so a
/// description is a list of types: nothing is evaluated until it is used,
/// which keeps including thousands of descriptions cheap).
template <std::size_t N>
struct fixed_string {
  char chars[N]{};  ///< the characters and a terminating NUL
  /// From a string literal.
  constexpr fixed_string(const char (&s)[N]) noexcept {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
  /// The characters, without the NUL.
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

/// A stored field: `Member` is a pointer to the struct member, `Wire` its
/// encoding (a tag from wire.hpp), `Name` its TL name.
template <auto Member, class Wire, fixed_string Name>
struct field {
  static constexpr auto member = Member;                 ///< pointer to the struct member
  using wire = Wire;                                     ///< its encoding
  static constexpr std::string_view name = Name.view();  ///< its TL name
};

/// A `name:#` field. It is not stored: the writer derives it from the optional
/// fields that refer to it, so a flags word can never disagree with the fields.
/// K is its ordinal among the struct's `#` fields.
template <unsigned K, fixed_string Name>
struct flags_field {
  static constexpr unsigned ordinal = K;                 ///< 0 for the first `#` field, 1 for the second
  static constexpr std::string_view name = Name.view();  ///< its TL name (`flags`, `flags2`)
};

template <class T>
concept described = requires {
  typename meta<T>::fields;
};

// A constructor or a method: something with an id and fields.
template <class T>
concept tl_object = described<T> && requires {
  meta<T>::id;
};

// A method additionally names the encoding of its answer.
template <class T>
concept tl_method = tl_object<T> && requires {
  typename meta<T>::result;
};

// A boxed type with several constructors (derives from one_of).
template <class T>
concept tl_boxed = requires {
  typename T::alternatives;
};

}  // namespace tlcpp
