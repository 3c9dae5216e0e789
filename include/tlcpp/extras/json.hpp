// Canonical JSON for every generated type: tlcpp::to_json and tlcpp::from_json.
//
// An optional layer: it needs nlohmann/json (Debian's nlohmann-json3-dev);
// nothing else in tlcpp includes it. Like serialize.hpp it walks the field
// descriptions of meta<T>, so there is no per-type code. The format is fixed,
// because other tools read it:
//
//   {"_": "photos.photo", then the fields in schema order}
//   - `#` fields are not written; absent optional fields are omitted; a
//     `flags.N?true` field appears, as `true`, only when set;
//   - int and double are numbers; long, int128 and int256 are decimal strings
//     (int128/int256 are signed, as the wire's little-endian two's complement);
//   - bytes are standard padded base64; string is a JSON string (it must be
//     valid UTF-8);
//   - Bool is true/false; Vector and vector are arrays; nested objects carry
//     their own "_".
//
// Public entry points:
//   tlcpp::to_json(x)              -> tlcpp::json (field order kept), or throws json_error
//   tlcpp::from_json<T>(j)         -> T, or throws json_error
//   tlcpp::try_to_json(x), tlcpp::try_from_json<T>(j)
//                                  the same, returning tlcpp::result (no exceptions)
//
// Errors say what and where: to_json names the field's JSON path and the byte
// offset of the bad value in x's serialization (parse() is exact, so when x was
// parsed that is the offset in the input); from_json names the JSON path
// (`$.id.access_hash`).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "tlcpp/core/serialize.hpp"

