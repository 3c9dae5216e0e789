// libFuzzer target: tlcpp::try_from_json<TLCPP_FUZZ_TYPE> on arbitrary text.
//
// Text that is JSON and converts must serialize, parse back, and convert to
// JSON again equal to the JSON that was converted from... unless the input
// was not canonical (fields in another order, base64 that decodes the same),
// so the check is the fixed point: to_json(from_json(j)) converts again to
// the same value and the same JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include TLCPP_FUZZ_HEADER
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/extras/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const tlcpp::json j = tlcpp::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  auto value = tlcpp::try_from_json<TLCPP_FUZZ_TYPE>(j);
  if (!value) return 0;
  // A value from_json accepts is one the writer can encode ...
  std::vector<std::byte> bytes;
  if (!tlcpp::try_serialize(*value, bytes)) std::abort();
  // ... whose bytes parse back to the same value ...
  auto parsed = tlcpp::try_parse<TLCPP_FUZZ_TYPE>(bytes);
  if (!parsed || !(*parsed == *value)) std::abort();
  // ... and whose canonical JSON converts back to it.
  auto canonical = tlcpp::try_to_json(*value);
  if (!canonical) return 0;  // e.g. a string that is not UTF-8, refused on output
  auto again = tlcpp::try_from_json<TLCPP_FUZZ_TYPE>(*canonical);
  if (!again || !(*again == *value)) std::abort();
  return 0;
}
