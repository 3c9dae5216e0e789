// Typed answers: from the bytes a client receives for a call to the value
// the method promised, or to the typed rpc error.
//
//   auto photo = tlcpp::parse_response<photos::updateProfilePhoto>(bytes);
//       photos::Photo, or throws errors::photo_id_invalid, errors::flood_wait,
//       ... (tlcpp/api/errors.hpp), or tlcpp::parse_error for bad bytes
//   auto r = tlcpp::try_parse_response<photos::updateProfilePhoto>(bytes);
//       tlcpp::result<photos::Photo, response_failure>, never throws
//   auto msgs = tlcpp::unpack_container<mtproto::rpc_result, mtproto::MsgsAck>(bytes);
//       each message of a msg_container, typed, or its own failure
//
// `bytes` may be an rpc_result (rpc_result#f35c6d01 req_msg_id:long
// result:Object) or the bare result. The result may be an rpc_error or a
// gzip_packed; gzip_packed is inflated at most to parse_options::max_size
// bytes (32 MiB by default): the inflated bytes are parsed with the same
// options, and a parse refuses input larger than max_size, so inflating more
// could only waste memory. One level: a gzip_packed inside gzip_packed data
// is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "tlcpp/api/errors.hpp"
#include "tlcpp/core/codec_error.hpp"
#include "tlcpp/core/meta.hpp"
#include "tlcpp/core/object.hpp"
#include "tlcpp/core/reader.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/core/wire.hpp"
#include "tlcpp/mtproto/RpcError.hpp"
#include "tlcpp/protocol/envelope.hpp"
#include "tlcpp/protocol/gzip.hpp"
#include "tlcpp/protocol/rpc_error.hpp"

namespace tlcpp {

/// Why an answer has no value: the server's rpc_error, or bytes that could not
/// be read.
class response_failure {
 public:
  /// The server answered with an error.
  response_failure(rpc_failure f) : v_(std::move(f)) {}  // NOLINT(google-explicit-constructor)
  /// The bytes were bad (inside gzip_packed data at packed_at, if given).
  response_failure(parse_failure f,  // NOLINT(google-explicit-constructor)
                   std::optional<std::size_t> packed_at = std::nullopt)
      : v_(f), packed_at_(packed_at) {}

  /// The rpc_error the server sent, or nullptr.
  [[nodiscard]] const rpc_failure* rpc() const noexcept { return std::get_if<rpc_failure>(&v_); }
  /// What was wrong with the bytes, or nullptr.
  [[nodiscard]] const parse_failure* parse() const noexcept { return std::get_if<parse_failure>(&v_); }
  /// For a parse failure inside gzip_packed data: the offset of the
  /// gzip_packed object in the input; parse()->offset then counts inflated bytes.
  [[nodiscard]] std::optional<std::size_t> packed_at() const noexcept { return packed_at_; }

  /// True for an rpc error that would be caught as E (errors::flood_wait,
  /// errors::bad_request, errors::wait_error, rpc_error).
  template <class E>
  [[nodiscard]] bool is() const noexcept {
    const rpc_failure* r = rpc();
    return r != nullptr && r->is<E>();
  }

  /// One line for a log: the error as sent, or what and where was wrong.
  [[nodiscard]] std::string message() const {
    if (const rpc_failure* r = rpc()) return "rpc error " + std::to_string(r->code) + " " + r->message;
    std::string m = parse()->message();
    if (packed_at_) m += " (in the data of the gzip_packed at byte " + std::to_string(*packed_at_) + ")";
    return m;
  }

  /// Throws what parse_response would have: the typed rpc error, or parse_error.
  [[noreturn]] void raise() const {
    if (const rpc_failure* r = rpc()) throw_rpc_error(*r);
    TLCPP_THROW(parse_error(*parse()));
  }