namespace tlcpp {

/// JSON value with the insertion order of object members kept, so that fields
/// come out in schema order.
using json = nlohmann::ordered_json;

enum class json_errc : std::uint8_t {
  /// to_json
  invalid_utf8 = 1,  // a string that is not valid UTF-8
  not_finite,        ///< a double that is NaN or infinite (JSON has no such numbers)
  bad_object,        ///< raw bytes of a nested object (Object, !X) that do not parse
  // both
  out_of_range,  ///< an int128/int256 outside its width; a JSON number or decimal out of range
  // from_json
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
  not_serializable,     ///< a nested !X query that cannot be serialized
};

/// Why a value could not go to or come from canonical JSON, and where.
struct json_failure {
  /// No offset (from_json has no TL bytes).
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  json_errc code{};                  ///< what was wrong
  std::string path;                  ///< JSON path of the value, "$" for the top
  std::size_t offset = npos;         ///< to_json: byte offset of the value in the TL bytes
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

/// Limits of from_json.
struct json_options {
  /// Objects nested inside objects, at most (as parse_options::max_depth):
  /// the walk is recursive, so crafted JSON must not exhaust the stack.
  std::size_t max_depth = 64;
};

/// Types the walker cannot describe by their fields (an `Object` field, the
/// query of a generic method without a static type) specialize this with
///   static void to_json(detail::json_out&, const T&, json&);
///   static void from_json(detail::json_in&, const json&, T&);
/// tlcpp/extras/registry.hpp does, for tlcpp::object and tlcpp::any_method.
template <class T>
struct json_hooks;

namespace detail {

// ---------------------------------------------------------------------------
// Text helpers.

/// Offset of the first byte that does not start a well-formed UTF-8 sequence
/// (no overlong forms, no surrogates, nothing above U+10FFFF), or npos.
inline std::size_t invalid_utf8_at(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xbf;  ///< allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return i;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return i;
    }
    i += len;
  }
  return json_failure::npos;
}

inline constexpr char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const unsigned v = p[i] << 16 | p[i + 1] << 8 | p[i + 2];
    out += base64_digits[v >> 18];
    out += base64_digits[(v >> 12) & 63];
    out += base64_digits[(v >> 6) & 63];
    out += base64_digits[v & 63];
  }
  if (const std::size_t rest = in.size() - i; rest != 0) {
    const unsigned v = p[i] << 16 | (rest == 2 ? p[i + 1] << 8 : 0);
    out += base64_digits[v >> 18];
    out += base64_digits[(v >> 12) & 63];
    out += rest == 2 ? base64_digits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

inline int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Strict: a multiple of four characters, '=' only as the last one or two,
/// and zero bits after the last byte (so that each value has one spelling).
/// On failure returns the offset of the first bad character.
inline std::optional<std::size_t> base64_decode(std::string_view in, std::string& out) {
  if (in.size() % 4 != 0) return in.size();
  out.clear();
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    int v[4];
    std::size_t pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = in[i + k];
      if (c == '=' && last && k >= 2 && (k == 3 || in[i + 3] == '=')) {
        v[k] = 0;
        ++pad;
        continue;
      }
      v[k] = base64_value(c);
      if (v[k] < 0 || pad != 0) return i + k;
    }
    const unsigned w = static_cast<unsigned>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    if ((pad == 1 && (w & 0xff) != 0) || (pad == 2 && (w & 0xffff) != 0)) return i + 3 - pad;
    out += static_cast<char>(w >> 16);
    if (pad < 2) out += static_cast<char>((w >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(w & 0xff);
  }
  return std::nullopt;
}

/// A decimal integer as the format writes it: an optional '-', then digits
/// without leading zeros ("0", never "-0" or "007").
inline bool canonical_decimal(std::string_view s) noexcept {
  const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() == start) return false;
  for (std::size_t i = start; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  if (s[start] == '0') return s.size() == 1;
  return true;
}

/// Quoted and shortened, for messages.
inline std::string shown(const json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

inline const char* json_kind(const json& j) noexcept {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

// ---------------------------------------------------------------------------
// The walkers' state: the JSON path (extended and shortened as they descend)
// and the first failure.

class json_path {
 public:
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Appends ".name" or "[i]" until the returned guard goes away.
  class guard {
   public:
    guard(std::string& p, std::size_t old) noexcept : p_(p), old_(old) {}
    guard(const guard&) = delete;
    guard& operator=(const guard&) = delete;
    ~guard() { p_.resize(old_); }

   private:
    std::string& p_;
    std::size_t old_;
  };
  [[nodiscard]] guard member(std::string_view name) {
    const std::size_t old = path_.size();
    path_ += '.';
    path_ += name;
    return {path_, old};
  }
  [[nodiscard]] guard element(std::size_t i) {
    const std::size_t old = path_.size();
    path_ += '[';
    path_ += std::to_string(i);
    path_ += ']';
    return {path_, old};
  }

 protected:
  std::string path_ = "$";
};

/// to_json: also the byte offset, in the serialization of the value being
/// converted, of what is being converted.
struct json_out : json_path {
  std::size_t offset = 0;
  json_failure failure{};
  [[nodiscard]] bool ok() const noexcept { return failure.code == json_errc{}; }
  void fail(json_errc c, std::size_t at, std::string detail, std::size_t in_string = json_failure::npos) {
    if (ok()) failure = {c, path_, at, in_string, std::move(detail)};
  }
};

/// from_json: the nesting depth.
struct json_in : json_path {
  json_options options{};
  std::size_t depth = 0;
  /// Whether any constructor or method has this name (set by the registry, to
  /// tell an unknown "_" from one of the wrong type).
  bool (*known_name)(std::string_view) = nullptr;
  json_failure failure{};
  [[nodiscard]] bool ok() const noexcept { return failure.code == json_errc{}; }
  void fail(json_errc c, std::string detail) {
    if (ok()) failure = {c, path_, json_failure::npos, json_failure::npos, std::move(detail)};
  }
};

template <class T>
concept has_json_hooks = requires {
  &json_hooks<T>::to_json;
};

/// What the walkers need to know of a field without its type: kind, flag bit
/// and name. One constexpr table per constructor lets the checks below be
/// plain functions, compiled once, instead of code in every instantiation
/// (a program with the registry instantiates thousands of constructors).
struct field_info {
  enum kind_t : std::uint8_t { plain, optional, flags } kind;
  unsigned ordinal;   ///< of the `#` field it is (flags) or depends on (optional)
  std::uint32_t bit;  ///< optional: its bit
  std::string_view name;
};

template <class F>
constexpr field_info field_info_of() {
  if constexpr (is_flags<F>::value) {
    return {field_info::flags, F::ordinal, 0, F::name};
  } else if constexpr (opt_traits<typename F::wire>::is_opt) {
    return {field_info::optional, opt_traits<typename F::wire>::ordinal, opt_traits<typename F::wire>::bit, F::name};
  } else {
    return {field_info::plain, 0, 0, F::name};
  }
}

template <class T>
inline constexpr auto fields_info = []<class... Fs>(type_list<Fs...>) {
  return std::array<field_info, sizeof...(Fs)>{field_info_of<Fs>()...};
}(typename meta<T>::fields{});

// ---------------------------------------------------------------------------
// to_json

template <class T>
void fields_to_json(json_out& o, const T& x, json& out);

template <class W>
struct json_composite;  // boxed, bare, Vector and vector: specialized below

/// `out` becomes {"_": name}; its member list is returned for add_member.
inline json::object_t& begin_object(json& out, std::string_view name) {
  out = json::object();
  auto& obj = *out.get_ptr<json::object_t*>();
  obj.emplace_back("_", std::string(name));
  return obj;
}

/// A new member (names are unique in a constructor: no lookup needed).
inline json& add_member(json::object_t& obj, std::string_view name) {
  obj.emplace_back(std::string(name), nullptr);
  return obj.back().second;
}

inline void string_to_json(json_out& o, std::string_view s, json& out) {
  if (const std::size_t bad = invalid_utf8_at(s); bad != json_failure::npos) {
    o.fail(json_errc::invalid_utf8, o.offset + (s.size() < 254 ? 1 : 4) + bad, {}, bad);
  }
  out = std::string(s);
  o.offset += string_wire_size(s.size());
}

inline void double_to_json(json_out& o, double v, json& out) {
  if (!std::isfinite(v)) o.fail(json_errc::not_finite, o.offset, std::isnan(v) ? "NaN" : "infinite");
  out = v;
  o.offset += 8;
}

inline void long_to_json(json_out& o, std::int64_t v, json& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out = std::string(buf, r.ptr);
  o.offset += 8;
}

template <class W, class V>
void value_to_json(json_out& o, const V& v, json& out) {
  if constexpr (std::is_same_v<W, wire::int_>) {
    out = static_cast<std::int32_t>(v);
    o.offset += 4;
  } else if constexpr (std::is_same_v<W, wire::long_>) {
    long_to_json(o, v, out);
  } else if constexpr (std::is_same_v<W, wire::double_>) {
    double_to_json(o, v, out);
  } else if constexpr (std::is_same_v<W, wire::Bool>) {
    out = static_cast<bool>(v);
    o.offset += 4;
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    if (!wide_int_fits(v)) o.fail(json_errc::out_of_range, o.offset, "int128/int256 value does not fit its width");
    out = v.str();
    o.offset += wide_int_traits<V>::size;
  } else if constexpr (std::is_same_v<W, wire::string>) {
    string_to_json(o, v, out);
  } else if constexpr (std::is_same_v<W, wire::bytes>) {
    out = base64_encode(v.view());
    o.offset += string_wire_size(v.size());
  } else if constexpr (std::is_same_v<W, wire::object>) {
    static_assert(has_json_hooks<V>, "an Object field has no JSON form without a json_hooks<tlcpp::object>");
    json_hooks<V>::to_json(o, v, out);
  } else {
    json_composite<W>::to_json(o, v, out);
  }
}

template <class W, class V>
void elements_to_json(json_out& o, const V& v, json& out) {
  out = json::array();
  auto& arr = *out.template get_ptr<json::array_t*>();
  arr.reserve(v.size());
  std::size_t i = 0;
  for (const auto& e : v) {
    auto g = o.element(i++);
    arr.emplace_back();
    if constexpr (std::is_same_v<V, std::vector<bool>>) {
      value_to_json<W>(o, static_cast<bool>(e), arr.back());
    } else {
      value_to_json<W>(o, unbox(e), arr.back());
    }
  }
}

template <class W, class V>
void member_to_json(json_out& o, json::object_t& obj, std::string_view name, const V& v) {
  auto g = o.member(name);
  value_to_json<W>(o, v, add_member(obj, name));
}

template <class T>
void fields_to_json(json_out& o, const T& x, json& out) {
  json::object_t& obj = begin_object(out, meta<T>::name);
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (is_flags<F>::value) {
      o.offset += 4;
    } else if constexpr (opt_traits<typename F::wire>::is_opt) {
      using Inner = typename opt_traits<typename F::wire>::inner;
      const auto& v = x.*(F::member);
      if constexpr (std::is_same_v<Inner, wire::true_>) {
        if (v) add_member(obj, F::name) = true;
      } else if (v) {
        member_to_json<Inner>(o, obj, F::name, unbox(*v));
      }
    } else {
      member_to_json<typename F::wire>(o, obj, F::name, unbox(x.*(F::member)));
    }
  });
}

// ---------------------------------------------------------------------------
// from_json

template <class T>
void fields_from_json(json_in& in, const json& j, T& x);

template <class Signed>
bool wide_from_decimal(std::string_view s, Signed& out) {
  using U = typename wide_int_traits<Signed>::unsigned_type;
  constexpr unsigned bits = wide_int_traits<Signed>::size * 8;
  const bool neg = s[0] == '-';
  const U limit = neg ? U(U(1) << (bits - 1)) : U(U(U(1) << (bits - 1)) - 1);
  U mag = 0;
  for (std::size_t i = neg ? 1 : 0; i < s.size(); ++i) {
    const unsigned d = static_cast<unsigned>(s[i] - '0');
    if (mag > (limit - d) / 10) return false;
    mag = mag * 10 + d;
  }
  out = !neg ? Signed(mag) : mag == 0 ? Signed(0) : Signed(-Signed(U(mag - 1)) - 1);
  return true;
}

inline void expected(json_in& in, const json& j, std::string_view what) {
  in.fail(json_errc::wrong_json_type, "expected " + std::string(what) + ", got " + json_kind(j));
}

/// The "_" of j, checked to be an object with a string "_"; nullptr (and a
/// failure) otherwise.
inline const std::string* constructor_name(json_in& in, const json& j) {
  if (!j.is_object()) {
    expected(in, j, "an object");
    return nullptr;
  }
  const auto it = j.find("_");
  if (it == j.end()) {
    in.fail(json_errc::missing_constructor, "missing \"_\" (the constructor name)");
    return nullptr;
  }
  if (!it->is_string()) {
    in.fail(json_errc::wrong_json_type, std::string("\"_\" must be a string, got ") + json_kind(*it));
    return nullptr;
  }
  return it->template get_ptr<const std::string*>();
}

/// "_" is `name` where (a constructor of) `type` belongs.
inline void wrong_constructor(json_in& in, const std::string& name, std::string_view type, bool boxed) {
  if (in.known_name && !in.known_name(name)) {
    return in.fail(json_errc::unknown_constructor, "unknown constructor \"" + name + "\"");
  }
  in.fail(json_errc::wrong_constructor,
          "\"" + name + "\" is not " + (boxed ? "a constructor of " : "") + std::string(type));
}

/// The constructor named `name` where `type`, a constructor, belongs.
inline bool is_constructor(json_in& in, const json& j, std::string_view type) {
  const std::string* name = constructor_name(in, j);
  if (!name) return false;
  if (*name == type) return true;
  wrong_constructor(in, *name, type, false);
  return false;
}

inline void int_from_json(json_in& in, const json& j, std::int32_t& v) {
  if (!j.is_number_integer()) return expected(in, j, "an int (a JSON integer)");
  const bool fits = j.is_number_unsigned() ? j.get<std::uint64_t>() <= 0x7fffffffu
                                           : j.get<std::int64_t>() >= std::numeric_limits<std::int32_t>::min() &&
                                                 j.get<std::int64_t>() <= std::numeric_limits<std::int32_t>::max();
  if (!fits) return in.fail(json_errc::out_of_range, shown(j) + " does not fit in a 32-bit int");
  v = static_cast<std::int32_t>(j.get<std::int64_t>());
}

inline void long_from_json(json_in& in, const json& j, std::int64_t& v) {
  if (!j.is_string()) return expected(in, j, "a long (a decimal string)");
  const std::string& s = *j.get_ptr<const std::string*>();
  if (!canonical_decimal(s)) {
    return in.fail(json_errc::bad_decimal, "expected a long as a decimal string, got " + shown(j));
  }
  if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc{}) {
    in.fail(json_errc::out_of_range, shown(j) + " does not fit in a 64-bit long");
  }
}

