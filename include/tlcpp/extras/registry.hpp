// tlcpp::registry: every constructor and method of the API layer and of the
// MTProto schema, found at run time by id or by name, and described as data.
//
// For code that meets objects whose type it does not know statically: the
// `tlcpp` command-line tool, test vectors, logging of raw traffic, a test
// server. Each entry says what it is (id, name, TL line) and what its fields
// are (names, flag bits, encodings), in a table the generator writes
// (include/tlcpp/api/registry_table.cpp). One walker over that table checks
// bytes, turns them into canonical JSON and JSON back into bytes, for every
// type alike: the registry instantiates nothing per type and links as an
// ordinary library (CMake target tlcpp::json, with tlcpp/extras/json.hpp).
//
//   const tlcpp::registry::entry* e = tlcpp::registry::by_name("photos.updateProfilePhoto");
//   auto j = tlcpp::registry::decode(bytes);     // whatever the id says, as JSON
//   auto b = tlcpp::registry::encode(j.value()); // back to bytes, by "_"
//
// The walker refuses what the typed parser (tlcpp::parse) refuses, with the
// same kind and offset; the conformance tests check that for every
// constructor and method.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/detail/wire_traits.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/extras/json_failure.hpp"

namespace tlcpp::registry {

/// How a value is encoded, as data: the run-time twin of the tags of
/// tlcpp/core/wire.hpp.
enum class wire_kind : std::uint8_t {
  int_,
  long_,
  double_,
  string,
  bytes,
  int128,
  int256,
  Bool,
  object,      ///< any boxed object, to the end of its frame
  boxed,       ///< a constructor of boxed type types()[ref], with its id
  exact,       ///< constructor or method all()[ref], with its id
  bare,        ///< constructor all()[ref], without its id
  Vector,      ///< vector#1cb5c415, count, elements of `element`
  vector,      ///< count, elements of `element`
  any_method,  ///< the query of a generic method: any method, with its id
};

/// An encoding.
struct wire_type {
  wire_kind kind;                      ///< what it is
  std::uint32_t ref = 0;               ///< boxed: index in types(); exact, bare: index in all()
  const wire_type* element = nullptr;  ///< Vector, vector: the elements' encoding
};

/// What a field is: a `#` word, a `flags.N?true` bit, an optional field, a required one.
enum class field_kind : std::uint8_t { flags, true_flag, optional, required };

/// One field of a constructor or method.
struct field {
  std::string_view name;  ///< its TL name
  field_kind kind;        ///< what it is
  std::uint8_t word;      ///< flags: which `#` field it is; true_flag, optional: which it depends on
  std::uint32_t mask;     ///< flags: every bit a field uses; true_flag, optional: its bit
  const wire_type* type;  ///< its encoding (null for flags and true_flag)
};

/// A boxed type: its name and constructors.
struct boxed_type {
  std::string_view name;                        ///< TL name with namespace: "photos.Photo"
  std::span<const std::uint32_t> constructors;  ///< indices in all(), in order of id
  std::uint32_t min_size;                       ///< the fewest bytes a value takes (id included)
};

/// Why a decode, encode or check failed: in the bytes or in the JSON.
struct failure {
  /// Which side failed.
  enum class stage : std::uint8_t { parse, json, serialize };
  stage where = stage::parse;     ///< which side failed; only its member below is set
  parse_failure parse{};          ///< when where == stage::parse
  json_failure json{};            ///< when where == stage::json
  serialize_failure serialize{};  ///< when where == stage::serialize

  failure() = default;
  /// @{
  /// The failure of one side.
  failure(const parse_failure& f) : where(stage::parse), parse(f) {}   // NOLINT(google-explicit-constructor)
  failure(json_failure f) : where(stage::json), json(std::move(f)) {}  // NOLINT(google-explicit-constructor)
  failure(const serialize_failure& f)                                  // NOLINT(google-explicit-constructor)
      : where(stage::serialize), serialize(f) {}
  /// @}

  /// The failing side's message.
  [[nodiscard]] std::string message() const {
    switch (where) {
      case stage::parse:
        return parse.message();
      case stage::json:
        return json.message();
      default:
        return serialize.message();
    }
  }
};

/// One constructor or method.
struct entry {
  std::uint32_t id;               ///< TL constructor id
  std::string_view name;          ///< TL name with namespace: "photos.updateProfilePhoto"
  std::string_view type;          ///< boxed type of a constructor; answer type of a method ("X" for generic ones)
  std::string_view tl;            ///< the TL line
  std::string_view schema;        ///< "api" or "mtproto"
  bool method;                    ///< a method (function), not a constructor
  std::size_t index;              ///< position in all()
  std::span<const field> fields;  ///< its fields, in schema order
  std::uint32_t min_size;         ///< the fewest bytes its fields take

