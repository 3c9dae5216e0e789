// libFuzzer target: tlcpp::try_parse_response and tlcpp::unpack_container on
// arbitrary bytes, gzip_packed included.
//
// The first byte picks what the rest is read as. Modes 0-3 read it as the
// answer to one method (rpc_result, rpc_error, gzip_packed or the bare
// result). Mode 4 gzips the rest itself and wraps it in rpc_result +
// gzip_packed, so that the inflated data the parser sees is the fuzzer's
// (random bytes almost never inflate). Mode 5 reads a msg_container.
// Failures must point inside what was read; sanitizers catch the rest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "tlcpp/api/Updates.hpp"
#include "tlcpp/api/help/getConfig.hpp"
#include "tlcpp/api/messages/getHistory.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/api/updates/getDifference.hpp"
#include "tlcpp/mtproto/MsgsAck.hpp"
#include "tlcpp/protocol/response.hpp"

namespace {

using input = std::span<const std::byte>;

// A parse failure outside the bytes it describes is a bug. (Inside
// gzip_packed data the offset counts inflated bytes: those have no bound
// here but the inflate cap.)
void check(const tlcpp::response_failure& f, std::size_t size) {
  if (const tlcpp::parse_failure* p = f.parse(); p && !f.packed_at() && p->offset > size) std::abort();
}

template <class M>
void answer(input in) {
  auto r = tlcpp::try_parse_response<M>(in);
  if (!r) check(r.error(), in.size());
}

std::vector<std::byte> wrapped_in_gzip(input in) {
  std::vector<std::byte> out(12);
  const std::uint32_t id = tlcpp::meta<tlcpp::mtproto::rpc_result>::id;
  std::memcpy(out.data(), &id, 4);  // req_msg_id stays 0
  tlcpp::serialize(tlcpp::mtproto::gzip_packed{.packed_data = tlcpp::bytes(tlcpp::gzip(in))}, out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const input in(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
  namespace api = tlcpp::api;
  switch (data[0] % 6) {
    case 0:
      answer<api::photos::updateProfilePhoto>(in);
      break;
    case 1:
      answer<api::updates::getDifference>(in);
      break;
    case 2:
      answer<api::messages::getHistory>(in);
      break;
    case 3:
      answer<api::help::getConfig>(in);
      break;
    case 4: {
      const std::vector<std::byte> packed = wrapped_in_gzip(in);
      auto r = tlcpp::try_parse_response<api::messages::getHistory>(packed);
      if (!r) {
        const tlcpp::parse_failure* p = r.error().parse();
        // Offsets inside the inflated data count the fuzzer's bytes.
        if (p && r.error().packed_at() && p->offset > in.size()) std::abort();
      }
      break;
    }
    default: {
      auto r = tlcpp::unpack_container<tlcpp::mtproto::rpc_result, tlcpp::mtproto::MsgsAck, api::Updates>(in);
      if (!r) {
        if (r.error().offset > in.size()) std::abort();
      } else {
        for (const auto& m : *r) {
          if (m.offset > in.size()) std::abort();
        }
      }
      break;
    }
  }
  return 0;
}