/// The decimal string of an int128/int256, checked; null (and a failure) if
/// it is none.
inline const std::string* wide_decimal(json_in& in, const json& j, std::string_view name) {
  if (!j.is_string()) {
    expected(in, j, "an " + std::string(name) + " (a decimal string)");
    return nullptr;
  }
  const std::string* s = j.get_ptr<const std::string*>();
  if (!canonical_decimal(*s)) {
    in.fail(json_errc::bad_decimal, "expected an " + std::string(name) + " as a decimal string, got " + shown(j));
    return nullptr;
  }
  return s;
}

inline void string_from_json(json_in& in, const json& j, std::string& v) {
  if (!j.is_string()) return expected(in, j, "a string");
  v = *j.get_ptr<const std::string*>();
}

inline void bytes_from_json(json_in& in, const json& j, std::string& v) {
  if (!j.is_string()) return expected(in, j, "bytes (a base64 string)");
  if (const auto bad = base64_decode(*j.get_ptr<const std::string*>(), v)) {
    in.fail(json_errc::bad_base64, "invalid base64 at character " + std::to_string(*bad));
  }
}

template <class W, class V>
void value_from_json(json_in& in, const json& j, V& v) {
  if constexpr (std::is_same_v<W, wire::int_>) {
    int_from_json(in, j, v);
  } else if constexpr (std::is_same_v<W, wire::long_>) {
    long_from_json(in, j, v);
  } else if constexpr (std::is_same_v<W, wire::double_>) {
    if (!j.is_number()) return expected(in, j, "a double (a JSON number)");
    v = j.template get<double>();
  } else if constexpr (std::is_same_v<W, wire::Bool>) {
    if (!j.is_boolean()) return expected(in, j, "a Bool (true or false)");
    v = j.template get<bool>();
  } else if constexpr (std::is_same_v<W, wire::int128> || std::is_same_v<W, wire::int256>) {
    constexpr std::string_view name = std::is_same_v<W, wire::int128> ? "int128" : "int256";
    const std::string* s = wide_decimal(in, j, name);
    if (s && !wide_from_decimal(*s, v)) {
      in.fail(json_errc::out_of_range, shown(j) + " does not fit in an " + std::string(name));
    }
  } else if constexpr (std::is_same_v<W, wire::string>) {
    string_from_json(in, j, v);
  } else if constexpr (std::is_same_v<W, wire::bytes>) {
    bytes_from_json(in, j, v.str());
  } else if constexpr (std::is_same_v<W, wire::object>) {
    static_assert(has_json_hooks<V>, "an Object field has no JSON form without a json_hooks<tlcpp::object>");
    json_hooks<V>::from_json(in, j, v);
  } else {
    json_composite<W>::from_json(in, j, v);
  }
}

