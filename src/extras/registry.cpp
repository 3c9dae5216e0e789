// The registry's walkers: TL bytes -> checked -> canonical JSON, and
// canonical JSON -> TL bytes, over the generated table (registry_table.cpp).
//
// The bytes side reads through tlcpp::reader in the order the typed parser
// does (core/detail/fields.hpp), so that it refuses the same input with the
// same kind and offset; the JSON side states the format of
// tlcpp/extras/json_failure.hpp.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "tlcpp/core/int128.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/wire.hpp"
#include "tlcpp/core/writer.hpp"
#include "tlcpp/extras/json.hpp"
#include "tlcpp/extras/registry.hpp"

namespace tlcpp::registry {
namespace {

const detail::table& table() noexcept { return detail::the_table; }
const entry& entry_at(std::uint32_t i) noexcept { return table().entries[i]; }
const boxed_type& type_at(std::uint32_t i) noexcept { return table().types[i]; }

// The fewest bytes a value of w takes: a vector count is refused, as by the
// parser, when the bytes left cannot hold that many elements.
std::size_t min_size(const wire_type& w) noexcept {
  switch (w.kind) {
    case wire_kind::long_:
    case wire_kind::double_:
    case wire_kind::Vector:
      return 8;
    case wire_kind::int128:
      return 16;
    case wire_kind::int256:
      return 32;
    case wire_kind::boxed:
      return type_at(w.ref).min_size;
    case wire_kind::exact:
      return 4 + entry_at(w.ref).min_size;
    case wire_kind::bare:
      return entry_at(w.ref).min_size;
    default:
      return 4;
  }
}

// The constructor of t with this id, or null (constructors are in order of id).
const entry* constructor_of(const boxed_type& t, std::uint32_t id) noexcept {
  const auto it = std::lower_bound(t.constructors.begin(), t.constructors.end(), id,
                                   [](std::uint32_t e, std::uint32_t v) { return entry_at(e).id < v; });
  return it != t.constructors.end() && entry_at(*it).id == id ? &entry_at(*it) : nullptr;
}

// What a failure to find a constructor of t names: the type, or for a type of
// one constructor that constructor (as the typed parser, where that type is
// the constructor's struct).
std::string_view expected_name(const boxed_type& t) noexcept {
  return t.constructors.size() == 1 ? entry_at(t.constructors[0]).name : t.name;
}

// ---------------------------------------------------------------------------
// Text.

// Offset of the first byte that does not start a well-formed UTF-8 sequence
// (no overlong forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t invalid_utf8_at(std::string_view s) noexcept {
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
    unsigned lo = 0x80, hi = 0xbf;  // allowed range of the second byte
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

constexpr char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
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

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict: a multiple of four characters, '=' only as the last one or two,
// and zero bits after the last byte (so that each value has one spelling).
// On failure, the offset of the first bad character.
std::optional<std::size_t> base64_decode(std::string_view in, std::string& out) {
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

// A decimal integer as the format writes it: an optional '-', then digits
// without leading zeros ("0", never "-0" or "007").
bool canonical_decimal(std::string_view s) noexcept {
  const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() == start) return false;
  for (std::size_t i = start; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  if (s[start] == '0') return s.size() == 1;
  return true;
}

template <class Signed>
bool wide_from_decimal(std::string_view s, Signed& out) {
  using U = typename tlcpp::detail::wide_int_traits<Signed>::unsigned_type;
  constexpr unsigned bits = tlcpp::detail::wide_int_traits<Signed>::size * 8;
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

// Quoted and shortened, for messages.
std::string shown(const json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

const char* json_kind(const json& j) noexcept {
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
// The JSON path of what is being converted, extended and shortened as the
// walkers descend, and the first JSON failure.

class json_state {
 public:
  // Appends ".name" or "[i]" until the returned guard goes away.
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
  [[nodiscard]] bool json_ok() const noexcept { return failure_.code == json_errc{}; }
  void fail(json_errc c, std::string detail, std::size_t at = json_failure::npos,
            std::size_t in_string = json_failure::npos) {
    if (json_ok()) failure_ = {c, path_, at, in_string, std::move(detail)};
  }
  [[nodiscard]] const json_failure& json_failure_() const noexcept { return failure_; }
  [[nodiscard]] json_failure take_failure() noexcept { return std::move(failure_); }

 protected:
  std::string path_ = "$";
  json_failure failure_{};
};

// ---------------------------------------------------------------------------
// Bytes -> JSON. With no output it only checks (entry::check, any_method).

class decoder : public json_state {
 public:
  decoder(reader& r, std::size_t base = 0, std::string path = "$") : r_(r), base_(base) { path_ = std::move(path); }

  [[nodiscard]] bool ok() const noexcept { return r_.ok() && json_ok(); }

  void value(const wire_type& w, json* out) {
    switch (w.kind) {
      case wire_kind::int_: {
        const std::int32_t v = r_.i32();
        if (out) *out = v;
        return;
      }
      case wire_kind::long_: {
        const std::int64_t v = r_.i64();
        if (!out) return;
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
        *out = std::string(buf, end);
        return;
      }
      case wire_kind::double_: {
        const std::size_t at = r_.offset();
        const double v = r_.f64();
        if (!out || !r_.ok()) return;
        if (!std::isfinite(v)) fail(json_errc::not_finite, std::isnan(v) ? "NaN" : "infinite", base_ + at);
        *out = v;
        return;
      }
      case wire_kind::Bool: {
        const std::size_t at = r_.offset();
        const std::uint32_t id = r_.u32();
        if (id != wire::bool_true_id && id != wire::bool_false_id && r_.ok()) {
          r_.fail({parse_errc::bad_bool, at, id, 0, "Bool"});
        }
        if (out) *out = id == wire::bool_true_id;
        return;
      }
      case wire_kind::int128:
      case wire_kind::int256: {
        const bool wide = w.kind == wire_kind::int256;
        const std::byte* p = r_.take(wide ? 32 : 16);
        if (!p || !out) return;
        *out = wide ? tlcpp::detail::wide_int_load<int256>(p).str() : tlcpp::detail::wide_int_load<int128>(p).str();
        return;
      }
      case wire_kind::string:
      case wire_kind::bytes: {
        const std::size_t at = r_.offset();
        const std::string_view s = r_.string();
        if (!out || !r_.ok()) return;
        if (w.kind == wire_kind::bytes) {
          *out = base64_encode(s);
        } else {
          if (const std::size_t bad = invalid_utf8_at(s); bad != json_failure::npos) {
            fail(json_errc::invalid_utf8, {}, base_ + at + wire::string_header_size(s.size()) + bad, bad);
          }
          *out = std::string(s);
        }
        return;
      }
      case wire_kind::object:
        return object(out);
      case wire_kind::boxed: {
        const boxed_type& t = type_at(w.ref);
        const std::size_t at = r_.offset();
        const std::uint32_t id = r_.u32();
        if (!r_.ok()) return;
        const entry* e = constructor_of(t, id);
        if (!e) return r_.fail({parse_errc::unknown_constructor, at, id, 0, expected_name(t)});
        return fields(*e, out);
      }
      case wire_kind::exact: {
        const entry& e = entry_at(w.ref);
        const std::size_t at = r_.offset();
        const std::uint32_t id = r_.u32();
        if (!r_.ok()) return;
        if (id != e.id) return r_.fail({parse_errc::unknown_constructor, at, id, 0, e.name});
        return fields(e, out);
      }
      case wire_kind::bare:
        return fields(entry_at(w.ref), out);
      case wire_kind::Vector: {
        const std::size_t at = r_.offset();
        const std::uint32_t id = r_.u32();
        if (!r_.ok()) return;
        if (id != wire::vector_id) return r_.fail({parse_errc::unknown_constructor, at, id, 0, "Vector"});
        return elements(*w.element, out);
      }
      case wire_kind::vector:
        return elements(*w.element, out);
      case wire_kind::any_method: {
        const std::size_t at = r_.offset();
        const std::uint32_t id = r_.u32();
        if (!r_.ok()) return;
        const entry* e = by_id(id);
        if (!e || !e->method) return r_.fail({parse_errc::unknown_constructor, at, id, 0, "a method"});
        return fields(*e, out);
      }
    }
  }

  // The fields of e (after its id, if any).
  void fields(const entry& e, json* out) {
    if (!r_.enter()) return;
    std::uint32_t flags[8] = {};
    json::object_t* obj = nullptr;
    if (out) {
      *out = json::object();
      obj = out->get_ptr<json::object_t*>();
      obj->emplace_back("_", std::string(e.name));
    }
    for (const field& f : e.fields) {
      if (!ok()) break;
      switch (f.kind) {
        case field_kind::flags: {
          const std::size_t at = r_.offset();
          const std::uint32_t v = flags[f.word] = r_.u32();
          if (const std::uint32_t unknown = v & ~f.mask) r_.fail({parse_errc::unknown_flags, at, unknown, 0, e.name});
          break;
        }
        case field_kind::true_flag:
          if (obj && (flags[f.word] & f.mask) != 0) add(*obj, f.name) = true;
          break;
        case field_kind::optional:
        case field_kind::required: {
          if (f.kind == field_kind::optional && (flags[f.word] & f.mask) == 0) break;
          if (!obj) {
            value(*f.type, nullptr);
            break;
          }
          auto g = member(f.name);
          value(*f.type, &add(*obj, f.name));
          break;
        }
      }
    }
    r_.leave();
  }

 private:
  static json& add(json::object_t& obj, std::string_view name) {
    obj.emplace_back(std::string(name), nullptr);
    return obj.back().second;
  }

  void elements(const wire_type& element, json* out) {
    const std::size_t at = r_.offset();
    const std::uint32_t count = r_.u32();
    if (count > r_.remaining() / min_size(element)) {
      if (r_.ok()) r_.fail({parse_errc::vector_too_long, at, count, r_.remaining(), {}});
      return;
    }
    json::array_t* arr = nullptr;
    if (out) {
      *out = json::array();
      arr = out->get_ptr<json::array_t*>();
      arr->reserve(count);
    }
    for (std::uint32_t i = 0; i < count && ok(); ++i) {
      if (!arr) {
        value(element, nullptr);
        continue;
      }
      auto g = this->element(i);
      value(element, &arr->emplace_back());
    }
  }

  // An Object: the rest of the frame. The parser keeps it as bytes; JSON
  // shows the object they hold, found by its id.
  void object(json* out) {
    const std::size_t at = r_.offset();
    const std::size_t n = r_.remaining();
    if (n < 4) return r_.fail({parse_errc::truncated, at, 4, n, "Object"});
    const std::span<const std::byte> raw(r_.take(n), n);
    if (!out) return;
    reader inner(raw, r_.options());
    decoder d(inner, base_ + at, path_);
    const entry* e = by_id(wire::peek_id(raw));
    if (!e) return fail(json_errc::bad_object, "no constructor or method has its id", base_ + at);
    d.value(wire_type{wire_kind::exact, static_cast<std::uint32_t>(e->index)}, out);
    inner.finish();
    if (!d.json_ok()) {
      if (json_ok()) failure_ = d.take_failure();
    } else if (!inner.ok()) {
      fail(json_errc::bad_object, inner.failure().message(), base_ + at + inner.failure().offset);
    }
  }

  reader& r_;
  std::size_t base_;  // where r_'s bytes start in the bytes a JSON offset counts
};

// ---------------------------------------------------------------------------
// JSON -> bytes.

class encoder : public json_state {
 public:
  encoder(std::vector<std::byte>& out, const json_options& options) : out_(out), options_(options) {}

  void value(const wire_type& w, const json& j) {
    switch (w.kind) {
      case wire_kind::int_:
        return int_value(j);
      case wire_kind::long_:
        return long_value(j);
      case wire_kind::double_:
        if (!j.is_number()) return expected(j, "a double (a JSON number)");
        return put(j.get<double>());
      case wire_kind::Bool:
        if (!j.is_boolean()) return expected(j, "a Bool (true or false)");
        return put(j.get<bool>() ? wire::bool_true_id : wire::bool_false_id);
      case wire_kind::int128:
        return wide_value<int128>(j, "int128");
      case wire_kind::int256:
        return wide_value<int256>(j, "int256");
      case wire_kind::string:
        if (!j.is_string()) return expected(j, "a string");
        return string_value(*j.get_ptr<const std::string*>());
      case wire_kind::bytes: {
        if (!j.is_string()) return expected(j, "bytes (a base64 string)");
        std::string data;
        if (const auto bad = base64_decode(*j.get_ptr<const std::string*>(), data)) {
          return fail(json_errc::bad_base64, "invalid base64 at character " + std::to_string(*bad));
        }
        return string_value(data);
      }
      case wire_kind::object: {
        const std::string* name = constructor_name(j);
        if (!name) return;
        const entry* e = by_name(*name);
        if (!e) return fail(json_errc::unknown_constructor, "unknown constructor \"" + *name + "\"");
        return boxed_fields(*e, j);
      }
      case wire_kind::boxed: {
        const boxed_type& t = type_at(w.ref);
        if (t.constructors.size() == 1) return value(wire_type{wire_kind::exact, t.constructors[0]}, j);
        const std::string* name = constructor_name(j);
        if (!name) return;
        for (std::uint32_t c : t.constructors) {
          if (entry_at(c).name == *name) return boxed_fields(entry_at(c), j);
        }
        return wrong_constructor(*name, "a constructor of " + std::string(t.name));
      }
      case wire_kind::exact:
      case wire_kind::bare: {
        const entry& e = entry_at(w.ref);
        const std::string* name = constructor_name(j);
        if (!name) return;
        if (*name != e.name) return wrong_constructor(*name, std::string(e.name));
        return w.kind == wire_kind::exact ? boxed_fields(e, j) : fields(e, j);
      }
      case wire_kind::Vector:
      case wire_kind::vector: {
        if (!j.is_array()) return expected(j, "an array");
        if (w.kind == wire_kind::Vector) put(wire::vector_id);
        put(static_cast<std::uint32_t>(j.size()));
        std::size_t i = 0;
        for (const auto& e : j) {
          auto g = element(i++);
          value(*w.element, e);
          if (!json_ok()) return;
        }
        return;
      }
      case wire_kind::any_method: {
        const std::string* name = constructor_name(j);
        if (!name) return;
        const entry* e = by_name(*name);
        if (!e) return fail(json_errc::unknown_constructor, "unknown constructor \"" + *name + "\"");
        if (!e->method) {
          return fail(json_errc::wrong_constructor, "\"" + *name + "\" is a constructor; a method belongs here");
        }
        return boxed_fields(*e, j);
      }
    }
  }

  // The "_" of j, checked to be an object with a string "_"; null (and a
  // failure) otherwise.
  const std::string* constructor_name(const json& j) {
    if (!j.is_object()) {
      expected(j, "an object");
      return nullptr;
    }
    const auto it = j.find("_");
    if (it == j.end()) {
      fail(json_errc::missing_constructor, "missing \"_\" (the constructor name)");
      return nullptr;
    }
    if (!it->is_string()) {
      fail(json_errc::wrong_json_type, std::string("\"_\" must be a string, got ") + json_kind(*it));
      return nullptr;
    }
    return it->get_ptr<const std::string*>();
  }

  void boxed_fields(const entry& e, const json& j) {
    put(e.id);
    fields(e, j);
  }

 private:
  template <class T>
  void put(T v) {
    const std::size_t at = out_.size();
    out_.resize(at + sizeof v);
    std::memcpy(out_.data() + at, &v, sizeof v);
  }

  void expected(const json& j, std::string_view what) {
    fail(json_errc::wrong_json_type, "expected " + std::string(what) + ", got " + json_kind(j));
  }

  // "_" is `name` where `what` belongs.
  void wrong_constructor(const std::string& name, const std::string& what) {
    if (!by_name(name)) return fail(json_errc::unknown_constructor, "unknown constructor \"" + name + "\"");
    fail(json_errc::wrong_constructor, "\"" + name + "\" is not " + what);
  }

  void int_value(const json& j) {
    if (!j.is_number_integer()) return expected(j, "an int (a JSON integer)");
    const bool fits = j.is_number_unsigned() ? j.get<std::uint64_t>() <= 0x7fffffffu
                                             : j.get<std::int64_t>() >= std::numeric_limits<std::int32_t>::min() &&
                                                   j.get<std::int64_t>() <= std::numeric_limits<std::int32_t>::max();
    if (!fits) return fail(json_errc::out_of_range, shown(j) + " does not fit in a 32-bit int");
    put(static_cast<std::int32_t>(j.get<std::int64_t>()));
  }

  void long_value(const json& j) {
    if (!j.is_string()) return expected(j, "a long (a decimal string)");
    const std::string& s = *j.get_ptr<const std::string*>();
    if (!canonical_decimal(s))
      return fail(json_errc::bad_decimal, "expected a long as a decimal string, got " + shown(j));
    std::int64_t v = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc{}) {
      return fail(json_errc::out_of_range, shown(j) + " does not fit in a 64-bit long");
    }
    put(v);
  }

  template <class Signed>
  void wide_value(const json& j, const std::string& name) {
    if (!j.is_string()) return expected(j, "an " + name + " (a decimal string)");
    const std::string& s = *j.get_ptr<const std::string*>();
    if (!canonical_decimal(s)) {
      return fail(json_errc::bad_decimal, "expected an " + name + " as a decimal string, got " + shown(j));
    }
    Signed v = 0;
    if (!wide_from_decimal(s, v)) return fail(json_errc::out_of_range, shown(j) + " does not fit in an " + name);
    const std::size_t at = out_.size();
    out_.resize(at + tlcpp::detail::wide_int_traits<Signed>::size);
    tlcpp::detail::wide_int_store(v, out_.data() + at);
  }

  void string_value(std::string_view s) {
    if (s.size() > wire::max_string_size) {
      return fail(json_errc::not_serializable,
                  "a string of " + std::to_string(s.size()) + " bytes is longer than TL allows (16777215)");
    }
    const std::size_t at = out_.size();
    out_.resize(at + wire::string_size(s.size()));
    tlcpp::detail::put_string(out_.data() + at, s);
  }

  // Entering the object j of constructor e: the depth limit, and every
  // member must be "_" or a field other than a `#` one (those are derived
  // from the others).
  bool enter(const entry& e, const json& j) {
    if (depth_ >= options_.max_depth) {
      fail(json_errc::too_deep, "objects nested deeper than the limit of " + std::to_string(options_.max_depth));
      return false;
    }
    for (const auto& member_of_j : *j.get_ptr<const json::object_t*>()) {
      const std::string& key = member_of_j.first;
      if (key == "_") continue;
      if (std::none_of(e.fields.begin(), e.fields.end(),
                       [&](const field& f) { return f.name == key && f.kind != field_kind::flags; })) {
        auto g = member(key);
        fail(json_errc::unknown_field, "unknown field of " + std::string(e.name));
        return false;
      }
    }
    ++depth_;
    return true;
  }

  static const json* find(const json& j, std::string_view name) {
    for (const auto& [key, v] : *j.get_ptr<const json::object_t*>()) {
      if (key == name) return &v;
    }
    return nullptr;
  }

  void fields(const entry& e, const json& j) {
    if (!enter(e, j)) return;
    std::uint32_t flags[8] = {};
    std::size_t flags_at[8] = {};
    std::vector<bool> present(e.fields.size());
    for (std::size_t k = 0; k < e.fields.size() && json_ok(); ++k) {
      const field& f = e.fields[k];
      if (f.kind == field_kind::flags) {
        flags_at[f.word] = out_.size();
        put(std::uint32_t{0});
        continue;
      }
      const json* m = find(j, f.name);
      if (!m) {
        if (f.kind == field_kind::required) {
          auto g = member(f.name);
          fail(json_errc::missing_field, "required field is missing");
        }
        continue;
      }
      present[k] = true;
      if (f.kind == field_kind::true_flag) {
        if (!m->is_boolean() || !m->get<bool>()) {
          auto g = member(f.name);
          fail(json_errc::bad_flag, "a flag is true when set and omitted when not, got " + shown(*m));
        }
      } else {
        auto g = member(f.name);
        value(*f.type, *m);
      }
      if (f.kind != field_kind::required) flags[f.word] |= f.mask;
    }
    --depth_;
    if (!json_ok()) return;
    check_shared_bits(e, present);
    for (const field& f : e.fields) {
      if (f.kind == field_kind::flags) std::memcpy(out_.data() + flags_at[f.word], &flags[f.word], 4);
    }
  }

  // Fields that share a flag bit must agree (the writer would refuse them).
  void check_shared_bits(const entry& e, const std::vector<bool>& present) {
    const auto depends = [](const field& f) {
      return f.kind == field_kind::optional || f.kind == field_kind::true_flag;
    };
    for (std::size_t a = 0; a < e.fields.size(); ++a) {
      if (!depends(e.fields[a])) continue;
      for (std::size_t b = a + 1; b < e.fields.size(); ++b) {
        const field &fa = e.fields[a], &fb = e.fields[b];
        if (!depends(fb) || fb.word != fa.word || fb.mask != fa.mask || present[a] == present[b]) continue;
        std::string_view flags = "flags";
        for (const auto& f : e.fields) {
          if (f.kind == field_kind::flags && f.word == fa.word) flags = f.name;
        }
        return fail(json_errc::flag_conflict, "fields " + std::string(fa.name) + " and " + std::string(fb.name) +
                                                  " share bit " + std::to_string(std::countr_zero(fa.mask)) + " of " +
                                                  std::string(flags) + ": both present or both absent");
      }
    }
  }

  std::vector<std::byte>& out_;
  json_options options_;
  std::size_t depth_ = 0;
};

wire_type node_of(const entry& e, bool bare) noexcept {
  return {bare ? wire_kind::bare : wire_kind::exact, static_cast<std::uint32_t>(e.index)};
}

}  // namespace

// ---------------------------------------------------------------------------
// Lookups.

std::span<const entry> all() noexcept { return table().entries; }
std::span<const entry> api() noexcept { return all().first(table().api_size); }
std::span<const entry> mtproto() noexcept { return all().subspan(table().api_size); }
std::span<const boxed_type> types() noexcept { return table().types; }

const entry* by_id(std::uint32_t id) noexcept {
  const auto find = [id](std::span<const entry> part) -> const entry* {
    const auto it =
        std::lower_bound(part.begin(), part.end(), id, [](const entry& e, std::uint32_t v) { return e.id < v; });
    return it != part.end() && it->id == id ? &*it : nullptr;
  };
  if (const entry* e = find(api())) return e;
  return find(mtproto());
}

const entry* by_name(std::string_view name) noexcept {
  static const std::vector<const entry*> index = [] {
    std::vector<const entry*> v;
    v.reserve(all().size());
    for (const auto& e : all()) v.push_back(&e);
    std::sort(v.begin(), v.end(), [](const entry* a, const entry* b) { return a->name < b->name; });
    return v;
  }();
  const auto it = std::lower_bound(index.begin(), index.end(), name,
                                   [](const entry* e, std::string_view n) { return e->name < n; });
  return it != index.end() && (*it)->name == name ? *it : nullptr;
}

const boxed_type* type_named(std::string_view name) noexcept {
  for (const auto& t : types()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Any encoding.

parse_failure check_as(const wire_type& w, std::span<const std::byte> in, const parse_options& options) {
  reader r(in, options);
  decoder d(r);
  d.value(w, nullptr);
  r.finish();
  return r.failure();
}

result<json, failure> decode_as(const wire_type& w, std::span<const std::byte> in, const parse_options& options) {
  reader r(in, options);
  decoder d(r);
  json j;
  d.value(w, &j);
  if (!d.json_ok()) return failure(d.take_failure());
  if (!r.finish()) return failure(r.failure());
  return j;
}

result<std::vector<std::byte>, failure> encode_as(const wire_type& w, const json& j, const json_options& options) {
  std::vector<std::byte> out;
  encoder e(out, options);
  e.value(w, j);
  if (!e.json_ok()) return failure(e.take_failure());
  return out;
}

const std::byte* read_any_method(reader& r) {
  const std::byte* start = r.position();
  decoder(r).value(wire_type{wire_kind::any_method}, nullptr);
  return start;
}

// ---------------------------------------------------------------------------
// By entry, and by what the bytes or the JSON say.

parse_failure entry::check(std::span<const std::byte> in, bool bare, const parse_options& options) const {
  return check_as(node_of(*this, bare), in, options);
}

result<json, failure> entry::decode(std::span<const std::byte> in, bool bare, const parse_options& options) const {
  return decode_as(node_of(*this, bare), in, options);
}

result<std::vector<std::byte>, failure> entry::encode(const json& j, const json_options& options) const {
  return encode_as(node_of(*this, false), j, options);
}

result<json, failure> decode(std::span<const std::byte> in, const parse_options& options) {
  if (in.size() < 4) return failure(parse_failure{parse_errc::truncated, 0, 4, in.size(), {}});
  const entry* e = by_id(wire::peek_id(in));
  if (!e) return failure(parse_failure{parse_errc::unknown_constructor, 0, wire::peek_id(in), 0, "Object"});
  return e->decode(in, false, options);
}

result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options) {
  std::vector<std::byte> scratch;
  encoder names(scratch, options);
  const std::string* name = names.constructor_name(j);
  if (!name) return failure(names.take_failure());
  const entry* e = by_name(*name);
  if (!e) {
    return failure(json_failure{json_errc::unknown_constructor, "$", json_failure::npos, json_failure::npos,
                                "unknown constructor \"" + *name + "\""});
  }
  return e->encode(j, options);
}

}  // namespace tlcpp::registry

namespace tlcpp::detail {

json_failure not_in_registry(std::string_view what) {
  return {json_errc::not_serializable, "$", json_failure::npos, json_failure::npos,
          std::string(what) + " is not in the registry (it knows tlcpp::api and tlcpp::mtproto)"};
}

json_failure json_failure_of(const registry::failure& f) {
  switch (f.where) {
    case registry::failure::stage::json:
      return f.json;
    case registry::failure::stage::serialize:
      return {
          f.serialize.code == serialize_errc::int_out_of_range ? json_errc::out_of_range : json_errc::not_serializable,
          "$", json_failure::npos, json_failure::npos, f.serialize.message()};
    default:
      return {json_errc::bad_object, "$", f.parse.offset, json_failure::npos, f.parse.message()};
  }
}

}  // namespace tlcpp::detail
