// How the shards (typed_N.cpp, written into the build tree by CMakeLists.txt,
// which reads typed_shards from here) hold the typed code of the registry:
// entry i lives in shard i % typed_shards. One translation unit for all 2,300
// types would instantiate the parse and serialize path of each of them and
// cost several minutes and gigabytes (over CI's per-unit budget); a few
// shards stay within it. Each shard also reads every type's header, which is
// a good part of what a shard costs: so fewer shards cost less in all, as
// long as each stays well within the budget (in time on a slower machine
// too, and in memory).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <utility>

#include "support/typed.hpp"

namespace tlcpp::test::detail {

inline constexpr std::size_t typed_shards = 8;

/// The run functions of shard K, indexed by registry index; nullptr where
/// the entry belongs to another shard.
template <std::size_t K>
std::span<const typed_entry::run_fn> shard();

}  // namespace tlcpp::test::detail

#if defined(TLCPP_TYPED_SHARD)
#include "tlcpp/api/type_list.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/type_list.hpp"

namespace tlcpp::test::detail {
namespace {

template <class T>
parse_failure run(std::span<const std::byte> in, bool bare, const parse_options& options, std::vector<std::byte>* again,
                  serialize_failure* refused) {
  reader r(in, options);
  T value{};
  if (bare) {
    wire_traits<wire::bare<T>>::read(r, value);
  } else {
    wire_traits<wire::boxed<T>>::read(r, value);
  }
  if (r.finish() && again != nullptr) {
    if (auto w = try_serialize_as<wire::boxed<T>>(value, *again); !w) *refused = w.error();
  }
  return r.failure();
}

template <std::size_t I, class T>
constexpr typed_entry::run_fn run_if_mine() {
  if constexpr (I % typed_shards == TLCPP_TYPED_SHARD) {
    return &run<T>;
  } else {
    return nullptr;
  }
}

template <class... A, class... M>
constexpr auto table_of(type_list<A...>, type_list<M...>) {
  constexpr std::size_t na = sizeof...(A);
  return [&]<std::size_t... I, std::size_t... J>(std::index_sequence<I...>, std::index_sequence<J...>) {
    return std::array<typed_entry::run_fn, na + sizeof...(M)>{run_if_mine<I, A>()..., run_if_mine<na + J, M>()...};
  }
  (std::index_sequence_for<A...>{}, std::index_sequence_for<M...>{});
}

constexpr auto table = table_of(api::all_types<any_method>{}, mtproto::all_types<any_method>{});

}  // namespace

template <>
std::span<const typed_entry::run_fn> shard<TLCPP_TYPED_SHARD>() {
  return table;
}

}  // namespace tlcpp::test::detail
#endif