template <class W, class V>
void elements_from_json(json_in& in, const json& j, V& v) {
  if (!j.is_array()) return expected(in, j, "an array");
  v.clear();
  v.reserve(j.size());
  std::size_t i = 0;
  for (const auto& e : j) {
    auto g = in.element(i++);
    if constexpr (std::is_same_v<V, std::vector<bool>>) {
      bool b = false;
      value_from_json<W>(in, e, b);
      v.push_back(b);
    } else {
      value_from_json<W>(in, e, unbox(v.emplace_back()));
    }
    if (!in.ok()) return;
  }
}

template <class T, class C>
void alternative_from_json(json_in& in, const json& j, T& out) {
  fields_from_json(in, j, out.template emplace<C>());
}

/// Fills the constructor of boxed type T named `name`; false if T has none.
template <class T>
bool from_json_by_name(json_in& in, const json& j, T& out, std::string_view name) {
  return []<class... Cs>(json_in& i, const json& jj, T& o, std::string_view n, type_list<Cs...>) {
    using fn = void (*)(json_in&, const json&, T&);
    struct entry {
      std::string_view name;
      fn f;
    };
    static constexpr std::array<entry, sizeof...(Cs)> table{entry{meta<Cs>::name, &alternative_from_json<T, Cs>}...};
    for (const auto& e : table) {
      if (e.name == n) {
        e.f(i, jj, o);
        return true;
      }
    }
    return false;
  }(in, j, out, name, typename T::alternatives{});
}

