// How fast tlcpp::classify() says which error an rpc_error is (issue 5):
// a perfect hash over the 786 names of tlcpp/api/errors.hpp, then the digit-run
// retry for parameterized names, then the family shapes.
//
//   errors_bench --benchmark_min_time=0.5
//
// Cases: a plain known name, a parameterized one (number at the end, and in
// the middle), an unknown name of a known code, an unknown wait (family
// shape), and every known name in turn (numbers filled in).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/api/errors.hpp"

namespace {

void classify_one(benchmark::State& state, std::int32_t code, std::string_view message) {
  for (auto _ : state) {
    auto c = tlcpp::classify(code, message);
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Known(benchmark::State& s) { classify_one(s, 400, "PHOTO_ID_INVALID"); }
void BM_FloodWait(benchmark::State& s) { classify_one(s, 420, "FLOOD_WAIT_30"); }
void BM_NumberInTheMiddle(benchmark::State& s) { classify_one(s, 400, "FILE_PART_12_MISSING"); }
void BM_UnknownName(benchmark::State& s) { classify_one(s, 400, "SOMETHING_NEW_INVALID"); }
void BM_UnknownWait(benchmark::State& s) { classify_one(s, 420, "FLOOD_STARS_WAIT_9"); }
void BM_LookAlike(benchmark::State& s) { classify_one(s, 420, "FLOOD_WAIT_3x"); }

void BM_EveryKnownName(benchmark::State& state) {
  std::vector<std::pair<std::int32_t, std::string>> all;
  for (std::size_t i = 1; i <= tlcpp::known_error_count; ++i) {
    const auto& e = tlcpp::known_error(static_cast<tlcpp::errors::error_id>(i));
    std::string m(e.name);
    if (const auto at = m.find("%d"); at != std::string::npos) m = m.substr(0, at) + "7" + m.substr(at + 2);
    all.emplace_back(e.code, m);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    auto c = tlcpp::classify(all[i].first, all[i].second);
    benchmark::DoNotOptimize(c);
    if (++i == all.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Known);
BENCHMARK(BM_FloodWait);
BENCHMARK(BM_NumberInTheMiddle);
BENCHMARK(BM_UnknownName);
BENCHMARK(BM_UnknownWait);
BENCHMARK(BM_LookAlike);
BENCHMARK(BM_EveryKnownName);

}  // namespace

BENCHMARK_MAIN();
