// The out-of-line entry points of each generated struct, and compiled mode.
//
// Everything the library does to a constructor or a method goes through a
// few function templates per struct: read its fields, size them, write them
// (serialize.hpp defines these three), and copy, move, destroy, compare and
// default one (detail/lifetime.hpp). Code for a struct's fields is inlined
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

// True for the structs whose entry points are compiled in the library (in
// compiled mode): the serializer then calls them instead of inlining them.
template <class C>
inline constexpr bool compiled = false;

}  // namespace detail
}  // namespace tlcpp

// The explicit instantiations of one struct's entry points: `extern` in a
// program's headers, definitions in the library's sources (generated
// include/tlcpp/{api,mtproto}/compiled/*.cpp).
#define TLCPP_DETAIL_METHOD_ENTRY_POINTS(prefix, T)                                      \
  prefix void ::tlcpp::detail::read_fields<T>(::tlcpp::reader&, T&);                     \
  prefix std::size_t ::tlcpp::detail::fields_size<T>(::tlcpp::detail::sizer&, const T&); \
  prefix std::byte* ::tlcpp::detail::write_fields<T>(std::byte*, const std::byte*, const T&, bool);
#define TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(prefix, T)           \
  TLCPP_DETAIL_METHOD_ENTRY_POINTS(prefix, T)                      \
  prefix void ::tlcpp::detail::destroy_at<T>(void*) noexcept;      \
  prefix void ::tlcpp::detail::copy_to<T>(void*, const void*);     \
  prefix void ::tlcpp::detail::move_to<T>(void*, void*) noexcept;  \
  prefix bool ::tlcpp::detail::equal<T>(const void*, const void*); \
  prefix const T& ::tlcpp::detail::default_value<T>();

#if defined(TLCPP_COMPILED)
#define TLCPP_COMPILED_METHOD(T)                             \
  template <>                                                \
  inline constexpr bool ::tlcpp::detail::compiled<T> = true; \
  TLCPP_DETAIL_METHOD_ENTRY_POINTS(extern template, T)
#define TLCPP_COMPILED_CONSTRUCTOR(T)                        \
  template <>                                                \
  inline constexpr bool ::tlcpp::detail::compiled<T> = true; \
  TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(extern template, T)
#else
#define TLCPP_COMPILED_METHOD(T)
#define TLCPP_COMPILED_CONSTRUCTOR(T)
#endif

#define TLCPP_INSTANTIATE_METHOD(T) TLCPP_DETAIL_METHOD_ENTRY_POINTS(template, T)
#define TLCPP_INSTANTIATE_CONSTRUCTOR(T) TLCPP_DETAIL_CONSTRUCTOR_ENTRY_POINTS(template, T)
