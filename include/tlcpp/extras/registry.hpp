// tlcpp::registry: every constructor and method of the API layer and of the
// MTProto schema, found at run time by id or by name.
//
// For code that meets objects whose type it does not know statically: the
// `tlcpp` command-line tool, test vectors, logging of raw traffic. Each entry
// decodes bytes to canonical JSON (tlcpp/extras/json.hpp), encodes JSON to bytes and
// re-serializes, through the same templates as everything else (the tables
// below only take their addresses; there is no per-type code).
//
//   const tlcpp::registry::entry* e = tlcpp::registry::by_name("photos.updateProfilePhoto");
//   auto j = tlcpp::registry::decode(bytes);     // whatever the id says, as JSON
//   auto b = tlcpp::registry::encode(j.value()); // back to bytes, by "_"
//
// The registry instantiates the parser, the writer and both JSON directions
// for every type of both schemas, which takes minutes and gigabytes (see
// README, "Compile time"); no other header includes it. A program therefore
// instantiates it once, in five translation units that a 2-core machine
// builds in parallel and that each need a fifth of the memory (they share no
// instantiations: each holds one table of functions, one per type):
//
//   // registry_N.cpp, for N = 1 (the tables of names and ids, lookups),
//   // 2 (parser), 3 (writer), 4 (to JSON), 5 (from JSON)
//   #define TLCPP_REGISTRY_PART N
//   #include <tlcpp/extras/registry.hpp>
//
// A program links the parts it uses: 1 and 2 to check bytes (entry::check),
// 3 more to re-serialize, 4 to decode to JSON, 5 to encode from JSON.
//
//   // every other file that uses the registry: declarations only, cheap
//   #define TLCPP_REGISTRY_EXTERN
//   #include <tlcpp/extras/registry.hpp>
//
// TLCPP_REGISTRY_IMPLEMENTATION instead of a part defines all five in one
// translation unit; with none of the three macros everything is inline, for a
// program of one such file.
//
// Generic methods (invokeWithLayer and friends, `query:!X`) are registered
// with tlcpp::any_method as their query: any method, kept as its boxed bytes,
// decoded and encoded through this registry.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tlcpp/core/int128.hpp"
#include "tlcpp/extras/json.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/serialize.hpp"

#if defined(TLCPP_REGISTRY_EXTERN) + defined(TLCPP_REGISTRY_IMPLEMENTATION) + defined(TLCPP_REGISTRY_PART) > 1
#error "define one of TLCPP_REGISTRY_EXTERN, TLCPP_REGISTRY_IMPLEMENTATION and TLCPP_REGISTRY_PART"
#elif defined(TLCPP_REGISTRY_PART) && (TLCPP_REGISTRY_PART < 1 || TLCPP_REGISTRY_PART > 5)
#error "TLCPP_REGISTRY_PART is 1, 2, 3, 4 or 5"
#endif
#if defined(TLCPP_REGISTRY_EXTERN) || defined(TLCPP_REGISTRY_IMPLEMENTATION) || defined(TLCPP_REGISTRY_PART)
#define TLCPP_REGISTRY_LINKAGE
#else
#define TLCPP_REGISTRY_LINKAGE inline
#endif
// Whether this translation unit defines part P.
#if defined(TLCPP_REGISTRY_EXTERN)
#define TLCPP_REGISTRY_DEFINES(P) 0
#elif defined(TLCPP_REGISTRY_PART)
#define TLCPP_REGISTRY_DEFINES(P) (TLCPP_REGISTRY_PART == (P))
#else
#define TLCPP_REGISTRY_DEFINES(P) 1
#endif

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
/// @endcond

namespace registry {

/// Why a decode, encode or re-serialization failed: in the parser, the JSON
/// layer or the writer.
struct failure {
  /// Which layer failed.
  enum class stage : std::uint8_t { parse, json, serialize };
  stage where = stage::parse;     ///< which layer failed; only its member below is set
  parse_failure parse{};          ///< when where == stage::parse
  json_failure json{};            ///< when where == stage::json
  serialize_failure serialize{};  ///< when where == stage::serialize

  failure() = default;
  /// @{
  /// The failure of one layer.
  failure(const parse_failure& f) : where(stage::parse), parse(f) {}   // NOLINT(google-explicit-constructor)
  failure(json_failure f) : where(stage::json), json(std::move(f)) {}  // NOLINT(google-explicit-constructor)
  failure(const serialize_failure& f)                                  // NOLINT(google-explicit-constructor)
      : where(stage::serialize), serialize(f) {}
  /// @}

