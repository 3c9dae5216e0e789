// The out-of-line entry points of each generated struct, and compiled mode.
//
// Everything the library does to a constructor or a method goes through a
// few function templates per struct: read its fields, size them, write them
// (detail/fields.hpp defines these three), and copy, move, destroy and
// compare one (detail/lifetime.hpp); a boxed type of several
// constructors has three more, to read the constructor an id names and to
// size and write the one it holds. Code for a struct's fields is inlined
// into its own entry point; a field holding another constructor calls that
// constructor's entry point. So a use of one struct instantiates that
// struct's code and stops at the structs it holds.
//
// Compiled mode: the CMake target tlcpp::compiled holds these entry points
// of every constructor and method, compiled once, and defines TLCPP_COMPILED
// for its users. Each generated header then declares its structs' entry
// points `extern` (TLCPP_COMPILED_CONSTRUCTOR / TLCPP_COMPILED_METHOD below),
// and a program's translation unit instantiates nothing of the layer. A
// constructor made of builtins only (ints, strings, vectors of them) is
// small enough to stay inline everywhere: the generator names no such
// constructor, and the library does not hold it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tlcpp/core/detail/lifetime.hpp"

namespace tlcpp {
class reader;
namespace detail {
struct sizer;

template <class C>
void read_fields(reader& r, C& x);
template <class C>
std::size_t fields_size(sizer& s, const C& x);
template <class C>
std::byte* write_fields(std::byte* p, const std::byte* end, const C& x, bool boxed);
// The same for a boxed type T of several constructors: the constructor
// with this id (false if T has none), and the held one's size and bytes.
template <class T>
bool read_constructor_of(reader& r, T& x, std::uint32_t id);
template <class T>
std::size_t constructor_size(sizer& s, const T& x);
template <class T>
std::byte* write_constructor_of(std::byte* p, const std::byte* end, const T& x);

// True for the structs whose entry points are compiled in the library (in
// compiled mode): the serializer then calls them instead of inlining them.
template <class C>
inline constexpr bool compiled = false;

}  // namespace detail
}  // namespace tlcpp

// The explicit instantiations of one struct's entry points: `extern` in a
// program's headers, definitions in the library's sources (generated
// include/tlcpp/{api,mtproto}/compiled/*.cpp).
#define TLCPP_DETAIL_METHOD_ENTRY_POINTS(prefix, T)                                  \
  prefix void tlcpp::detail::read_fields<T>(tlcpp::reader&, T&);                     \
  prefix std::size_t tlcpp::detail::fields_size<T>(tlcpp::detail::sizer&, const T&); \
  prefix std::byte* tlcpp::detail::write_fields<T>(std::byte*, const std::byte*, const T&, bool);
#define TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(prefix, T)        \
  TLCPP_DETAIL_METHOD_ENTRY_POINTS(prefix, T)                   \
  prefix void tlcpp::detail::destroy_at<T>(void*) noexcept;     \
  prefix void tlcpp::detail::copy_to<T>(void*, const void*);    \
  prefix void tlcpp::detail::move_to<T>(void*, void*) noexcept; \
  prefix bool tlcpp::detail::equal<T>(const void*, const void*);

#define TLCPP_DETAIL_TYPE_ENTRY_POINTS(prefix, T)                                         \
  prefix bool tlcpp::detail::read_constructor_of<T>(tlcpp::reader&, T&, std::uint32_t);   \
  prefix std::size_t tlcpp::detail::constructor_size<T>(tlcpp::detail::sizer&, const T&); \
  prefix std::byte* tlcpp::detail::write_constructor_of<T>(std::byte*, const std::byte*, const T&);

#if defined(TLCPP_COMPILED)
#define TLCPP_COMPILED_TYPE(T)                             \
  template <>                                              \
  inline constexpr bool tlcpp::detail::compiled<T> = true; \
  TLCPP_DETAIL_TYPE_ENTRY_POINTS(extern template, T)
#define TLCPP_COMPILED_METHOD(T)                           \
  template <>                                              \
  inline constexpr bool tlcpp::detail::compiled<T> = true; \
  TLCPP_DETAIL_METHOD_ENTRY_POINTS(extern template, T)
#define TLCPP_COMPILED_CONSTRUCTOR(T)                      \
  template <>                                              \
  inline constexpr bool tlcpp::detail::compiled<T> = true; \
  TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(extern template, T)
#else
#define TLCPP_COMPILED_TYPE(T)
#define TLCPP_COMPILED_METHOD(T)
#define TLCPP_COMPILED_CONSTRUCTOR(T)
#endif

#define TLCPP_INSTANTIATE_TYPE(T) TLCPP_DETAIL_TYPE_ENTRY_POINTS(template, T)
#define TLCPP_INSTANTIATE_METHOD(T) TLCPP_DETAIL_METHOD_ENTRY_POINTS(template, T)
#define TLCPP_INSTANTIATE_CONSTRUCTOR(T) TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(template, T)
