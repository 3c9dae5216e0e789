// The MTProto envelopes around answers, written by hand: mtcute's
// mtp-schema.json (where schema/mtproto.tl comes from) leaves them out,
// because every client treats them specially. Names, ids and fields are
// those of the MTProto service schema:
//
//   rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
//   gzip_packed#3072cfa1 packed_data:string = Object;
//   msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;
//   message msg_id:long seqno:int bytes:int body:Object = Message;
//
// (The ids are those Telegram uses; gzip_packed's is the CRC32 of the line
// with `string`, which tlcpp reads as bytes: same encoding, opaque data.)
// rpc_result and gzip_packed are ordinary structs with a meta<T>, so
// serialize() and parse() handle them; a container is read by
// tlcpp::unpack_container (response.hpp), which frames each message by its
// own `bytes` length. (If schema/mtproto.tl ever gains these lines, these
// definitions must go.)
#pragma once

#include <cstdint>
#include <string_view>

#include "tlcpp/core/bytes.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/wire.hpp"

namespace tlcpp::mtproto {

/// rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
struct rpc_result {
  std::int64_t req_msg_id{};  ///< msg_id of the request this answers
  tlcpp::object result{};     ///< the answer: the method's result, rpc_error or gzip_packed

  /// Same request, same bytes.
  friend bool operator==(const rpc_result&, const rpc_result&) = default;
};

/// gzip_packed#3072cfa1 packed_data:string = Object;  (kept as bytes)
struct gzip_packed {
  tlcpp::bytes packed_data{};  ///< a gzip stream of one boxed object

  /// Same compressed bytes.
  friend bool operator==(const gzip_packed&, const gzip_packed&) = default;
};

inline constexpr std::uint32_t msg_container_id = 0x73f1f8dc;

}  // namespace tlcpp::mtproto

namespace tlcpp {

/// @cond TLCPP_SPECIALIZATIONS
template <>
struct meta<mtproto::rpc_result> {
  static constexpr std::uint32_t id = 0xf35c6d01;
  static constexpr std::string_view name = "rpc_result";
  static constexpr std::string_view type = "RpcResult";
  static constexpr std::string_view tl = "rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;";
  using fields = type_list<field<&mtproto::rpc_result::req_msg_id, wire::long_, "req_msg_id">,
                           field<&mtproto::rpc_result::result, wire::object, "result">>;
};

template <>
struct meta<mtproto::gzip_packed> {
  static constexpr std::uint32_t id = 0x3072cfa1;
  static constexpr std::string_view name = "gzip_packed";
  static constexpr std::string_view type = "Object";
  static constexpr std::string_view tl = "gzip_packed#3072cfa1 packed_data:string = Object;";
  using fields = type_list<field<&mtproto::gzip_packed::packed_data, wire::bytes, "packed_data">>;
};
/// @endcond

}  // namespace tlcpp
