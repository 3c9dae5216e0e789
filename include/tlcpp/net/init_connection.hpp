// The bytes a session puts before its first request:
// invokeWithLayer#da9b0d0d layer:int query:!X, its query being
// initConnection#c1cd5ea9 (who the client is) whose own query is the
// request. Both are generic methods whose `query` is their last field, so
// the wrapped request is these bytes followed by the request's own: the
// session (which handles requests as bytes) can wrap any request, typed or
// not, with one prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/protocol/request.hpp"

namespace tlcpp::net {

/// The prefix of invokeWithLayer(initConnection(params, query)) before
/// `query`'s bytes, for session_options::first_call_prefix.
[[nodiscard]] inline std::vector<std::byte> init_connection_prefix(connection_params params,
                                                                   std::int32_t layer = api::layer) {
  // Any request will do as the placeholder: its bytes are the tail cut off.
  const mtproto::ping placeholder{};
  std::vector<std::byte> whole = tlcpp::serialize(with_init_connection(placeholder, std::move(params), layer));
  whole.resize(whole.size() - tlcpp::serialized_size(placeholder));
  return whole;
}

}  // namespace tlcpp::net