  /// The failing layer's message.
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

/// One constructor or method: what it is, and its bytes <-> JSON functions.
struct entry {
  std::uint32_t id;         ///< TL constructor id
  std::string_view name;    ///< TL name with namespace: "photos.updateProfilePhoto"
  std::string_view type;    ///< boxed type of a constructor; answer type of a method ("X" for generic ones)
  std::string_view tl;      ///< the TL line
  std::string_view schema;  ///< "api" or "mtproto"
  bool method;              ///< a method (function), not a constructor
  std::size_t index;        ///< position in all()

  /// Whether `in` is one whole object of this constructor or method (boxed,
  /// or bare when `bare` is set): a failure with code parse_errc{} when it
  /// is, else the parser's kind and offset.
  [[nodiscard]] parse_failure check(std::span<const std::byte> in, bool bare = false,
                                    const parse_options& options = {}) const;
  /// Canonical JSON of the object in `in`: all of it, boxed (starting with
  /// this id), or bare when `bare` is set.
  [[nodiscard]] result<json, failure> decode(std::span<const std::byte> in, bool bare = false,
                                             const parse_options& options = {}) const;
  /// The boxed bytes of `j`, which must be this constructor or method.
  [[nodiscard]] result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options = {}) const;
  /// Parses `in` (boxed) as this constructor and serializes it again.
  [[nodiscard]] result<std::vector<std::byte>, failure> reserialize(std::span<const std::byte> in,
                                                                    const parse_options& options = {}) const;
};

/// Every entry: the API layer, then MTProto; each part in order of id.
TLCPP_REGISTRY_LINKAGE std::span<const entry> all() noexcept;
TLCPP_REGISTRY_LINKAGE std::span<const entry> api() noexcept;
TLCPP_REGISTRY_LINKAGE std::span<const entry> mtproto() noexcept;

/// The constructor or method with this id or TL name (with namespace), or null.
TLCPP_REGISTRY_LINKAGE const entry* by_id(std::uint32_t id) noexcept;
TLCPP_REGISTRY_LINKAGE const entry* by_name(std::string_view name) noexcept;

/// Canonical JSON of the one boxed object `in` holds, whatever its id.
TLCPP_REGISTRY_LINKAGE result<json, failure> decode(std::span<const std::byte> in, const parse_options& options = {});

/// The boxed bytes of a canonical JSON object, by its "_".
TLCPP_REGISTRY_LINKAGE result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options = {});

}  // namespace registry

namespace detail {

/// The registry's per-type functions, one table per part, indexed by
/// entry::index. Values are passed type-erased (void*), so that a part
/// instantiates one direction only.
struct registry_lifetime {
  void* (*create)();
  void (*destroy)(void*) noexcept;
};
using registry_read_fn = void (*)(reader&, void*, bool bare);
using registry_write_fn = result<std::size_t, serialize_failure> (*)(const void*, std::vector<std::byte>&);
using registry_to_json_fn = void (*)(json_out&, const void*, bool bare, json&);
using registry_from_json_fn = void (*)(json_in&, const json&, void*);

TLCPP_REGISTRY_LINKAGE extern const std::span<const registry_lifetime> registry_lifetimes;       // part 1
TLCPP_REGISTRY_LINKAGE extern const std::span<const registry_read_fn> registry_readers;          // part 2
TLCPP_REGISTRY_LINKAGE extern const std::span<const registry_write_fn> registry_writers;         // part 3
TLCPP_REGISTRY_LINKAGE extern const std::span<const registry_to_json_fn> registry_to_jsons;      // part 4
TLCPP_REGISTRY_LINKAGE extern const std::span<const registry_from_json_fn> registry_from_jsons;  // part 5

/// A default value of the type of entry e, owned.
class registry_value {
 public:
  explicit registry_value(const registry::entry& e) : index_(e.index), p_(registry_lifetimes[e.index].create()) {}
  registry_value(const registry_value&) = delete;
  registry_value& operator=(const registry_value&) = delete;
  ~registry_value() { registry_lifetimes[index_].destroy(p_); }

