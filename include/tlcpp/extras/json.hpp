// Canonical JSON of typed values: tlcpp::to_json and tlcpp::from_json.
//
//   tlcpp::to_json(x)              -> tlcpp::json (fields in schema order), or throws json_error
//   tlcpp::from_json<T>(j)         -> T, or throws json_error
//   tlcpp::try_to_json(x), tlcpp::try_from_json<T>(j)
//                                  the same, returning tlcpp::result (no exceptions)
//
// The format and its errors: tlcpp/extras/json_failure.hpp. Both directions
// go through the TL bytes and the registry's table (registry.hpp): to_json
// serializes x and shows the bytes, from_json writes the bytes and parses
// them as T. So a failure's offset is exact (the offset in x's
// serialization; when x was parsed, in the input), and no type has JSON
// code of its own to instantiate. Link the CMake target tlcpp::json.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tlcpp/core/serialize.hpp"
#include "tlcpp/extras/json_failure.hpp"
#include "tlcpp/extras/registry.hpp"

namespace tlcpp {

namespace detail {

template <class T>
struct is_boxed_wire : std::false_type {};
template <class T>
struct is_boxed_wire<wire::boxed<T>> : std::true_type {};

// The registry's description of encoding W, built once; null when W names a
// type the registry does not have (a schema other than api and mtproto).
template <class W>
const registry::wire_type* wire_type_of() {
  using registry::wire_kind;
  using registry::wire_type;
  static const wire_type* const node = []() -> const wire_type* {
    if constexpr (std::is_same_v<W, wire::int_>) {
      static const wire_type t{wire_kind::int_};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::long_>) {
      static const wire_type t{wire_kind::long_};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::double_>) {
      static const wire_type t{wire_kind::double_};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::string>) {
      static const wire_type t{wire_kind::string};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::bytes>) {
      static const wire_type t{wire_kind::bytes};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::int128>) {
      static const wire_type t{wire_kind::int128};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::int256>) {
      static const wire_type t{wire_kind::int256};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::Bool>) {
      static const wire_type t{wire_kind::Bool};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::object>) {
      static const wire_type t{wire_kind::object};
      return &t;
    } else if constexpr (std::is_same_v<W, wire::boxed<any_method>>) {
      static const wire_type t{wire_kind::any_method};
      return &t;
    } else if constexpr (is_boxed_wire<W>::value) {
      return []<class T>(wire::boxed<T>*) -> const wire_type* {
        if constexpr (tl_boxed<T>) {
          const registry::boxed_type* b = registry::type_named(meta<T>::name);
          if (!b) return nullptr;
          static const wire_type t{wire_kind::boxed, static_cast<std::uint32_t>(b - registry::types().data())};
          return &t;
        } else {
          const registry::entry* e = registry::by_id(meta<T>::id);
          if (!e || e->name != meta<T>::name) return nullptr;
          static const wire_type t{wire_kind::exact, static_cast<std::uint32_t>(e->index)};
          return &t;
        }
      }(static_cast<W*>(nullptr));
    } else {
      return []<template <class> class V, class T>(V<T>*) -> const wire_type* {
        static_assert(std::is_same_v<V<T>, wire::Vector<T>> || std::is_same_v<V<T>, wire::vector<T>> ||
                          std::is_same_v<V<T>, wire::bare<T>>,
                      "no JSON form for this encoding");
        if constexpr (std::is_same_v<V<T>, wire::bare<T>>) {
          const registry::entry* e = registry::by_id(meta<T>::id);
          if (!e || e->name != meta<T>::name) return nullptr;
          static const wire_type t{wire_kind::bare, static_cast<std::uint32_t>(e->index)};
          return &t;
        } else {
          const wire_type* element = wire_type_of<T>();
          if (!element) return nullptr;
          static const wire_type t{std::is_same_v<V<T>, wire::Vector<T>> ? wire_kind::Vector : wire_kind::vector, 0,
                                   element};
          return &t;
        }
      }(static_cast<W*>(nullptr));
    }
  }();
  return node;
}

json_failure not_in_registry(std::string_view what);
json_failure json_failure_of(const registry::failure& f);

template <class T>
constexpr std::string_view name_of() {
  if constexpr (requires { meta<T>::name; }) {
    return meta<T>::name;
  } else {
    return "this type";
  }
}

}  // namespace detail

/// The canonical JSON of x encoded as W; no exceptions.
template <class W, class T>
result<json, json_failure> try_to_json_as(const T& x) {
  const registry::wire_type* w = detail::wire_type_of<W>();
  if (!w) return detail::not_in_registry(detail::name_of<T>());
  std::vector<std::byte> bytes;
  if (auto r = try_serialize_as<W>(x, bytes); !r) return detail::json_failure_of(r.error());
  auto j = registry::decode_as(*w, bytes, {.max_depth = static_cast<std::size_t>(-1), .max_size = bytes.size()});
  if (!j) return detail::json_failure_of(j.error());
  return std::move(j).value();
}
/// The canonical JSON of x; no exceptions.
template <class T>
result<json, json_failure> try_to_json(const T& x) {
  return try_to_json_as<typename default_wire<T>::type>(x);
}

/// The canonical JSON of x; throws json_error for a string that is not UTF-8,
/// a double that is not finite, or a value the writer refuses.
template <class T>
json to_json(const T& x) {
  auto r = try_to_json(x);
  if (!r) TLCPP_THROW(json_error(r.error()));
  return std::move(r).value();
}

/// T from its canonical JSON; no exceptions.
template <class T, class W = typename default_wire<T>::type>
result<T, json_failure> try_from_json(const json& j, const json_options& options = {}) {
  const registry::wire_type* w = detail::wire_type_of<W>();
  if (!w) return detail::not_in_registry(detail::name_of<T>());
  auto bytes = registry::encode_as(*w, j, options);
  if (!bytes) return detail::json_failure_of(bytes.error());
  auto value = try_parse<T, W>(*bytes, {.max_depth = options.max_depth, .max_size = bytes->size()});
  if (!value) return detail::json_failure_of(registry::failure(value.error()));
  return std::move(value).value();
}

/// T from its canonical JSON; throws json_error naming the JSON path of the
/// first problem.
template <class T, class W = typename default_wire<T>::type>
T from_json(const json& j, const json_options& options = {}) {
  auto r = try_from_json<T, W>(j, options);
  if (!r) TLCPP_THROW(json_error(r.error()));
  return std::move(r).value();
}

}  // namespace tlcpp
