// libFuzzer target: any bytes as one boxed object of either schema (the API
// layer and MTProto), whatever constructor or method the first four bytes
// name, looked up in tlcpp::registry. The parse must end in success (all of
// the input consumed) or in a failure whose offset lies inside the input.
//
// It links only the registry's tables and parser (parts 1 and 2, built by
// fuzz/CMakeLists.txt under the sanitizers): the writer for the whole layer
// under ASan would double a build that already takes minutes, and
// serialization is checked by the round-trip targets (parse_fuzzer.cpp) and
// by tests/conformance_test.cpp on every constructor and method.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#define TLCPP_REGISTRY_EXTERN
#include "tlcpp/extras/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  std::uint32_t id = 0;
  std::memcpy(&id, data, 4);
  const tlcpp::registry::entry* e = tlcpp::registry::by_id(id);
  if (e == nullptr) return 0;
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  const tlcpp::parse_failure f = e->check(in);
  if (f.code != tlcpp::parse_errc{} && f.offset > size) std::abort();
  return 0;
}
