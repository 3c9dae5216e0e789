// tlcpp call: canonical JSON in (the registry encodes it), tlcpp::net::client
// sends it, the answer out as canonical JSON of the method's result type.
#include "call.hpp"

#include <cxxabi.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string_view>
#include <typeinfo>

#include "result_wire.hpp"
#include "tlcpp/api/errors.hpp"
#include "tlcpp/extras/registry.hpp"
#include "tlcpp/net/client.hpp"
#include "tlcpp/net/dc_address.hpp"
#include "tlcpp/version.hpp"

namespace tlcpp::cli {
namespace {

struct exit_with {
  int code;
  std::string message;
};

[[noreturn]] void bad_input(std::string message) { throw exit_with{call_bad_input, std::move(message)}; }

std::string read_all(std::istream& in, std::size_t limit) {
  std::string data;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limit) bad_input("input larger than " + std::to_string(limit >> 20) + " MiB");
  }
  return data;
}

net::transport_kind transport_named(std::string_view name) {
  if (name == "abridged") return net::transport_kind::abridged;
  if (name == "intermediate") return net::transport_kind::intermediate;
  if (name == "padded") return net::transport_kind::padded_intermediate;
  if (name == "full") return net::transport_kind::full;
  if (name == "obfuscated") return net::transport_kind::obfuscated2;
  bad_input("--transport " + std::string(name) + ": expected abridged, intermediate, padded, full or obfuscated");
}

// HOST:PORT, HOST without a colon being an error (a port is always needed).
std::pair<std::string, std::uint16_t> host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) bad_input("--server " + text + ": expected HOST:PORT");
  unsigned port = 0;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  auto [p, ec] = std::from_chars(first, last, port);
  if (ec != std::errc{} || p != last || port == 0 || port > 65535)
    bad_input("--server " + text + ": the port is not a number in 1..65535");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);  // [::1]
  return {host, static_cast<std::uint16_t>(port)};
}

// The C++ class the library throws for an rpc_error, by its dynamic type.
std::string class_of(const std::exception& e) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status),
                                              std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(typeid(e).name());
}

net::client_config config_from(const call_options& o) {
  net::client_config c;
  if (o.dc < 1 || o.dc > 1000) bad_input("--dc " + std::to_string(o.dc) + ": expected a DC number");
  c.dc_id = o.dc;
  c.test_dc = o.test_dc;
  if (o.server) {
    std::tie(c.host, c.port) = host_port(*o.server);
  } else {
    const auto a = net::telegram_dc_address(o.dc, o.test_dc);
    if (!a)
      bad_input("no built-in address for " + std::string(o.test_dc ? "test " : "") + "DC " + std::to_string(o.dc) +
                ": give --server HOST:PORT");
    c.host = std::string(a->host);
    c.port = a->port;
  }
  c.transport = transport_named(o.transport);
  if (o.proxy_secret) {
    if (c.transport != net::transport_kind::obfuscated2) bad_input("--proxy-secret needs --transport obfuscated");
    auto s = net::proxy_secret::parse(*o.proxy_secret);
    if (!s) bad_input("--proxy-secret: " + s.error().message());
    c.secret = *s;
    if (s->wants_padding()) c.obfuscated_inner = net::transport_kind::padded_intermediate;
  }
  if (!o.public_keys.empty()) {
    net::rsa_key_set keys;
    for (const std::string& file : o.public_keys) {
      std::ifstream in(file, std::ios::binary);
      if (!in) bad_input("--public-key " + file + ": cannot open it");
      const std::string pem = read_all(in, 1 << 20);
      auto key = net::rsa_public_key::from_pem(pem);
      if (!key) bad_input("--public-key " + file + ": " + key.error().message);
      keys.add(std::move(*key));
    }
    c.keys = std::move(keys);
  }
  if (o.session) c.session_file = *o.session;
  c.init.api_id = o.api_id;
  c.init.device_model = "tlcpp";
  c.init.system_version = "tlcpp call";
  c.init.app_version = std::to_string(TLCPP_VERSION_MAJOR) + "." + std::to_string(TLCPP_VERSION_MINOR) + "." +
                       std::to_string(TLCPP_VERSION_PATCH);
  c.init.system_lang_code = "en";
  c.init.lang_code = "en";
  if (!(o.timeout > 0) || o.timeout > 3600) bad_input("--timeout: expected seconds in (0, 3600]");
  c.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(o.timeout * 1000)));
  return c;
}

int call(const call_options& o) {
  net::client_config config = config_from(o);
  const std::string text = read_all(std::cin, std::size_t{32} << 20);
  json request;
  try {
    request = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    bad_input("invalid JSON: " + what);
  }
  if (!request.is_object() || !request.contains("_") || !request["_"].is_string())
    bad_input("expected one request as canonical JSON: an object with \"_\" naming the method");
  const auto* method = registry::by_name(request["_"].get<std::string>());
  if (method == nullptr || !method->method)
    bad_input("\"" + request["_"].get<std::string>() + "\" is not a method of the API layer or MTProto");
  auto bytes = method->encode(request);
  if (!bytes) bad_input(bytes.error().message());

  net::client client(std::move(config));
  std::vector<std::byte> answer;
  try {
    answer = client.call_raw(std::move(*bytes));
  } catch (const net::client_error& e) {
    throw exit_with{call_failed, e.what()};
  }
  client.close();
  if (answer.size() >= 4 && wire::peek_id(answer) == meta<mtproto::rpc_error>::id) {
    auto e = try_parse<mtproto::rpc_error>(answer);
    if (!e) throw exit_with{call_failed, "the server's rpc_error cannot be read: " + e.error().message()};
    try {
      throw_rpc_error(e->error_code, e->error_message);
    } catch (const rpc_error& thrown) {
      throw exit_with{call_rpc_error, "rpc error: " + std::to_string(thrown.code()) + " " + thrown.message() + " (" +
                                          class_of(thrown) + ")"};
    }
  }
  std::vector<std::unique_ptr<registry::wire_type>> keep;
  auto j = registry::decode_as(result_wire(method->type, keep), answer);
  if (!j) throw exit_with{call_failed, "the answer is not a " + std::string(method->type) + ": " + j.error().message()};
  const std::string out = j->dump(o.pretty ? 2 : -1, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
  std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  std::cout.flush();
  return call_ok;
}

}  // namespace

int run_call(const call_options& options) {
  try {
    return call(options);
  } catch (const exit_with& e) {
    std::cerr << (e.code == call_rpc_error ? "" : "tlcpp call: ") << e.message << "\n";
    return e.code;
  } catch (const std::exception& e) {
    std::cerr << "tlcpp call: " << e.what() << "\n";
    return call_failed;
  }
}

}  // namespace tlcpp::cli
