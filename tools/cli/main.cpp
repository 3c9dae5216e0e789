// tlcpp: decode, encode and describe TL objects of API layer 223 and MTProto;
// call a server.
//
//   tlcpp decode [--raw] [--pretty] [--type NAME]   one boxed object (stdin, hex) -> canonical JSON
//   tlcpp encode [--raw]                            canonical JSON (stdin) -> boxed bytes as hex
//   tlcpp describe NAME|0xID                        TL line, id, result type
//   tlcpp call [--server HOST:PORT] [--dc N] ...    one request (stdin, canonical JSON) -> its answer (call.cpp)
//   tlcpp serve [--port N] [--answers FILE] ...     an MTProto server for testing clients (serve.cpp)
//
// Built on the public API only: tlcpp/extras/registry.hpp (the CMake target
// tlcpp::json) and tlcpp/core/hex.hpp; call on tlcpp::net::client. Exit 0
// on success; on bad input 1 and one line on stderr saying what and where
// (byte offset or JSON path), with nothing on stdout; 2 for bad arguments.
// call and serve have their own codes (call.hpp, serve.hpp).
#include <CLI/CLI.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlcpp/core/hex.hpp"
#include "tlcpp/extras/registry.hpp"
#include "tlcpp/version.hpp"
#if defined(TLCPP_CLI_CALL)
#include "call.hpp"
#include "serve.hpp"
#endif

namespace {

// Larger input is refused before it is parsed (the parser's own limit on a
// TL object is 32 MiB; hex and JSON text take more room than the bytes).
constexpr std::size_t max_input = std::size_t{160} << 20;

// What went wrong, as the one line the tool prints.
struct bad_input {
  std::string message;
};

std::string read_stdin() {
  std::string data;
  char buf[65536];
  while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(std::cin.gcount()));
    if (data.size() > max_input) throw bad_input{"input larger than " + std::to_string(max_input >> 20) + " MiB"};
  }
  if (std::cin.bad()) throw bad_input{"cannot read standard input"};
  return data;
}

std::string printable(char c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
  return buf;
}

// Hex digits with white space anywhere (tlcpp::from_hex), or why not.
std::vector<std::byte> bytes_from_hex(std::string_view text) {
  if (auto bytes = tlcpp::from_hex(text)) return std::move(*bytes);
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      throw bad_input{"invalid hex: character " + printable(c) + " at offset " + std::to_string(i) +
                      " of the input (use --raw for binary input)"};
    }
  }
  throw bad_input{"invalid hex: an odd number of digits (" + std::to_string(digits) + ")"};
}

void write_stdout(std::string_view out) {
  std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  std::cout.flush();
  if (!std::cout) throw bad_input{"cannot write to standard output"};
}

std::string dump(const tlcpp::json& j, bool pretty) {
  // Strings were checked to be UTF-8 on the way in; replace anyway rather
  // than throw.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::detail::error_handler_t::replace) + "\n";
}

const tlcpp::registry::entry& entry_named(std::string_view name) {
  const auto* e = tlcpp::registry::by_name(name);
  if (!e) throw bad_input{"unknown constructor or method \"" + std::string(name) + "\""};
  return *e;
}

int decode(bool raw, bool pretty, const std::optional<std::string>& type) {
  const std::string text = read_stdin();
  const std::vector<std::byte> bytes =
      raw ? std::vector<std::byte>(reinterpret_cast<const std::byte*>(text.data()),
                                   reinterpret_cast<const std::byte*>(text.data()) + text.size())
          : bytes_from_hex(text);
  if (bytes.empty()) throw bad_input{"empty input: expected one boxed TL object"};
  auto j = type ? entry_named(*type).decode(bytes, true) : tlcpp::registry::decode(bytes);
  if (!j) throw bad_input{j.error().message()};
  write_stdout(dump(*j, pretty));
  return 0;
}

