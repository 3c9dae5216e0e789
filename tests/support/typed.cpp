// The typed code of every registry entry (see typed.hpp): the id of each
// type here, its parse and serialize path in one of the shards
// (typed_shard.hpp). Against tlcpp::compiled the parsers and writers are the
// library's; only the builtin-only constructors (which stay inline) are
// compiled in the shards.
#include "support/typed.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include "support/typed_shard.hpp"
#include "tlcpp/api/type_list.hpp"
#include "tlcpp/mtproto/type_list.hpp"

namespace tlcpp::test {
namespace {

template <class... A, class... M>
constexpr auto ids_of(type_list<A...>, type_list<M...>) {
  return std::array<std::uint32_t, sizeof...(A) + sizeof...(M)>{meta<A>::id..., meta<M>::id...};
}

constexpr auto ids = ids_of(api::all_types<any_method>{}, mtproto::all_types<any_method>{});

template <std::size_t... K>
std::vector<typed_entry> build(std::index_sequence<K...>) {
  const std::array<std::span<const typed_entry::run_fn>, sizeof...(K)> shards{detail::shard<K>()...};
  std::vector<typed_entry> out;
  out.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& s = shards[i % shards.size()];
    if (s.size() != ids.size() || s[i] == nullptr) throw std::logic_error("typed: shard tables disagree");
    out.push_back({ids[i], s[i]});
  }
  return out;
}

}  // namespace

const typed_entry& typed(const registry::entry& e) {
  static const std::vector<typed_entry> table = build(std::make_index_sequence<detail::typed_shards>{});
  return table.at(e.index);
}

}  // namespace tlcpp::test
