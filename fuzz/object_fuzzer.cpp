// libFuzzer target: parse any bytes as one boxed object of either schema (the
// API layer and MTProto), whatever its constructor id says it is, and require
// that whatever parses serializes back to exactly the bytes it came from.
//
// The id is looked up in a table of every constructor and method built from
// the generated registry lists (api::registry_types, mtproto::registry_types),
// so this instantiates the parser for the whole layer: it is slow to compile.
// Generic methods (invokeWithLayer and friends) take help.getConfig as their
// query.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "tlcpp/api/registry.hpp"
#include "tlcpp/mtproto/registry.hpp"
#include "tlcpp/serialize.hpp"

// Compiled in TLCPP_OBJECT_PARTS translation units (fuzz/CMakeLists.txt),
// each instantiating the parser for every TLCPP_OBJECT_PARTS-th type, so that
// a build can spread the work; part 0 also holds the fuzzer entry point.
#ifndef TLCPP_OBJECT_PARTS
#define TLCPP_OBJECT_PARTS 1
#define TLCPP_OBJECT_PART 0
#endif

using input = std::span<const std::byte>;

struct object_entry {
  std::uint32_t id;
  void (*parse)(input);
};

// Every part adds its entries here while the program starts (defined in part 0).
std::vector<object_entry>& object_table();

namespace {

// Parses `in` as one boxed C; aborts when it parses but does not serialize
// back to the same bytes, or fails at an offset outside the input.
template <class C>
void parse_as(input in) {
  auto parsed = tlcpp::try_parse<C>(in);
  if (!parsed) {
    if (parsed.error().offset > in.size()) std::abort();
    return;
  }
  std::vector<std::byte> out;
  auto written = tlcpp::try_serialize(*parsed, out);
  if (!written || out.size() != in.size() || std::memcmp(out.data(), in.data(), in.size()) != 0) std::abort();
}

// The entry of C when it belongs to this part, else an empty one (and the
// parser for C is not instantiated here).
template <bool Mine, class C>
constexpr object_entry entry_of() {
  if constexpr (Mine) {
    return {tlcpp::meta<C>::id, &parse_as<C>};
  } else {
    return {0, nullptr};
  }
}

template <std::size_t K, class... Cs, std::size_t... I>
void add_part(std::vector<object_entry>& out, tlcpp::type_list<Cs...>, std::index_sequence<I...>) {
  // An array, not a fold: clang limits fold expressions to 256 operands.
  static constexpr object_entry entries[] = {entry_of<I % TLCPP_OBJECT_PARTS == K, Cs>()...};
  for (const object_entry& e : entries) {
    if (e.parse) out.push_back(e);
  }
}

template <std::size_t K, class... Cs>
void add_part(std::vector<object_entry>& out, tlcpp::type_list<Cs...> types) {
  add_part<K>(out, types, std::index_sequence_for<Cs...>{});
}

}  // namespace

namespace {
[[maybe_unused]] const bool registered = [] {
  using query = tlcpp::api::help::getConfig;
  add_part<TLCPP_OBJECT_PART>(object_table(), tlcpp::api::registry_types<query>{});
  add_part<TLCPP_OBJECT_PART>(object_table(), tlcpp::mtproto::registry_types<query>{});
  return true;
}();
}  // namespace

#if TLCPP_OBJECT_PART == 0
std::vector<object_entry>& object_table() {
  static std::vector<object_entry> table;
  return table;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<object_entry>& table = []() -> const std::vector<object_entry>& {
    auto& t = object_table();
    std::stable_sort(t.begin(), t.end(), [](const object_entry& a, const object_entry& b) { return a.id < b.id; });
    return t;
  }();
  if (size < 4) return 0;
  const input in(reinterpret_cast<const std::byte*>(data), size);
  std::uint32_t id = 0;
  std::memcpy(&id, data, 4);
  // The same id in both schemas (if ever) is tried as each.
  auto it =
      std::lower_bound(table.begin(), table.end(), id, [](const object_entry& e, std::uint32_t v) { return e.id < v; });
  for (; it != table.end() && it->id == id; ++it) it->parse(in);
  return 0;
}
#endif
