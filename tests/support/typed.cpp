// The typed code of every registry entry (see typed.hpp): one table built
// from the generated type lists, in the registry's order. Against
// tlcpp::compiled this instantiates a small function per type; the parsers
// and writers themselves are the library's.
#include "support/typed.hpp"

#include <array>

#include "tlcpp/api/type_list.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/type_list.hpp"

namespace tlcpp::test {
namespace {

template <class T>
parse_failure check(std::span<const std::byte> in, bool bare, const parse_options& options) {
  reader r(in, options);
  T value{};
  if (bare) {
    tlcpp::read<T, wire::bare<T>>(r, value);
  } else {
    tlcpp::read<T, wire::boxed<T>>(r, value);
  }
  r.finish();
  return r.failure();
}

template <class T>
result<std::vector<std::byte>, registry::failure> reserialize(std::span<const std::byte> in) {
  auto value = tlcpp::try_parse<T>(in);
  if (!value) return registry::failure(value.error());
  std::vector<std::byte> out;
  if (auto r = tlcpp::try_serialize(*value, out); !r) return registry::failure(r.error());
  return out;
}

template <class... A, class... M>
constexpr auto table_of(type_list<A...>, type_list<M...>) {
  return std::array<typed_entry, sizeof...(A) + sizeof...(M)>{typed_entry{meta<A>::id, &check<A>, &reserialize<A>}...,
                                                              typed_entry{meta<M>::id, &check<M>, &reserialize<M>}...};
}

constexpr auto table = table_of(api::all_types<any_method>{}, mtproto::all_types<any_method>{});

}  // namespace

const typed_entry& typed(const registry::entry& e) { return table.at(e.index); }

}  // namespace tlcpp::test