  /// Reads it from r (which must hold just this value, or more: see read_all).
  void read(reader& r, bool bare) { registry_readers[index_](r, p_, bare); }
  /// All of `in`, or why not.
  parse_failure read_all(std::span<const std::byte> in, bool bare, const parse_options& options) {
    reader r(in, options);
    read(r, bare);
    if (r.ok() && r.remaining() != 0) r.fail({parse_errc::trailing_bytes, r.offset(), r.remaining(), 0, {}});
    return r.failure();
  }
  void to_json(json_out& o, bool bare, json& out) const { registry_to_jsons[index_](o, p_, bare, out); }
  void from_json(json_in& in, const json& j) { registry_from_jsons[index_](in, j, p_); }
  /// Appends its boxed bytes to out.
  result<std::size_t, serialize_failure> write(std::vector<std::byte>& out) const {
    return registry_writers[index_](p_, out);
  }

 private:
  std::size_t index_;
  void* p_;
};

inline bool registry_knows(std::string_view name) { return registry::by_name(name) != nullptr; }

/// Reading, sizing and writing a generic method's query of unknown type: the
/// method's fields are read through the registry (to find where it ends) and
/// kept as bytes.
template <>
struct composite_reader<wire::boxed<any_method>> {
  static void read(reader& r, any_method& v) {
    const std::byte* start = r.position();
    const std::size_t at = r.offset();
    const std::uint32_t id = r.u32();
    if (!r.ok()) return;
    const registry::entry* e = registry::by_id(id);
    if (!e || !e->method) return r.fail({parse_errc::unknown_constructor, at, id, 0, "a method"});
    registry_value(*e).read(r, true);
    if (r.ok()) v = any_method(std::vector<std::byte>(start, r.position()));
  }
};
template <>
struct composite_sizer<wire::boxed<any_method>> {
  static void size(sizer& s, const any_method& v, std::string_view owner) {
    if (v.size() < 4 || v.size() % 4 != 0) s.fail(serialize_errc::bad_object, owner, v.size());
    s.size += v.size();
  }
};
template <>
struct composite_writer<wire::boxed<any_method>> {
  static std::byte* put(std::byte* p, const std::byte* end, const any_method& v) {
    if (v.size() < 4 || v.size() % 4 != 0 || !has_room(p, end, v.size())) return nullptr;
    std::memcpy(p, v.span().data(), v.size());
    return p + v.size();
  }
};

/// JSON of a generic method's query: the method its id (or "_") names.
struct any_method_json {
  static void to_json(json_out& o, const any_method& v, json& out) {
    const registry::entry* e = v.size() >= 4 ? registry::by_id(v.id()) : nullptr;
    if (!e || !e->method) {
      char id[16];
      std::snprintf(id, sizeof id, "0x%08x", static_cast<unsigned>(v.id()));
      return o.fail(json_errc::bad_object, o.offset, std::string("no method has the id ") + id);
    }
    registry_value value(*e);
    if (const parse_failure f = value.read_all(v.span(), false, {}); f.code != parse_errc{}) {
      return o.fail(json_errc::bad_object, o.offset + f.offset, f.message());
    }
    value.to_json(o, false, out);
  }
  static void from_json(json_in& in, const json& j, any_method& v) {
    const std::string* name = constructor_name(in, j);
    if (!name) return;
    const registry::entry* e = registry::by_name(*name);
    if (!e) return in.fail(json_errc::unknown_constructor, "unknown constructor \"" + *name + "\"");
    if (!e->method) {
      return in.fail(json_errc::wrong_constructor, "\"" + *name + "\" is a constructor; a method belongs here");
    }
    registry_value value(*e);
    value.from_json(in, j);
    if (!in.ok()) return;
    std::vector<std::byte> raw;
    if (auto r = value.write(raw); !r) return in.fail(json_errc::not_serializable, r.error().message());
    v = any_method(std::move(raw));
  }
};

}  // namespace detail

template <>
struct json_hooks<any_method> : detail::any_method_json {};

}  // namespace tlcpp

#if !defined(TLCPP_REGISTRY_EXTERN)

#include "tlcpp/api/registry.hpp"
#include "tlcpp/mtproto/registry.hpp"

