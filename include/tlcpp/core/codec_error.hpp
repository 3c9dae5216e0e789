// Errors of the reader and the writer, with and without exceptions.
//
// The core (reader, writer, serializer) never throws: it records the first
// failure in a small struct (parse_failure, serialize_failure) and callers
// branch on tlcpp::result. parse<T> and serialize(x) are the throwing layer on
// top; they throw parse_error and serialize_error, which carry that struct.
// With exceptions disabled (-fno-exceptions), the throwing layer aborts
// instead, and the try_* functions are the API to use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "tlcpp/core/detail/config.hpp"

namespace tlcpp {

enum class parse_errc : std::uint8_t {
  truncated = 1,        ///< the input ends inside a value
  unknown_constructor,  ///< a constructor id the expected type does not have
  vector_too_long,      ///< a count the remaining bytes cannot hold
  trailing_bytes,       ///< bytes left after the top-level object
  too_deep,             ///< nesting past parse_options::max_depth
  bad_bool,             ///< a Bool that is neither boolTrue nor boolFalse
  unknown_flags,        ///< flag bits set that no field of the constructor uses
  bad_length,           ///< a string length prefix TL does not allow
  bad_padding,          ///< non-zero padding after a string
  too_large,            ///< input or inflated data past a configured limit
  bad_gzip,             ///< gzip_packed data that does not inflate
};

/// The first thing that went wrong while reading, and where.
struct parse_failure {
  parse_errc code{};        ///< what went wrong
  std::size_t offset = 0;   ///< byte offset in the input where it was detected
  std::uint64_t value = 0;  ///< the offending number (id, count, length, flags)
  std::uint64_t limit = 0;  ///< what it was compared against (bytes left, depth)
  std::string_view what;    ///< the TL type or constructor involved, if any

  /// One line for people: what, and at which byte.
  [[nodiscard]] std::string message() const {
    char buf[160];
    const auto w = std::string(what);
    const auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    switch (code) {
      case parse_errc::truncated:
        std::snprintf(buf, sizeof buf, "truncated input: %llu more bytes needed at byte %zu, %llu left", u(value),
                      offset, u(limit));
        break;
      case parse_errc::unknown_constructor:
        std::snprintf(buf, sizeof buf, "unknown constructor id 0x%08llx for %s at byte %zu", u(value), w.c_str(),
                      offset);
        break;
      case parse_errc::vector_too_long:
        std::snprintf(buf, sizeof buf, "vector count %llu at byte %zu is more than the %llu bytes left can hold",
                      u(value), offset, u(limit));
        break;
      case parse_errc::trailing_bytes:
        std::snprintf(buf, sizeof buf, "%llu trailing bytes after the object at byte %zu", u(value), offset);
        break;
      case parse_errc::too_deep:
        std::snprintf(buf, sizeof buf, "objects nested deeper than the limit of %llu at byte %zu", u(limit), offset);
        break;
      case parse_errc::bad_bool:
        std::snprintf(buf, sizeof buf, "non-canonical Bool id 0x%08llx at byte %zu", u(value), offset);
        break;
      case parse_errc::unknown_flags:
        std::snprintf(buf, sizeof buf, "flags of %s at byte %zu set bits 0x%08llx that no field uses", w.c_str(),
                      offset, u(value));
        break;
      case parse_errc::bad_length:
        std::snprintf(buf, sizeof buf, "invalid string length %llu (prefix form %llu) at byte %zu", u(value), u(limit),
                      offset);
        break;
      case parse_errc::bad_padding:
        std::snprintf(buf, sizeof buf, "non-zero padding after a string at byte %zu", offset);
        break;
      case parse_errc::too_large:
        std::snprintf(buf, sizeof buf, "%s of %llu bytes at byte %zu exceeds the limit of %llu",
                      w.empty() ? "input" : w.c_str(), u(value), offset, u(limit));
        break;
      case parse_errc::bad_gzip:
        std::snprintf(buf, sizeof buf, "corrupt gzip_packed data at byte %zu (%s)", offset, w.c_str());
        break;
      default:
        std::snprintf(buf, sizeof buf, "parse error at byte %zu", offset);
    }
    return buf;
  }
};

enum class serialize_errc : std::uint8_t {
  string_too_long = 1,  ///< string or bytes longer than 2^24 - 1 bytes
  flag_conflict,        ///< fields sharing one flag bit disagree on presence
  int_out_of_range,     ///< int128/int256 outside the two's complement range
  bad_object,           ///< a raw Object that is not a whole number of words
  buffer_too_small,     ///< serialize_into: the buffer cannot hold the value (`value` is the size needed)
};

/// Why a value cannot be serialized faithfully.
struct serialize_failure {
  serialize_errc code{};    ///< what is wrong
  std::string_view what;    ///< constructor involved
  std::uint64_t value = 0;  ///< the length, or the flag bit