int encode(bool raw) {
  const std::string text = read_stdin();
  tlcpp::json j;
  try {
    j = tlcpp::json::parse(text);
  } catch (const tlcpp::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    for (char& c : what) c = c == '\n' || c == '\r' ? ' ' : c;
    throw bad_input{"invalid JSON at byte " + std::to_string(e.byte == 0 ? 0 : e.byte - 1) + ": " + what};
  }
  auto bytes = tlcpp::registry::encode(j);
  if (!bytes) throw bad_input{bytes.error().message()};
  if (raw) {
    write_stdout(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  } else {
    write_stdout(tlcpp::to_hex(*bytes) + "\n");
  }
  return 0;
}

std::string hex_id(std::uint32_t id) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(id));
  return buf;
}

std::string describe_entry(const tlcpp::registry::entry& e) {
  std::string out = "tl: " + std::string(e.tl) + "\nid: " + hex_id(e.id) + "\n";
  if (e.method) {
    out += "kind: method (" + std::string(e.schema) + ")\nresult: " + std::string(e.type) + "\n";
  } else {
    out += "kind: constructor (" + std::string(e.schema) + ")\ntype: " + std::string(e.type) + "\n";
  }
  return out;
}

int describe(const std::string& what) {
  if (what.size() > 2 && what[0] == '0' && (what[1] == 'x' || what[1] == 'X')) {
    const std::string digits = what.substr(2);
    if (digits.size() > 8 || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      throw bad_input{"invalid id \"" + what + "\": expected 0x and 1 to 8 hex digits"};
    }
    const auto id = static_cast<std::uint32_t>(std::stoul(digits, nullptr, 16));
    const auto* e = tlcpp::registry::by_id(id);
    if (!e) throw bad_input{"no constructor or method has the id " + hex_id(id)};
    write_stdout(describe_entry(*e));
    return 0;
  }
  if (const auto* e = tlcpp::registry::by_name(what)) {
    write_stdout(describe_entry(*e));
    return 0;
  }
  // A boxed type: its constructors.
  std::string constructors;
  std::size_t n = 0;
  std::string_view schema;
  for (const auto& e : tlcpp::registry::all()) {
    if (!e.method && e.type == what) {
      constructors += "tl: " + std::string(e.tl) + "\n";
      schema = e.schema;
      ++n;
    }
  }
  if (n == 0) throw bad_input{"no constructor, method or type named \"" + what + "\""};
  write_stdout("type: " + what + " (" + std::string(schema) + "), " + std::to_string(n) +
               (n == 1 ? " constructor\n" : " constructors\n") + constructors);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tlcpp: decode, encode and describe Telegram TL objects (API layer " + std::to_string(TLCPP_API_LAYER) +
               " and MTProto)"};
  app.set_version_flag(
      "--version", "tlcpp " + std::to_string(TLCPP_VERSION_MAJOR) + "." + std::to_string(TLCPP_VERSION_MINOR) + "." +
                       std::to_string(TLCPP_VERSION_PATCH) + " (API layer " + std::to_string(TLCPP_API_LAYER) + ")");
  app.require_subcommand(1);

  bool raw = false, pretty = false;
  std::optional<std::string> type;
  auto* dec = app.add_subcommand("decode",
                                 "read one boxed TL object (hex, white space ignored) from stdin, print "
                                 "its canonical JSON");
  dec->add_flag("--raw", raw, "read binary instead of hex");
  dec->add_flag("--pretty", pretty, "indent the JSON");
  dec->add_option("--type", type, "decode a bare object of this constructor (no id in the input)");

  bool raw_out = false;
  auto* enc = app.add_subcommand("encode", "read canonical JSON from stdin, print the boxed bytes as lowercase hex");
  enc->add_flag("--raw", raw_out, "write binary instead of hex");

  std::string name;
  auto* desc = app.add_subcommand("describe",
                                  "print the TL line, the id and the result type of a constructor or "
                                  "method (or the constructors of a type)");
  desc->add_option("name", name, "TL name (photos.updateProfilePhoto, InputPhoto) or id (0x09e82039)")->required();

#if defined(TLCPP_CLI_CALL)
  tlcpp::cli::call_options call_opts;
  auto* call = app.add_subcommand("call",
                                  "read one request as canonical JSON from stdin, send it to a server over MTProto "
                                  "2.0, print the answer as canonical JSON (exit 3: the server's rpc_error)");
  call->add_option("--server", call_opts.server, "HOST:PORT (default: the DC's address, port 443)");
  call->add_option("--dc", call_opts.dc, "the DC (default 2)");
  call->add_flag("--test-dc", call_opts.test_dc, "one of Telegram's test DCs");
  call->add_option("--public-key", call_opts.public_keys,
                   "PEM file of a server key to trust (PKCS#1 or SPKI; repeatable; replaces the built-in keys)");
  call->add_option("--transport", call_opts.transport, "abridged, intermediate (default), padded, full or obfuscated");
  call->add_option("--proxy-secret", call_opts.proxy_secret, "MTProxy secret (hex; with --transport obfuscated)");
  call->add_option("--session", call_opts.session,
                   "session file: its auth key is used if it exists, else a new key is saved there (mode 0600)");
  call->add_option("--api-id", call_opts.api_id, "initConnection's api_id (from my.telegram.org)");
  call->add_option("--timeout", call_opts.timeout, "seconds for connecting and for the answer (default 30)");
  call->add_flag("--pretty", call_opts.pretty, "indent the JSON");

  tlcpp::cli::serve_options serve_opts;
  auto* serve = app.add_subcommand("serve",
                                   "an MTProto 2.0 server for testing clients: every transport, the handshake, "
                                   "answers from a script; prints \"listening on HOST:PORT\" and \"fingerprint: X\"");
  serve->add_option("--host", serve_opts.host, "the address to listen on (default 127.0.0.1)");
  serve->add_option("--port", serve_opts.port, "the port (default 0: any free port)");
  serve->add_option("--key", serve_opts.key, "PEM file of the server's RSA private key (default: a fresh one)");
  serve->add_option("--public-key-out", serve_opts.public_key_out,
                    "write the public key there (PKCS#1 PEM, what clients embed)");
  serve->add_option("--answers", serve_opts.answers,
                    "JSON lines: {\"method\": M, \"match\": {...}, \"answer\": {...} or \"error\": [CODE, "
                    "\"MESSAGE\"], \"delay_ms\": N}; the first that fits wins");
  serve->add_option("--record", serve_opts.record, "write every request received there (canonical JSON lines)");
  serve->add_option("--dc", serve_opts.dc, "the DC it says it is (default 2)");
  serve->add_option("--drop-after", serve_opts.drop_after,
                    "close a connection when its N-th message arrives, without answering it");
  serve->add_flag("--drop-mid-frame", serve_opts.drop_mid_frame, "... after half of the frame of its answer");
  serve->add_option("--rotate-salt-every", serve_opts.rotate_salt_every, "a new server salt every N messages");
  serve->add_option("--time-offset", serve_opts.time_offset, "seconds the server's clock is ahead (may be negative)");
  serve->add_flag("--new-session", serve_opts.new_session,
                  "forget sessions: each connection's first packet gets new_session_created");
  serve->add_flag("--reject-key", serve_opts.reject_key, "answer every encrypted packet with -404 (key unknown)");
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
    std::cerr << "tlcpp: " << e.what() << " (see tlcpp --help)\n";
    return 2;
  }

#if defined(TLCPP_CLI_CALL)
  if (call->parsed()) return tlcpp::cli::run_call(call_opts);
  if (serve->parsed()) return tlcpp::cli::run_serve(serve_opts);
#endif
  const char* command = dec->parsed() ? "decode" : enc->parsed() ? "encode" : "describe";
  try {
    if (dec->parsed()) return decode(raw, pretty, type);
    if (enc->parsed()) return encode(raw_out);
    return describe(name);
  } catch (const bad_input& e) {
    std::cerr << "tlcpp " << command << ": " << e.message << "\n";
  } catch (const std::exception& e) {
    std::cerr << "tlcpp " << command << ": " << e.what() << "\n";
  }
  return 1;
}