template <class T>
struct json_composite<wire::boxed<T>> {
  template <class V>
  static void to_json(json_out& o, const V& v, json& out) {
    if constexpr (has_json_hooks<T>) {
      json_hooks<T>::to_json(o, v, out);
    } else if constexpr (tl_boxed<T>) {
      o.offset += 4;
      v.visit([&](const auto& c) { fields_to_json(o, c, out); });
    } else {
      o.offset += 4;
      fields_to_json(o, v, out);
    }
  }
  template <class V>
  static void from_json(json_in& in, const json& j, V& v) {
    if constexpr (has_json_hooks<T>) {
      json_hooks<T>::from_json(in, j, v);
    } else if constexpr (tl_boxed<T>) {
      const std::string* name = constructor_name(in, j);
      if (name && !from_json_by_name(in, j, v, *name)) wrong_constructor(in, *name, meta<T>::name, true);
    } else {
      if (is_constructor(in, j, meta<T>::name)) fields_from_json(in, j, v);
    }
  }
};
template <class T>
struct json_composite<wire::bare<T>> {
  template <class V>
  static void to_json(json_out& o, const V& v, json& out) {
    fields_to_json(o, v, out);
  }
  template <class V>
  static void from_json(json_in& in, const json& j, V& v) {
    if (is_constructor(in, j, meta<T>::name)) fields_from_json(in, j, v);
  }
};
template <class E>
struct json_composite<wire::Vector<E>> {
  template <class V>
  static void to_json(json_out& o, const V& v, json& out) {
    o.offset += 8;  ///< vector id, count
    elements_to_json<E>(o, v, out);
  }
  template <class V>
  static void from_json(json_in& in, const json& j, V& v) {
    elements_from_json<E>(in, j, v);
  }
};
template <class E>
struct json_composite<wire::vector<E>> {
  template <class V>
  static void to_json(json_out& o, const V& v, json& out) {
    o.offset += 4;  ///< count
    elements_to_json<E>(o, v, out);
  }
  template <class V>
  static void from_json(json_in& in, const json& j, V& v) {
    elements_from_json<E>(in, j, v);
  }
};

