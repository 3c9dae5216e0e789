// Canonical JSON: the value type, and what goes wrong converting to or from it.
//
// An optional layer: it needs nlohmann/json (Debian's nlohmann-json3-dev).
// The format is fixed, because other tools read it:
//
//   {"_": "photos.photo", then the fields in schema order}
//   - `#` fields are not written; absent optional fields are omitted; a
//     `flags.N?true` field appears, as `true`, only when set;
//   - int and double are numbers; long, int128 and int256 are decimal strings
//     (int128/int256 are signed, as the wire's little-endian two's complement);
//   - bytes are standard padded base64; string is a JSON string (it must be
//     valid UTF-8);
//   - Bool is true/false; Vector and vector are arrays; nested objects carry
//     their own "_", and so does an `Object` or a generic method's query.
//
// Errors say what and where: to JSON, the field's JSON path and the byte
// offset of the bad value in the TL bytes; from JSON, the JSON path
// (`$.id.access_hash`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace tlcpp {

/// JSON value with the insertion order of object members kept, so that fields
/// come out in schema order.
using json = nlohmann::ordered_json;

enum class json_errc : std::uint8_t {
  // to JSON
  invalid_utf8 = 1,  ///< a string that is not valid UTF-8
  not_finite,        ///< a double that is NaN or infinite (JSON has no such numbers)
  bad_object,        ///< raw bytes of a nested object (Object) that do not decode
  // both
  out_of_range,  ///< an int128/int256 outside its width; a JSON number or decimal out of range
  // from JSON
  wrong_json_type,      ///< e.g. a number where a string belongs
  missing_constructor,  ///< an object without "_"
  unknown_constructor,  ///< "_" names no constructor or method
  wrong_constructor,    ///< "_" names a constructor of another type
  missing_field,        ///< a required field is absent
  unknown_field,        ///< a member the constructor does not have
  bad_decimal,          ///< a long/int128/int256 string that is not a decimal integer
  bad_base64,           ///< bytes that are not standard padded base64
  bad_flag,             ///< a flags.N?true field that is not `true`
  flag_conflict,        ///< fields sharing a flag bit disagree on presence
  too_deep,             ///< objects nested past json_options::max_depth
  not_serializable,     ///< a value TL cannot carry (a string over 16 MiB), or a type the registry lacks
};

/// Why a value could not go to or come from canonical JSON, and where.
struct json_failure {
  /// No offset (from JSON has no TL bytes).
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  json_errc code{};                  ///< what was wrong
  std::string path;                  ///< JSON path of the value, "$" for the top
  std::size_t offset = npos;         ///< to JSON: byte offset of the value in the TL bytes
  std::size_t string_offset = npos;  ///< invalid_utf8: offset of the bad byte in the string
  std::string detail;                ///< what was found or expected

  /// One line: the path, what was wrong, and the byte offset when there is one.
  [[nodiscard]] std::string message() const {
    const std::string at = offset == npos ? std::string() : " at byte " + std::to_string(offset);
    switch (code) {
      case json_errc::invalid_utf8:
        return "invalid UTF-8 in the string at " + path + ": byte " + std::to_string(string_offset) +
               " of the string, byte " + std::to_string(offset) + " of the TL bytes";
      case json_errc::not_finite:
        return "the double at " + path + at + " is " + detail + ", which JSON cannot hold";
      case json_errc::bad_object:
        return "the object at " + path + at + " does not decode: " + detail;
      default:
        return path + ": " + detail + at;
    }
  }
};

/// What to_json and from_json throw: a json_failure as an exception.
class json_error : public std::runtime_error {
 public:
  /// what() is "tlcpp: " + f.message().
  explicit json_error(const json_failure& f) : std::runtime_error("tlcpp: " + f.message()), f_(f) {}
  /// What was wrong.
  [[nodiscard]] json_errc code() const noexcept { return f_.code; }
  /// What was wrong and where.
  [[nodiscard]] const json_failure& failure() const noexcept { return f_; }

 private:
  json_failure f_;
};

/// Limits of reading JSON.
struct json_options {
  /// Objects nested inside objects, at most (as parse_options::max_depth):
  /// the walk is recursive, so crafted JSON must not exhaust the stack.
  std::size_t max_depth = 64;
};

}  // namespace tlcpp
