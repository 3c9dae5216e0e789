// libFuzzer target: parse any bytes as one boxed TLCPP_FUZZ_TYPE.
//
// Whatever parses must serialize back to exactly the bytes it came from
// (parse consumes the whole input, and the reader refuses every
// non-canonical form), so a parse that "succeeds" wrongly is caught here,
// not only crashes. Built once per type by fuzz/CMakeLists.txt.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include TLCPP_FUZZ_HEADER
#include "tlcpp/core/serialize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  auto parsed = tlcpp::try_parse<TLCPP_FUZZ_TYPE>(in);
  if (!parsed) {
    // A failure must point inside the input (or just past its end).
    if (parsed.error().offset > size) std::abort();
    return 0;
  }
  std::vector<std::byte> out;
  auto written = tlcpp::try_serialize(*parsed, out);
  if (!written || out.size() != size || std::memcmp(out.data(), data, size) != 0) std::abort();
  return 0;
}