  /// Whether `in` is one whole object of this constructor or method (boxed,
  /// or bare when `bare` is set): a failure with code parse_errc{} when it
  /// is, else the kind and offset of what is wrong.
  [[nodiscard]] parse_failure check(std::span<const std::byte> in, bool bare = false,
                                    const parse_options& options = {}) const;
  /// Canonical JSON of the object in `in`: all of it, boxed (starting with
  /// this id), or bare when `bare` is set.
  [[nodiscard]] result<json, failure> decode(std::span<const std::byte> in, bool bare = false,
                                             const parse_options& options = {}) const;
  /// The boxed bytes of `j`, which must be this constructor or method.
  [[nodiscard]] result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options = {}) const;
};

/// Every entry: the API layer, then MTProto; each part in order of id.
std::span<const entry> all() noexcept;
/// @{
/// The entries of one schema.
std::span<const entry> api() noexcept;
std::span<const entry> mtproto() noexcept;
/// @}
/// Every boxed type, in order of name (the API layer's, then MTProto's).
std::span<const boxed_type> types() noexcept;

/// @{
/// The constructor or method with this id or TL name (with namespace), or null.
const entry* by_id(std::uint32_t id) noexcept;
const entry* by_name(std::string_view name) noexcept;
/// @}
/// The boxed type with this TL name, or null.
const boxed_type* type_named(std::string_view name) noexcept;

/// Canonical JSON of the one boxed object `in` holds, whatever its id.
result<json, failure> decode(std::span<const std::byte> in, const parse_options& options = {});
/// The boxed bytes of a canonical JSON object, by its "_".
result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options = {});

/// @{
/// The same for a value of any encoding `w` (what tlcpp::to_json and
/// tlcpp::from_json do for a typed value): check, decode, encode.
parse_failure check_as(const wire_type& w, std::span<const std::byte> in, const parse_options& options = {});
result<json, failure> decode_as(const wire_type& w, std::span<const std::byte> in, const parse_options& options = {});
result<std::vector<std::byte>, failure> encode_as(const wire_type& w, const json& j, const json_options& options = {});
/// @}

/// Reads one boxed method from r, whatever its id, and returns where it
/// began (the reader then stands after it); on failure the reader holds the
/// failure. (The typed parser reads a generic method's query of unknown type
/// with it.)
const std::byte* read_any_method(reader& r);

namespace detail {
/// The generated table (include/tlcpp/api/registry_table.cpp).
struct table {
  std::span<const entry> entries;     ///< the API layer's, then MTProto's
  std::size_t api_size;               ///< how many are the API layer's
  std::span<const boxed_type> types;  ///< in order of name within each schema
};
extern const table the_table;
}  // namespace detail

}  // namespace tlcpp::registry

namespace tlcpp {

/// The query of a generic method when its type is not known statically: the
/// boxed bytes of one method, held as a tlcpp::object (id(), span(), size()).
/// Reading one finds its end through the registry (and refuses an id that is
/// no method); writing copies the bytes; JSON shows the method itself.
class any_method : public object {
 public:
  /// Its answer is not known either.
  using result_type = object;

  any_method() = default;
  /// The boxed serialization of a method (not checked here).
  explicit any_method(std::vector<std::byte> boxed) : object(std::move(boxed)) {}
  /// A typed method, serialized.
  template <tl_method M>
  explicit any_method(const M& m) : object(serialize(m)) {}
};

/// @cond TLCPP_SPECIALIZATIONS
template <>
struct meta<any_method> {
  static constexpr std::string_view name = "X";
  using result = wire::object;
};

// Read through the registry, written as the bytes it holds.
template <>
struct wire_traits<wire::boxed<any_method>> {
  static constexpr std::size_t fixed = 0;
  static constexpr bool may_fail = true;
  static constexpr std::size_t min() { return 4; }
  static void read(reader& r, any_method& v) {
    const std::byte* start = registry::read_any_method(r);
    if (r.ok()) v = any_method(std::vector<std::byte>(start, r.position()));
  }
  static std::size_t size(detail::sizer& s, const any_method& v, std::string_view owner) {
    return wire_traits<wire::object>::size(s, v, owner);
  }
  static std::byte* write(std::byte* p, const std::byte* end, const any_method& v) {
    return wire_traits<wire::object>::write(p, end, v);
  }
};
/// @endcond

}  // namespace tlcpp
