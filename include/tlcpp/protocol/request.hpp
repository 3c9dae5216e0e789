// Requests as a client sends them.
//
// The first call on a connection goes inside invokeWithLayer (which layer the
// client speaks) and initConnection (who the client is); both are generic TL
// methods (`query:!X`), generated as templates, so the wrapped request keeps
// its answer type: with_init_connection(photos::updateProfilePhoto{...}, p)
// is an invokeWithLayer<initConnection<photos::updateProfilePhoto>> whose
// result_type is photos::Photo, and parse_response of it reads a photos::Photo.
//
// serialize_request() writes any request, and with request_options::gzip
// packs it in gzip_packed#3072cfa1 when that is smaller (Telegram accepts a
// packed request in place of the plain one).
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tlcpp/api/initConnection.hpp"
#include "tlcpp/api/invokeWithLayer.hpp"
#include "tlcpp/api/layer.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/protocol/envelope.hpp"
#include "tlcpp/protocol/gzip.hpp"

namespace tlcpp {

/// The initConnection fields: who the client is.
struct connection_params {
  std::int32_t api_id{};                         ///< from my.telegram.org
  std::string device_model{};                    ///< shown in the user's session list
  std::string system_version{};                  ///< operating system and version
  std::string app_version{};                     ///< this client's version
  std::string system_lang_code{};                ///< the device's language ("en")
  std::string lang_pack{};                       ///< the app's language pack name ("" for none)
  std::string lang_code{};                       ///< the language of the pack ("en")
  std::optional<api::InputClientProxy> proxy{};  ///< the MTProxy in use, if any
  std::optional<api::JSONValue> params{};        ///< extra client parameters (tz_offset, ...)
};

/// invokeWithLayer{layer, initConnection{params..., query}}.
template <tl_method M>
api::invokeWithLayer<api::initConnection<M>> with_init_connection(M query, connection_params p,
                                                                  std::int32_t layer = api::layer) {
  return {.layer = layer,
          .query = {.api_id = p.api_id,
                    .device_model = std::move(p.device_model),
                    .system_version = std::move(p.system_version),
                    .app_version = std::move(p.app_version),
                    .system_lang_code = std::move(p.system_lang_code),
                    .lang_pack = std::move(p.lang_pack),
                    .lang_code = std::move(p.lang_code),
                    .proxy = std::move(p.proxy),
                    .params = std::move(p.params),
                    .query = std::move(query)}};
}

/// How serialize_request() frames a request.
struct request_options {
  /// Pack in gzip_packed when that is smaller.
  bool gzip = false;
  /// Requests smaller than this are never packed (not worth the time).
  std::size_t gzip_min_size = 256;
  /// zlib's level, 0 to 9, or Z_DEFAULT_COMPRESSION.
  int gzip_level = Z_DEFAULT_COMPRESSION;
};

/// Non-throwing: the bytes of `request` (plain or packed), or why it cannot be
/// serialized faithfully.
template <tl_method M>
result<std::vector<std::byte>, serialize_failure> try_serialize_request(const M& request,
                                                                        const request_options& options = {}) {
  std::vector<std::byte> plain;
  auto size = try_serialize(request, plain);
  if (!size) return size.error();
  if (!options.gzip || plain.size() < options.gzip_min_size) return plain;
  mtproto::gzip_packed packed{.packed_data = bytes(std::span<const std::byte>(gzip(plain, options.gzip_level)))};
  std::vector<std::byte> out;
  auto packed_size = try_serialize(packed, out);
  if (!packed_size || out.size() >= plain.size()) return plain;
  return out;
}

template <tl_method M>
std::vector<std::byte> serialize_request(const M& request, const request_options& options = {}) {
  auto r = try_serialize_request(request, options);
  if (!r) TLCPP_THROW(serialize_error(r.error()));
  return std::move(r).value();
}

}  // namespace tlcpp
