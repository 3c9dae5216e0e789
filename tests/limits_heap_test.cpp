// Heap in proportion to input (issue 6): a parse's peak live heap stays
// within a documented multiple of the input's size (README, "Limits"),
// measured by replacing the global operator new (heap_meter.hpp). In its own
// executable: it instantiates parse, serialize and == for several of the
// largest types, which limits_test.cpp does not need.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "support/alloc_meter.hpp"
#include "support/workloads.hpp"
#include "tlcpp/api/Page.hpp"
#include "tlcpp/api/RichText.hpp"
#include "tlcpp/api/Updates.hpp"
#include "tlcpp/api/help/RecentMeUrls.hpp"
#include "tlcpp/api/messages/Messages.hpp"
#include "tlcpp/core/serialize.hpp"

namespace {

namespace api = tlcpp::api;
using bytes_t = std::vector<std::byte>;

// ---------------------------------------------------------------------------
// Heap in proportion to input

// The documented bound (README, "Limits"): a parse's peak heap is at most
// this many times the input's size, plus a constant.
constexpr std::size_t k_heap_factor = 128;
constexpr std::size_t k_heap_constant = 64 << 10;

// The constructor of boxed type T that takes the fewest bytes on the wire.
template <class T>
struct smallest_of;
template <class... Cs>
struct smallest_of<tlcpp::type_list<Cs...>> {
  static constexpr std::size_t index = [] {
    const std::size_t sizes[] = {tlcpp::detail::min_fields_size<Cs>()...};
    return static_cast<std::size_t>(std::min_element(std::begin(sizes), std::end(sizes)) - std::begin(sizes));
  }();
};

// `outer`, its vector `field` holding n of element constructor C (by
// default the smallest of the element type): parses back to the same value
// within the bound. Returns the peak multiple, for the record.
template <class Outer, class C, class V>
double check_heap(V Outer::*field, std::size_t n, const C& element) {
  Outer outer{};
  (outer.*field).assign(n, element);
  const bytes_t in = tlcpp::serialize(outer);
  std::size_t peak = 0;
  {
    tlcpp::test::alloc_meter meter;
    auto r = tlcpp::try_parse<Outer>(in);
    peak = meter.peak();
    EXPECT_TRUE(r.has_value());
    EXPECT_TRUE(r && *r == outer);
  }
  EXPECT_LE(peak, k_heap_factor * in.size() + k_heap_constant)
      << tlcpp::meta<Outer>::name << " of " << n << " " << tlcpp::meta<C>::name;
  const double multiple = static_cast<double>(peak) / static_cast<double>(in.size());
  std::printf("%s: %zu x %s, %zu bytes in, peak heap %zu bytes (%.1fx)\n",
              std::string(tlcpp::meta<Outer>::name).c_str(), n, std::string(tlcpp::meta<C>::name).c_str(), in.size(),
              peak, multiple);
  return multiple;
}
template <class Outer, class V>
double check_heap_smallest(V Outer::*field, std::size_t n) {
  using E = typename V::value_type;
  return [&]<class... Cs>(tlcpp::type_list<Cs...>) {
    constexpr std::size_t i = smallest_of<typename E::alternatives>::index;
    using C = std::tuple_element_t<i, std::tuple<Cs...>>;
    return check_heap(field, n, E(C{}));
  }(typename E::alternatives{});
}

TEST(Heap, VectorsOfTheSmallestConstructorsOfLargeTypes) {
  constexpr std::size_t n = 20000;
  double worst = 0;
  worst = std::max(worst, check_heap_smallest(&api::updates_::updates, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::messages, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::users, n));
  worst = std::max(worst, check_heap_smallest(&api::messages::messages::chats, n));
  worst = std::max(worst, check_heap_smallest(&api::help::recentMeUrls::urls, n));
  worst = std::max(worst, check_heap_smallest(&api::page::blocks, n));
  worst = std::max(worst, check_heap_smallest(&api::textConcat::texts, n));
  // Large constructors held on the heap: the smallest message, and a user.
  worst = std::max(worst, check_heap(&api::messages::messages::messages, n, api::Message(api::message{})));
  worst = std::max(worst, check_heap(&api::messages::messages::users, n, api::User(api::user{})));
  RecordProperty("worst_heap_multiple", std::to_string(worst));
  EXPECT_GT(worst, 1.0);  // the meter sees the parse
}

TEST(Heap, FixedSizeObjectsAndTheWorkloads) {
  double worst = 0;
  worst = std::max(worst, check_heap(&api::photos::photo::users, 100, api::User(tlcpp::test::w2_user(0))));
  EXPECT_GT(worst, 1.0);
}

}  // namespace