  /// One line for people.
  [[nodiscard]] std::string message() const {
    char buf[160];
    const auto w = std::string(what);
    const auto u = static_cast<unsigned long long>(value);
    switch (code) {
      case serialize_errc::string_too_long:
        std::snprintf(buf, sizeof buf, "a string of %llu bytes in %s is longer than TL allows (16777215)", u,
                      w.c_str());
        break;
      case serialize_errc::flag_conflict:
        std::snprintf(buf, sizeof buf, "fields of %s that share flag bit %llu disagree on whether it is set", w.c_str(),
                      u);
        break;
      case serialize_errc::int_out_of_range:
        std::snprintf(buf, sizeof buf, "an int128/int256 value in %s does not fit its width", w.c_str());
        break;
      case serialize_errc::bad_object:
        std::snprintf(buf, sizeof buf, "a raw Object of %llu bytes in %s is not a whole TL object", u, w.c_str());
        break;
      case serialize_errc::buffer_too_small:
        std::snprintf(buf, sizeof buf, "%s needs %llu bytes, more than the buffer holds", w.c_str(), u);
        break;
      default:
        std::snprintf(buf, sizeof buf, "cannot serialize %s", w.c_str());
    }
    return buf;
  }
};

/// Thrown by tlcpp::parse: the input was not one valid object of the type.
class parse_error : public std::runtime_error {
 public:
  /// what() is "tlcpp: " and the failure's message.
  explicit parse_error(const parse_failure& f) : std::runtime_error("tlcpp: " + f.message()), f_(f) {}
  /// What went wrong.
  [[nodiscard]] parse_errc code() const noexcept { return f_.code; }
  /// Byte offset in the input where it was detected.
  [[nodiscard]] std::size_t offset() const noexcept { return f_.offset; }
  /// All details.
  [[nodiscard]] const parse_failure& failure() const noexcept { return f_; }

 private:
  parse_failure f_;
};

/// Thrown by tlcpp::serialize: the value cannot be written faithfully.
class serialize_error : public std::runtime_error {
 public:
  /// what() is "tlcpp: " and the failure's message.
  explicit serialize_error(const serialize_failure& f) : std::runtime_error("tlcpp: " + f.message()), f_(f) {}
  /// What is wrong.
  [[nodiscard]] serialize_errc code() const noexcept { return f_.code; }
  /// All details.
  [[nodiscard]] const serialize_failure& failure() const noexcept { return f_; }

 private:
  serialize_failure f_;
};

/// A value or the reason there is none; the non-throwing API returns these.
template <class T, class E>
class result {
 public:
  /// @{
  /// A value, or the reason there is none.
  result(T v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT(google-explicit-constructor)
  result(E e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT(google-explicit-constructor)

  /// @}
  /// @{
  /// True when there is a value.
  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  /// @}
  /// @{
  /// The value (throws std::bad_variant_access when there is none).
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  /// @}
  /// The reason (throws std::bad_variant_access when there is a value).
  [[nodiscard]] const E& error() const { return std::get<1>(v_); }
  /// @{
  /// Same as value().
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// @}

 private:
  std::variant<T, E> v_;
};

}  // namespace tlcpp
