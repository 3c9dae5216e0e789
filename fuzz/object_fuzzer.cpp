// libFuzzer target: any bytes as one boxed object of either schema (the API
// layer and MTProto), whatever constructor or method the first four bytes
// name, read two ways that must agree: the typed parser (the generated
// struct, through tlcpp::compiled) and the registry's walker (the generated
// table). Each ends in success (all of the input consumed) or in the same
// failure, at the same offset, inside the input. What parses must serialize
// back to exactly the input through the struct, and through canonical JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "support/typed.hpp"
#include "tlcpp/extras/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  std::uint32_t id = 0;
  std::memcpy(&id, data, 4);
  const tlcpp::registry::entry* e = tlcpp::registry::by_id(id);
  if (e == nullptr) return 0;
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  const tlcpp::parse_failure typed = tlcpp::test::typed(*e).check(in, false, {});
  const tlcpp::parse_failure walker = e->check(in);
  if (typed.code != walker.code || typed.offset != walker.offset || typed.value != walker.value ||
      typed.limit != walker.limit || typed.what != walker.what) {
    std::abort();  // the two readers disagree
  }
  if (typed.code != tlcpp::parse_errc{}) {
    if (typed.offset > size) std::abort();
    return 0;
  }
  const auto again = tlcpp::test::typed(*e).reserialize(in);
  if (!again || again->size() != size || std::memcmp(again->data(), data, size) != 0) std::abort();
  // Canonical JSON can fail (a string that is not UTF-8, a NaN); when it
  // does not, it must give the same bytes back.
  if (const auto j = e->decode(in)) {
    const auto bytes = e->encode(*j);
    if (!bytes || bytes->size() != size || std::memcmp(bytes->data(), data, size) != 0) std::abort();
  }
  return 0;
}