/// Entering the object j of constructor `type` with these fields: the depth
/// limit, and every member must be "_" or a field other than a `#` one (those
/// are derived from the others).
inline bool enter_object(json_in& in, const json& j, std::span<const field_info> fields, std::string_view type) {
  if (in.depth >= in.options.max_depth) {
    in.fail(json_errc::too_deep, "objects nested deeper than the limit of " + std::to_string(in.options.max_depth));
    return false;
  }
  for (const auto& member : *j.get_ptr<const json::object_t*>()) {
    const std::string& key = member.first;
    if (key == "_") continue;
    const auto known = std::find_if(fields.begin(), fields.end(),
                                    [&](const field_info& f) { return f.name == key && f.kind != field_info::flags; });
    if (known == fields.end()) {
      auto g = in.member(key);
      in.fail(json_errc::unknown_field, "unknown field of " + std::string(type));
      return false;
    }
  }
  ++in.depth;
  return true;
}

/// The member `name` of object j, or null.
inline const json* find_member(const json& j, std::string_view name) {
  for (const auto& [key, value] : *j.get_ptr<const json::object_t*>()) {
    if (key == name) return &value;
  }
  return nullptr;
}

inline void missing_field(json_in& in, std::string_view name) {
  auto g = in.member(name);
  in.fail(json_errc::missing_field, "required field is missing");
}