namespace tlcpp {
namespace detail {

template <class... A, class... M>
type_list<A..., M...> registry_concat(type_list<A...>, type_list<M...>);
/// Every registered type, in the order of registry::all().
using registry_types =
    decltype(registry_concat(api::registry_types<any_method>{}, mtproto::registry_types<any_method>{}));
inline constexpr std::size_t registry_api_size = []<class... A>(type_list<A...>) {
  return sizeof...(A);
}(api::registry_types<any_method>{});

#if TLCPP_REGISTRY_DEFINES(1)
template <class T>
void* registry_create() {
  return new T{};
}
template <class T>
void registry_destroy(void* p) noexcept {
  delete static_cast<T*>(p);
}
inline constexpr auto registry_lifetime_table = []<class... T>(type_list<T...>) {
  return std::array<registry_lifetime, sizeof...(T)>{registry_lifetime{&registry_create<T>, &registry_destroy<T>}...};
}(registry_types{});
TLCPP_REGISTRY_LINKAGE const std::span<const registry_lifetime> registry_lifetimes{registry_lifetime_table};

template <class T>
constexpr registry::entry registry_entry_of(std::string_view schema, std::size_t index) {
  return {meta<T>::id, meta<T>::name, meta<T>::type, meta<T>::tl, schema, tl_method<T>, index};
}
/// api first, then mtproto; each part in order of id (the generator sorts).
template <class... T, std::size_t... I>
constexpr auto make_registry_table(type_list<T...>, std::index_sequence<I...>) {
  return std::array<registry::entry, sizeof...(T)>{
      registry_entry_of<T>(I < registry_api_size ? "api" : "mtproto", I)...};
}
inline constexpr auto registry_table =
    make_registry_table(registry_types{}, std::make_index_sequence<registry_api_size + []<class... M>(type_list<M...>) {
                          return sizeof...(M);
                        }(mtproto::registry_types<any_method>{})>{});
#endif

#if TLCPP_REGISTRY_DEFINES(2)
template <class T>
void registry_read(reader& r, void* p, bool bare) {
  if (bare) {
    tlcpp::read<T, wire::bare<T>>(r, *static_cast<T*>(p));
  } else {
    tlcpp::read<T, wire::boxed<T>>(r, *static_cast<T*>(p));
  }
}
inline constexpr auto registry_read_table = []<class... T>(type_list<T...>) {
  return std::array<registry_read_fn, sizeof...(T)>{&registry_read<T>...};
}(registry_types{});
TLCPP_REGISTRY_LINKAGE const std::span<const registry_read_fn> registry_readers{registry_read_table};
#endif

#if TLCPP_REGISTRY_DEFINES(3)
template <class T>
result<std::size_t, serialize_failure> registry_write(const void* p, std::vector<std::byte>& out) {
  return try_serialize_as<wire::boxed<T>>(*static_cast<const T*>(p), out);
}
inline constexpr auto registry_write_table = []<class... T>(type_list<T...>) {
  return std::array<registry_write_fn, sizeof...(T)>{&registry_write<T>...};
}(registry_types{});
TLCPP_REGISTRY_LINKAGE const std::span<const registry_write_fn> registry_writers{registry_write_table};
#endif

#if TLCPP_REGISTRY_DEFINES(4)
template <class T>
void registry_to_json(json_out& o, const void* p, bool bare, json& out) {
  if (bare) {
    value_to_json<wire::bare<T>>(o, *static_cast<const T*>(p), out);
  } else {
    value_to_json<wire::boxed<T>>(o, *static_cast<const T*>(p), out);
  }
}
inline constexpr auto registry_to_json_table = []<class... T>(type_list<T...>) {
  return std::array<registry_to_json_fn, sizeof...(T)>{&registry_to_json<T>...};
}(registry_types{});
TLCPP_REGISTRY_LINKAGE const std::span<const registry_to_json_fn> registry_to_jsons{registry_to_json_table};
#endif

#if TLCPP_REGISTRY_DEFINES(5)
template <class T>
void registry_from_json(json_in& in, const json& j, void* p) {
  value_from_json<wire::boxed<T>>(in, j, *static_cast<T*>(p));
}
inline constexpr auto registry_from_json_table = []<class... T>(type_list<T...>) {
  return std::array<registry_from_json_fn, sizeof...(T)>{&registry_from_json<T>...};
}(registry_types{});
TLCPP_REGISTRY_LINKAGE const std::span<const registry_from_json_fn> registry_from_jsons{registry_from_json_table};
#endif

}  // namespace detail

#if TLCPP_REGISTRY_DEFINES(1)
namespace registry {

TLCPP_REGISTRY_LINKAGE std::span<const entry> all() noexcept { return detail::registry_table; }
TLCPP_REGISTRY_LINKAGE std::span<const entry> api() noexcept { return all().first(detail::registry_api_size); }
TLCPP_REGISTRY_LINKAGE std::span<const entry> mtproto() noexcept { return all().subspan(detail::registry_api_size); }

TLCPP_REGISTRY_LINKAGE const entry* by_id(std::uint32_t id) noexcept {
  const auto find = [id](std::span<const entry> part) -> const entry* {
    const auto it =
        std::lower_bound(part.begin(), part.end(), id, [](const entry& e, std::uint32_t v) { return e.id < v; });
    return it != part.end() && it->id == id ? &*it : nullptr;
  };
  if (const entry* e = find(api())) return e;
  return find(mtproto());
}

TLCPP_REGISTRY_LINKAGE const entry* by_name(std::string_view name) noexcept {
  static const std::vector<const entry*> index = [] {
    std::vector<const entry*> v;
    v.reserve(detail::registry_table.size());
    for (const auto& e : detail::registry_table) v.push_back(&e);
    std::sort(v.begin(), v.end(), [](const entry* a, const entry* b) { return a->name < b->name; });
    return v;
  }();
  const auto it = std::lower_bound(index.begin(), index.end(), name,
                                   [](const entry* e, std::string_view n) { return e->name < n; });
  return it != index.end() && (*it)->name == name ? *it : nullptr;
}

}  // namespace registry
#endif

// Each function is defined with the part it needs last, so that a program
// can link only the parts it uses: tables and parser (1, 2) to read, plus the
// writer (3) to re-serialize, plus to JSON (4) to decode, plus from JSON (5)
// to encode.
#if TLCPP_REGISTRY_DEFINES(2)
namespace registry {
TLCPP_REGISTRY_LINKAGE parse_failure entry::check(std::span<const std::byte> in, bool bare,
                                                  const parse_options& options) const {
  return detail::registry_value(*this).read_all(in, bare, options);
}
}  // namespace registry
#endif

#if TLCPP_REGISTRY_DEFINES(3)
namespace registry {
TLCPP_REGISTRY_LINKAGE result<std::vector<std::byte>, failure> entry::reserialize(std::span<const std::byte> in,
                                                                                  const parse_options& options) const {
  detail::registry_value value(*this);
  if (const parse_failure f = value.read_all(in, false, options); f.code != parse_errc{}) return failure(f);
  std::vector<std::byte> out;
  out.reserve(in.size());
  if (auto r = value.write(out); !r) return failure(r.error());
  return out;
}
}  // namespace registry
#endif

#if TLCPP_REGISTRY_DEFINES(4)
namespace registry {
TLCPP_REGISTRY_LINKAGE result<json, failure> entry::decode(std::span<const std::byte> in, bool bare,
                                                           const parse_options& options) const {
  detail::registry_value value(*this);
  if (const parse_failure f = value.read_all(in, bare, options); f.code != parse_errc{}) return failure(f);
  detail::json_out o;
  json j;
  value.to_json(o, bare, j);
  if (!o.ok()) return failure(std::move(o.failure));
  return j;
}

TLCPP_REGISTRY_LINKAGE result<json, failure> decode(std::span<const std::byte> in, const parse_options& options) {
  if (in.size() < 4) return failure(parse_failure{parse_errc::truncated, 0, 4, in.size(), {}});
  std::uint32_t id = 0;
  std::memcpy(&id, in.data(), 4);
  const entry* e = by_id(id);
  if (!e) return failure(parse_failure{parse_errc::unknown_constructor, 0, id, 0, "Object"});
  return e->decode(in, false, options);
}
}  // namespace registry
#endif

#if TLCPP_REGISTRY_DEFINES(5)
namespace registry {
TLCPP_REGISTRY_LINKAGE result<std::vector<std::byte>, failure> entry::encode(const json& j,
                                                                             const json_options& options) const {
  detail::json_in in;
  in.options = options;
  in.known_name = &detail::registry_knows;
  detail::registry_value value(*this);
  value.from_json(in, j);
  if (!in.ok()) return failure(std::move(in.failure));
  std::vector<std::byte> out;
  if (auto r = value.write(out); !r) return failure(r.error());
  return out;
}

TLCPP_REGISTRY_LINKAGE result<std::vector<std::byte>, failure> encode(const json& j, const json_options& options) {
  detail::json_in in;
  const std::string* name = detail::constructor_name(in, j);
  if (!name) return failure(std::move(in.failure));
  const entry* e = by_name(*name);
  if (!e) {
    return failure(json_failure{json_errc::unknown_constructor, "$", json_failure::npos, json_failure::npos,
                                "unknown constructor \"" + *name + "\""});
  }
  return e->encode(j, options);
}
}  // namespace registry
#endif

}  // namespace tlcpp

#endif  // !TLCPP_REGISTRY_EXTERN
