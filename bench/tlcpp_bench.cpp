// tlcpp's benchmark suite (issue 7): serialize and parse the fixed workloads
// of workloads.hpp, next to a memcpy of the same number of bytes, the floor
// no encoder can beat. Every benchmark reports bytes_per_second and `allocs`,
// the heap allocations per iteration (tests/support/alloc_meter.hpp).
//
//   tlcpp_bench [google benchmark flags] [--workloads_out=DIR]
//
// --workloads_out writes the workload bytes (w1.bin, w2-1.bin, w2-100.bin) to
// DIR for bench/peers/mtcute.mjs, which times mtcute on the same bytes;
// bench/compare runs both and prints the table.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/alloc_meter.hpp"
#include "support/workloads.hpp"
#include "tlcpp/core/serialize.hpp"

namespace {

using namespace tlcpp::api;
// Allocations by this thread so far (differences are what count).
std::size_t allocations() noexcept {
  static thread_local const tlcpp::test::alloc_meter meter;
  return meter.allocations();
}

struct workloads {
  photos::updateProfilePhoto request = tlcpp::test::w1();
  std::vector<std::byte> request_bytes = tlcpp::serialize(request);
  photos::photo answer1 = tlcpp::test::w2(1);
  std::vector<std::byte> answer1_bytes = tlcpp::serialize(answer1);
  photos::photo answer100 = tlcpp::test::w2(100);
  std::vector<std::byte> answer100_bytes = tlcpp::serialize(answer100);

  [[nodiscard]] const photos::photo& answer(std::int64_t n) const { return n == 1 ? answer1 : answer100; }
  [[nodiscard]] const std::vector<std::byte>& answer_bytes(std::int64_t n) const {
    return n == 1 ? answer1_bytes : answer100_bytes;
  }
};

const workloads& data() {
  static const workloads w;
  return w;
}

// Reports bytes_per_second for `bytes` bytes per iteration, and the heap
// allocations per iteration counted since `allocs_before`.
void report(benchmark::State& state, std::size_t bytes, std::size_t allocs_before) {
  const std::size_t allocs = allocations() - allocs_before;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
  state.counters["allocs"] = benchmark::Counter(static_cast<double>(allocs), benchmark::Counter::kAvgIterations);
}

// A copy of `in` into a buffer of its size. The size is a run-time value, as
// it is for a serializer, so the copy is a real memcpy call.
void copy(benchmark::State& state, const std::vector<std::byte>& in) {
  std::vector<std::byte> out(in.size());
  const std::size_t before = allocations();
  for (auto _ : state) {
    std::memcpy(out.data(), in.data(), in.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report(state, in.size(), before);
}

// Serializes into a buffer that is reused (tlcpp::serialize_into): no
// allocation, and no zeroing, which appending to a std::vector would add
// (vector::resize zeroes the bytes before they are written; README, "Speed").
template <class T>
void serialize_reused(benchmark::State& state, const T& value, std::size_t size) {
  std::vector<std::byte> buffer(size);
  const std::size_t before = allocations();
  for (auto _ : state) {
    const std::size_t written = tlcpp::serialize_into(value, buffer);
    benchmark::DoNotOptimize(written);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  report(state, size, before);
}

// Serializes into a new vector each time (its one allocation included).
template <class T>
void serialize_new(benchmark::State& state, const T& value, std::size_t size) {
  const std::size_t before = allocations();
  for (auto _ : state) {
    std::vector<std::byte> out = tlcpp::serialize(value);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report(state, size, before);
}

void BM_serialize_request(benchmark::State& state) {
  serialize_reused(state, data().request, data().request_bytes.size());
}
void BM_serialize_request_new_buffer(benchmark::State& state) {
  serialize_new(state, data().request, data().request_bytes.size());
}
void BM_memcpy_request(benchmark::State& state) { copy(state, data().request_bytes); }

// Parses the whole answer, every string and vector it holds, and frees it.
void BM_parse_answer(benchmark::State& state) {
  const std::vector<std::byte>& in = data().answer_bytes(state.range(0));
  const std::size_t before = allocations();
  for (auto _ : state) {
    photos::Photo answer = tlcpp::parse<photos::Photo>(std::span<const std::byte>(in));
    benchmark::DoNotOptimize(answer);
    benchmark::ClobberMemory();
  }
  report(state, in.size(), before);
}
void BM_serialize_answer(benchmark::State& state) {
  serialize_new(state, data().answer(state.range(0)), data().answer_bytes(state.range(0)).size());
}
void BM_memcpy_answer(benchmark::State& state) { copy(state, data().answer_bytes(state.range(0))); }

BENCHMARK(BM_serialize_request)->Name("serialize/updateProfilePhoto");
BENCHMARK(BM_serialize_request_new_buffer)->Name("serialize/updateProfilePhoto/new_buffer");
BENCHMARK(BM_memcpy_request)->Name("memcpy/updateProfilePhoto");
BENCHMARK(BM_parse_answer)->Name("parse/photos.photo")->Arg(1)->Arg(100);
BENCHMARK(BM_serialize_answer)->Name("serialize/photos.photo")->Arg(1)->Arg(100);
BENCHMARK(BM_memcpy_answer)->Name("memcpy/photos.photo")->Arg(1)->Arg(100);

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "tlcpp_bench: %s\n", what);
  std::exit(1);
}

// The workloads must be what they claim before anything is timed: the sizes
// fixed by the issue, the bytes parse back to the same values, and a
// serialize into a buffer with room allocates nothing.
void check(const workloads& w) {
  if (w.request_bytes.size() != 48) die("W1 is not 48 bytes");
  if (tlcpp::parse<photos::updateProfilePhoto>(w.request_bytes) != w.request) die("W1 does not parse back");
  std::vector<std::byte> request_out(w.request_bytes.size());
  const std::size_t request_before = allocations();
  if (tlcpp::serialize_into(w.request, request_out) != w.request_bytes.size()) die("W1 does not fill its buffer");
  if (allocations() != request_before) die("serializing W1 into a reused buffer allocates");
  if (request_out != w.request_bytes) die("W1 serializes differently twice");
  for (const std::int64_t n : {1, 100}) {
    if (w.answer(n).users.size() != static_cast<std::size_t>(n)) die("W2 has the wrong number of users");
    if (tlcpp::parse<photos::Photo>(w.answer_bytes(n)) != w.answer(n)) die("W2 does not parse back");
    std::vector<std::byte> out;
    out.reserve(w.answer_bytes(n).size());
    const std::size_t before = allocations();
    tlcpp::serialize(w.answer(n), out);
    if (allocations() != before) die("serializing W2 into a reused buffer allocates");
    if (out != w.answer_bytes(n)) die("W2 serializes differently twice");
  }
}

void write_file(const std::string& path, const std::vector<std::byte>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) {
    die(("cannot write " + path).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view flag = "--workloads_out=";
  std::string out_dir;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(flag)) {
      out_dir = arg.substr(flag.size());
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;

  const workloads& w = data();
  check(w);
  if (!out_dir.empty()) {
    write_file(out_dir + "/w1.bin", w.request_bytes);
    write_file(out_dir + "/w2-1.bin", w.answer1_bytes);
    write_file(out_dir + "/w2-100.bin", w.answer100_bytes);
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("W1 bytes", std::to_string(w.request_bytes.size()));
  benchmark::AddCustomContext("W2(1) bytes", std::to_string(w.answer1_bytes.size()));
  benchmark::AddCustomContext("W2(100) bytes", std::to_string(w.answer100_bytes.size()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