/// A flags.N?true member: true, or an error.
inline bool flag_from_json(json_in& in, const json& j, std::string_view name) {
  if (j.is_boolean() && j.get<bool>()) return true;
  auto g = in.member(name);
  in.fail(json_errc::bad_flag, "a flag is true when set and omitted when not, got " + shown(j));
  return false;
}

/// Fields that share a flag bit must agree (the writer would refuse them).
inline void check_shared_bits(json_in& in, std::span<const field_info> fields, const bool* present) {
  for (std::size_t a = 0; a < fields.size(); ++a) {
    if (fields[a].kind != field_info::optional) continue;
    for (std::size_t b = a + 1; b < fields.size(); ++b) {
      if (fields[b].kind != field_info::optional || fields[b].ordinal != fields[a].ordinal ||
          fields[b].bit != fields[a].bit || present[a] == present[b]) {
        continue;
      }
      std::string_view flags = "flags";
      for (const auto& f : fields) {
        if (f.kind == field_info::flags && f.ordinal == fields[a].ordinal) flags = f.name;
      }
      return in.fail(json_errc::flag_conflict, "fields " + std::string(fields[a].name) + " and " +
                                                   std::string(fields[b].name) + " share bit " +
                                                   std::to_string(std::countr_zero(fields[a].bit)) + " of " +
                                                   std::string(flags) + ": both present or both absent");
    }
  }
}

template <class W, class V>
void member_from_json(json_in& in, const json& j, std::string_view name, V& v) {
  auto g = in.member(name);
  value_from_json<W>(in, j, v);
}

template <class T>
void fields_from_json(json_in& in, const json& j, T& x) {
  if (!enter_object(in, j, fields_info<T>, meta<T>::name)) return;
  for_each_field<T>([&](const auto& f) {
    using F = std::remove_cvref_t<decltype(f)>;
    if constexpr (!is_flags<F>::value) {
      if (!in.ok()) return;
      const json* m = find_member(j, F::name);
      auto& member = x.*(F::member);
      if constexpr (opt_traits<typename F::wire>::is_opt) {
        using Inner = typename opt_traits<typename F::wire>::inner;
        if (!m) return;
        if constexpr (std::is_same_v<Inner, wire::true_>) {
          member = flag_from_json(in, *m, F::name);
        } else {
          member_from_json<Inner>(in, *m, F::name, unbox(member.emplace()));
        }
      } else if (!m) {
        missing_field(in, F::name);
      } else {
        member_from_json<typename F::wire>(in, *m, F::name, unbox(member));
      }
    }
  });
  --in.depth;
  if constexpr (shares_flag_bits<T>) {
    if (in.ok()) {
      [&]<class... Fs>(type_list<Fs...>) {
        const bool has[] = {[&] {
          if constexpr (is_flags<Fs>::value) {
            return false;
          } else if constexpr (opt_traits<typename Fs::wire>::is_opt) {
            return detail::present(x, Fs{});
          } else {
            return false;
          }
        }()...};
        check_shared_bits(in, fields_info<T>, has);
      }(typename meta<T>::fields{});
    }
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Public API. W is the encoding; it defaults to the boxed form of T (offsets
// in failures count the constructor id).

template <class W, class T>
result<json, json_failure> try_to_json_as(const T& x) {
  detail::json_out o;
  json j;
  detail::value_to_json<W>(o, x, j);
  if (!o.ok()) return std::move(o.failure);
  return j;
}
template <class T>
result<json, json_failure> try_to_json(const T& x) {
  return try_to_json_as<typename default_wire<T>::type>(x);
}

/// The canonical JSON of x; throws json_error for a string that is not UTF-8,
/// a double that is not finite, or an int128/int256 out of range.
template <class T>
json to_json(const T& x) {
  auto r = try_to_json(x);
  if (!r) TLCPP_THROW(json_error(r.error()));
  return std::move(r).value();
}

template <class T, class W = typename default_wire<T>::type>
result<T, json_failure> try_from_json(const json& j, const json_options& options = {}) {
  detail::json_in in;
  in.options = options;
  T value{};
  detail::value_from_json<W>(in, j, value);
  if (!in.ok()) return std::move(in.failure);
  return value;
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