 private:
  std::variant<rpc_failure, parse_failure> v_;
  std::optional<std::size_t> packed_at_;
};

namespace detail {

inline parse_failure shifted(parse_failure f, std::size_t by) noexcept {
  f.offset += by;
  return f;
}

/// An answer body at byte `base` of the input: rpc_error, gzip_packed (once,
/// when `unpack`), or the result itself as R read with wire W.
template <class R, class W>
result<R, response_failure> parse_answer_body(std::span<const std::byte> body, std::size_t base,
                                              const parse_options& options, bool unpack) {
  if (body.size() < 4) return response_failure(parse_failure{parse_errc::truncated, base, 4, body.size(), "Object"});
  const std::uint32_t id = wire::peek_id(body);
  if (id == meta<mtproto::rpc_error>::id) {
    auto e = try_parse<mtproto::rpc_error>(body, options);
    if (!e) return response_failure(shifted(e.error(), base));
    const classification kind = tlcpp::classify(e->error_code, e->error_message);
    return response_failure(rpc_failure{e->error_code, std::move(e->error_message), kind});
  }
  if (id == meta<mtproto::gzip_packed>::id) {
    if (!unpack) {
      return response_failure(parse_failure{parse_errc::bad_gzip, base, id, 0, "gzip_packed inside gzip_packed data"});
    }
    auto packed = try_parse<mtproto::gzip_packed>(body, options);
    if (!packed) return response_failure(shifted(packed.error(), base));
    const std::size_t data_at = base + 4 + wire::string_header_size(packed->packed_data.size());
    auto inflated = gunzip(packed->packed_data.span(), options.max_size, data_at);
    if (!inflated) return response_failure(inflated.error());
    auto inner = parse_answer_body<R, W>(*inflated, 0, options, false);
    if (inner) return inner;
    if (const parse_failure* f = inner.error().parse()) return response_failure(*f, base);
    return inner;
  }
  auto value = try_parse<R, W>(body, options);
  if (!value) return response_failure(shifted(value.error(), base));
  return std::move(value).value();
}

template <class R, class W>
result<R, response_failure> parse_answer(std::span<const std::byte> in, const parse_options& options) {
  if (in.size() > options.max_size) {
    return response_failure(parse_failure{parse_errc::too_large, 0, in.size(), options.max_size, {}});
  }
  if (wire::peek_id(in) == meta<mtproto::rpc_result>::id) {
    constexpr std::size_t header = 4 + 8;  ///< id, req_msg_id
    if (in.size() < header + 4) {
      return response_failure(parse_failure{parse_errc::truncated, in.size(), header + 4 - in.size(), 0, "rpc_result"});
    }
    return parse_answer_body<R, W>(in.subspan(header), header, options, true);
  }
  return parse_answer_body<R, W>(in, 0, options, true);
}

}  // namespace detail

/// The answer to a call of method M: M::result_type, or why there is none.
template <tl_method M>
result<typename M::result_type, response_failure> try_parse_response(std::span<const std::byte> in,
                                                                     const parse_options& options = {}) {
  return detail::parse_answer<typename M::result_type, typename meta<M>::result>(in, options);
}
template <tl_method M, detail::byte_input In>
result<typename M::result_type, response_failure> try_parse_response(const In& in, const parse_options& options = {}) {
  return try_parse_response<M>(detail::as_bytes(in), options);
}
/// The result of an rpc_result already unpacked (from a container).
template <tl_method M>
result<typename M::result_type, response_failure> try_parse_response(const mtproto::rpc_result& r,
                                                                     const parse_options& options = {}) {
  return try_parse_response<M>(r.result.span(), options);
}

/// The same, throwing: the typed rpc error (tlcpp/api/errors.hpp), or parse_error.
template <tl_method M, class In>
typename M::result_type parse_response(const In& in, const parse_options& options = {}) {
  auto r = try_parse_response<M>(in, options);
  if (!r) r.error().raise();
  return std::move(r).value();
}

// ---------------------------------------------------------------------------
// msg_container

/// A message of a container that could not be read as any of the expected
/// types: what was wrong, and its body as received.
struct message_failure {
  parse_failure failure;  ///< offset counts bytes of the container (of the inflated body when `inflated`)
  object body;            ///< the raw body bytes
  bool inflated = false;  ///< the failure is inside the body's gzip_packed data
};

/// One message of a msg_container, its body read as one of Ts.
template <class... Ts>
struct contained_message {
  std::int64_t msg_id = 0;                            ///< the message's id
  std::int32_t seqno = 0;                             ///< its sequence number
  std::size_t offset = 0;                             ///< where the body starts in the container's bytes
  result<std::variant<Ts...>, message_failure> body;  ///< the body, or why it could not be read
};

namespace detail {

template <class T>
constexpr bool has_constructor(std::uint32_t id) noexcept {
  if constexpr (tl_boxed<T>) {
    return []<class... Cs>(std::uint32_t i, type_list<Cs...>) { return ((meta<Cs>::id == i) || ...); }(
               id, typename T::alternatives{});
  } else {
    return meta<T>::id == id;
  }
}

template <class... Ts>
result<std::variant<Ts...>, parse_failure> parse_one_of(std::span<const std::byte> body, const parse_options& options) {
  const std::uint32_t id = wire::peek_id(body);
  std::optional<result<std::variant<Ts...>, parse_failure>> out;
  auto attempt = [&]<class T>() {
    if (out || !has_constructor<T>(id)) return;
    auto v = try_parse<T>(body, options);
    if (v) {
      out.emplace(std::variant<Ts...>(std::in_place_type<T>, std::move(v).value()));
    } else {
      out.emplace(v.error());
    }
  };
  (attempt.template operator()<Ts>(), ...);
  if (out) return std::move(*out);
  return parse_failure{parse_errc::unknown_constructor, 0, id, 0, "message body"};
}

}  // namespace detail

/// The messages of msg_container#73f1f8dc, each read as the first of Ts that
/// has its constructor (a gzip_packed body is inflated first, unless Ts has
/// mtproto::gzip_packed). A message none of Ts knows, or that is malformed,
/// gets its own message_failure; the others are still read, since each
/// message carries its length. Fails as a whole only when the framing itself
/// is wrong (not a container, a count or a length the bytes cannot hold,
/// bytes after the last message).
template <class... Ts>
result<std::vector<contained_message<Ts...>>, parse_failure> unpack_container(std::span<const std::byte> in,
                                                                              const parse_options& options = {}) {
  reader r(in, options);
  const std::uint32_t id = r.u32();
  if (r.ok() && id != mtproto::msg_container_id) {
    r.fail({parse_errc::unknown_constructor, 0, id, 0, "msg_container"});
  }
  const std::size_t count_at = r.offset();
  const std::uint32_t count = r.u32();
  constexpr std::size_t min_message = 8 + 4 + 4 + 4;  ///< msg_id, seqno, bytes, a constructor id
  if (r.ok() && count > r.remaining() / min_message) {
    r.fail({parse_errc::vector_too_long, count_at, count, r.remaining(), "msg_container"});
  }
  std::vector<contained_message<Ts...>> out;
  if (r.ok()) out.reserve(count);
  for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
    const std::int64_t msg_id = r.i64();
    const std::int32_t seqno = r.i32();
    const std::size_t len_at = r.offset();
    const std::uint32_t len = r.u32();
    if (!r.ok()) break;
    if (len > r.remaining()) {
      r.fail({parse_errc::truncated, len_at + 4, len, r.remaining(), "message"});
      break;
    }
    const std::size_t at = r.offset();
    const std::span<const std::byte> body(r.take(len), len);
    auto fail_message = [&](parse_failure f, bool inflated) {
      return result<std::variant<Ts...>, message_failure>(message_failure{f, object(body), inflated});
    };
    if (!wire::whole_object(len)) {
      out.push_back({msg_id, seqno, at, fail_message({parse_errc::bad_length, len_at, len, 0, "message"}, false)});
      continue;
    }
    constexpr bool wants_packed = (std::is_same_v<Ts, mtproto::gzip_packed> || ...);
    if (!wants_packed && wire::peek_id(body) == meta<mtproto::gzip_packed>::id) {
      auto packed = try_parse<mtproto::gzip_packed>(body, options);
      if (!packed) {
        out.push_back({msg_id, seqno, at, fail_message(detail::shifted(packed.error(), at), false)});
        continue;
      }
      const std::size_t data_at = at + 4 + wire::string_header_size(packed->packed_data.size());
      auto inflated = gunzip(packed->packed_data.span(), options.max_size, data_at);
      if (!inflated) {
        out.push_back({msg_id, seqno, at, fail_message(inflated.error(), false)});
        continue;
      }
      auto v = detail::parse_one_of<Ts...>(*inflated, options);
      if (v) {
        out.push_back({msg_id, seqno, at, std::move(v).value()});
      } else {
        out.push_back({msg_id, seqno, at, fail_message(v.error(), true)});
      }
      continue;
    }
    auto v = detail::parse_one_of<Ts...>(body, options);
    if (v) {
      out.push_back({msg_id, seqno, at, std::move(v).value()});
    } else {
      out.push_back({msg_id, seqno, at, fail_message(detail::shifted(v.error(), at), false)});
    }
  }
  if (!r.finish()) return r.failure();
  return out;
}
template <class... Ts, detail::byte_input In>
result<std::vector<contained_message<Ts...>>, parse_failure> unpack_container(const In& in,
                                                                              const parse_options& options = {}) {
  return unpack_container<Ts...>(detail::as_bytes(in), options);
}

}  // namespace tlcpp
