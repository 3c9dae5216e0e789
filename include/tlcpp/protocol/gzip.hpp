// gzip for gzip_packed#3072cfa1 packed_data:bytes = Object: inflate with a
// cap on the output, and deflate for requests.
//
// Telegram packs with gzip (RFC 1952); inflate() also takes a zlib stream
// (RFC 1950), and checks the trailer (CRC-32 or Adler-32, and length). The
// cap bounds memory against a bomb: output grows in steps and inflation stops
// as soon as it would pass the cap, whatever the input claims.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <span>
#include <stdexcept>
#include <vector>

#include "tlcpp/core/codec_error.hpp"

namespace tlcpp {

// Inflates (gunzips) `in`, at most `cap` bytes of output. Failures are parse_errc::
// bad_gzip (corrupt, truncated, or data after the end of the stream; offset
// = at + the input byte zlib had reached) and parse_errc::too_large (offset
// = at, value = bytes inflated when it stopped, limit = cap).
inline result<std::vector<std::byte>, parse_failure> gunzip(std::span<const std::byte> in, std::size_t cap,
                                                            std::size_t at = 0) {
  static constexpr std::string_view what_large = "inflated gzip_packed data";
  if (in.size() > std::numeric_limits<uInt>::max()) {
    return parse_failure{parse_errc::too_large, at, in.size(), std::numeric_limits<uInt>::max(), "gzip_packed data"};
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return parse_failure{parse_errc::bad_gzip, at, 0, 0, "zlib init failed"};
  std::vector<std::byte> out;
  // First guess: a few times the input, never more than the cap allows.
  const std::size_t room = cap == std::numeric_limits<std::size_t>::max() ? cap : cap + 1;
  out.resize(std::min(room, std::max<std::size_t>(in.size() * 4, 4096)));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::size_t produced = 0;
  int rc = Z_OK;
  parse_failure failure{};
  while (true) {
    if (produced == out.size()) {
      if (out.size() >= room) {
        failure = {parse_errc::too_large, at, produced, cap, what_large};
        break;
      }
      // Exactly this much: resize() alone may double the capacity, and
      // near the cap that would allocate twice the cap.
      const std::size_t grown = std::min(room, out.size() * 2);
      out.reserve(grown);
      out.resize(grown);
    }
    const std::size_t chunk = std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max());
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(chunk);
    rc = ::inflate(&z, Z_NO_FLUSH);
    produced += chunk - z.avail_out;
    if (produced > cap) {
      failure = {parse_errc::too_large, at, produced, cap, what_large};
      break;
    }
    if (rc == Z_STREAM_END) {
      if (z.avail_in != 0) {
        failure = {parse_errc::bad_gzip, at + (in.size() - z.avail_in), z.avail_in, 0,
                   "data after the end of the gzip stream"};
      }
      break;
    }
    if (rc == Z_OK || (rc == Z_BUF_ERROR && z.avail_out == 0)) continue;  // more output room needed
    if (rc == Z_BUF_ERROR) {
      failure = {parse_errc::bad_gzip, at + in.size(), 0, 0, "truncated gzip stream"};
    } else if (rc == Z_MEM_ERROR) {
      failure = {parse_errc::bad_gzip, at, 0, 0, "out of memory"};
    } else {
      failure = {parse_errc::bad_gzip, at + (in.size() - z.avail_in), 0, 0, "invalid gzip data"};
    }
    break;
  }
  inflateEnd(&z);
  if (failure.code != parse_errc{}) return failure;
  out.resize(produced);
  return out;
}

// gzip (RFC 1952) of `in`; deterministic for a given zlib (no time stamp).
inline std::vector<std::byte> gzip(std::span<const std::byte> in, int level = Z_DEFAULT_COMPRESSION) {
  if (in.size() > std::numeric_limits<uInt>::max() / 2) TLCPP_THROW(std::length_error("tlcpp::gzip: input too large"));
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) TLCPP_THROW(std::bad_alloc());
  std::vector<std::byte> out(deflateBound(&z, static_cast<uLong>(in.size())) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) TLCPP_THROW(std::bad_alloc());
  return out;
}

}  // namespace tlcpp
