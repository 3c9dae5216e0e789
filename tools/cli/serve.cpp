// tlcpp serve: the server roles of tlcpp::net (detect_transport,
// server_handshake, server_session) behind a TCP listener, one thread per
// connection. What a client asks is decoded with the registry, the wrappers
// (invokeWithLayer, initConnection, ...) taken off, and answered from the
// script, a built-in answer, or 400 METHOD_NOT_SCRIPTED. What Telegram
// refuses (a wrong salt, a msg_id out of the time window) gets Telegram's
// service answer; every rule broken is logged on stderr.
#include "serve.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "result_wire.hpp"
#include "tlcpp/api/Config.hpp"
#include "tlcpp/api/NearestDc.hpp"
#include "tlcpp/api/updates/State.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/extras/registry.hpp"
#include "tlcpp/mtproto/FutureSalts.hpp"
#include "tlcpp/mtproto/MsgsAck.hpp"
#include "tlcpp/mtproto/Pong.hpp"
#include "tlcpp/mtproto/get_future_salts.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/mtproto/ping_delay_disconnect.hpp"
#include "tlcpp/net/detect.hpp"
#include "tlcpp/net/handshake_server.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/net/server_session.hpp"

namespace tlcpp::cli {
namespace {

using tcp = boost::asio::ip::tcp;

struct exit_with {
  int code;
  std::string message;
};

[[noreturn]] void bad_input(std::string message) { throw exit_with{serve_bad_input, std::move(message)}; }

std::string read_file(const std::string& name, const char* option, std::size_t limit) {
  std::ifstream in(name, std::ios::binary);
  if (!in) bad_input(std::string(option) + " " + name + ": cannot open it");
  std::string data;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limit)
      bad_input(std::string(option) + " " + name + ": larger than " + std::to_string(limit >> 20) + " MiB");
  }
  return data;
}

// --- the script --------------------------------------------------------------

// One line of --answers.
struct scripted {
  std::size_t line = 0;
  std::string method;
  std::optional<json> match;
  std::int32_t error_code = 0;  // 0: `result` is the answer
  std::string error_message;
  std::vector<std::byte> result;  // the boxed answer
  std::chrono::milliseconds delay{0};
};

// Whether `value` has everything `pattern` gives: objects key by key,
// recursively; anything else equal.
bool matches(const json& pattern, const json& value) {
  if (!pattern.is_object()) return pattern == value;
  if (!value.is_object()) return false;
  for (auto it = pattern.begin(); it != pattern.end(); ++it) {
    const auto v = value.find(it.key());
    if (v == value.end() || !matches(it.value(), *v)) return false;
  }
  return true;
}

std::vector<scripted> load_answers(const std::string& file) {
  const std::string text = read_file(file, "--answers", std::size_t{64} << 20);
  std::vector<scripted> out;
  std::istringstream lines(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const auto where = [&] { return file + ":" + std::to_string(number) + ": "; };
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines separate groups
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      // "[json.exception...] parse error at line 1, column C: why": the line is the file's.
      std::string what = e.what();
      if (const auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
      if (const auto c = what.find("column "); what.starts_with("parse error at line ") && c != std::string::npos)
        what.erase(0, c);
      bad_input(where() + "invalid JSON at " + what);
    }
    if (!j.is_object()) bad_input(where() + "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() != "method" && it.key() != "match" && it.key() != "answer" && it.key() != "error" &&
          it.key() != "delay_ms")
        bad_input(where() + "unknown key \"" + it.key() + "\" (method, match, answer, error, delay_ms)");
    scripted s;
    s.line = number;
    if (!j.contains("method") || !j["method"].is_string()) bad_input(where() + "\"method\" must name a method");
    s.method = j["method"].get<std::string>();
    const registry::entry* m = registry::by_name(s.method);
    if (m == nullptr || !m->method)
      bad_input(where() + "\"" + s.method + "\" is not a method of the API layer or MTProto");
    if (j.contains("match")) {
      if (!j["match"].is_object()) bad_input(where() + "\"match\" must be an object (a part of the request)");
      s.match = j["match"];
    }
    if (j.contains("answer") == j.contains("error"))
      bad_input(where() + "give exactly one of \"answer\" and \"error\"");
    if (j.contains("error")) {
      const json& e = j["error"];
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_string())
        bad_input(where() + "\"error\" must be [code, \"MESSAGE\"]");
      const auto code = e[0].get<std::int64_t>();
      if (code == 0 || code < INT32_MIN || code > INT32_MAX)
        bad_input(where() + "\"error\" code must be a nonzero int");
      s.error_code = static_cast<std::int32_t>(code);
      s.error_message = e[1].get<std::string>();
    } else {
      std::vector<std::unique_ptr<registry::wire_type>> keep;
      auto bytes = registry::encode_as(result_wire(m->type, keep), j["answer"]);
      if (!bytes)
        bad_input(where() + "\"answer\" is not a " + std::string(m->type) + " (" + s.method +
                  "'s result type): " + bytes.error().message());
      s.result = std::move(*bytes);
    }
    if (j.contains("delay_ms")) {
      if (!j["delay_ms"].is_number_integer() || j["delay_ms"].get<std::int64_t>() < 0 ||
          j["delay_ms"].get<std::int64_t>() > 600000)
        bad_input(where() + "\"delay_ms\" must be an integer in 0..600000");
      s.delay = std::chrono::milliseconds(j["delay_ms"].get<std::int64_t>());
    }
    out.push_back(std::move(s));
  }
  return out;
}

// --- shared state ------------------------------------------------------------

net::unix_time wall_now() {
  return std::chrono::duration_cast<net::unix_time>(std::chrono::system_clock::now().time_since_epoch());
}

// What the server keeps of one auth key. Its mutex is held while a packet
// under the key is handled.
struct key_state {
  key_state(const std::array<std::byte, 256>& key, std::int64_t salt_, net::random_source& rng, std::int32_t offset)
      : auth_key(key), salt(salt_), session(auth_key, salt_, rng, offset) {}
  std::mutex mutex;
  std::array<std::byte, 256> auth_key;
  std::int64_t salt;  // the salt clients must use
  net::server_session session;
  std::set<std::int64_t> sessions;   // session_ids told new_session_created
  std::deque<std::int64_t> unacked;  // content-related server msg_ids not yet acknowledged
  std::uint64_t messages = 0;        // client messages under the key (for --rotate-salt-every)
};

class server {
 public:
  server(const serve_options& o, net::rsa_private_key key, std::vector<scripted> script)
      : options_(o), key_(std::move(key)), script_(std::move(script)) {
    if (o.record) {
      record_.open(*o.record, std::ios::binary | std::ios::trunc);
      if (!record_) bad_input("--record " + *o.record + ": cannot write it");
    }
  }

  void log(const std::string& line) {
    std::lock_guard lock(log_mutex_);
    std::cerr << line << std::endl;
  }

  int run() {
    boost::asio::io_context io;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(options_.host, ec);
    if (ec) bad_input("--host " + options_.host + ": not an IP address");
    tcp::acceptor acceptor(io);
    acceptor.open(address.is_v6() ? tcp::v6() : tcp::v4(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(tcp::endpoint(address, options_.port), ec);
    if (!ec) acceptor.listen(tcp::socket::max_listen_connections, ec);
    if (ec)
      throw exit_with{serve_failed,
                      "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message()};
    port_ = acceptor.local_endpoint().port();
    const auto fp = static_cast<std::uint64_t>(key_.public_key().fingerprint());
    char fp_hex[17];
    std::snprintf(fp_hex, sizeof fp_hex, "%016llx", static_cast<unsigned long long>(fp));
    std::cout << "listening on " << options_.host << ":" << port_ << "\n"
              << "fingerprint: " << fp_hex << std::endl;
    for (std::uint64_t number = 1;; ++number) {
      tcp::socket socket(io);
      acceptor.accept(socket, ec);
      if (ec) {
        log("accept: " + ec.message());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // e.g. out of descriptors: do not spin
        continue;
      }
      std::thread([this, s = std::move(socket), number]() mutable { connection(std::move(s), number); }).detach();
    }
  }

 private:
  // --- one connection ---

  struct conn {
    tcp::socket& socket;
    std::uint64_t number;
    std::unique_ptr<net::any_transport> transport{};
    bool padded = false;
    std::unique_ptr<net::server_handshake> handshake{};
    std::uint64_t messages = 0;  // client messages on this connection (for --drop-after)
    bool first_encrypted = true;
    std::string name() const { return "connection " + std::to_string(number); }
  };

  void connection(tcp::socket socket, std::uint64_t number) {
    conn c{socket, number};
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    std::string where = ec ? std::string("?") : peer.address().to_string() + ":" + std::to_string(peer.port());
    std::vector<std::byte> in;
    try {
      serve(c, in, where);
    } catch (const std::exception& e) {
      log(c.name() + ": " + e.what());
    }
    socket.close(ec);
  }

  // Reads some bytes; empty at the end of the stream.
  static std::vector<std::byte> read_some(tcp::socket& s) {
    std::array<std::byte, 64 * 1024> buf{};
    boost::system::error_code ec;
    const std::size_t n = s.read_some(boost::asio::buffer(buf.data(), buf.size()), ec);
    if (ec) return {};
    return {buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n)};
  }

  void serve(conn& c, std::vector<std::byte>& in, const std::string& peer) {
    net::detection d;
    for (;;) {
      auto more = read_some(c.socket);
      if (more.empty()) return;
      in.insert(in.end(), more.begin(), more.end());
      d = net::detect_transport(in);
      if (d.status == net::detect_status::detected) break;
      if (d.status == net::detect_status::unknown) {
        log("violation: " + c.name() + " from " + peer + ": the first bytes are no MTProto transport");
        return;
      }
    }
    net::server_options so;
    so.random = &random_;
    auto t = net::make_server_transport(d, so);
    if (!t) {
      log("violation: " + c.name() + ": " + t.error().message());
      return;
    }
    c.transport = std::make_unique<net::any_transport>(std::move(*t));
    c.padded = d.kind == net::transport_kind::padded_intermediate ||
               (d.kind == net::transport_kind::obfuscated2 && d.inner == net::transport_kind::padded_intermediate);
    log(c.name() + " from " + peer + ": " + std::string(net::to_string(d.kind)) +
        (d.inner ? "/" + std::string(net::to_string(*d.inner)) : ""));
    for (;;) {
      std::vector<std::vector<std::byte>> frames;
      auto failure = net::decode_all(*c.transport, in, [&](net::received&& r) {
        if (r.kind == net::received_kind::frame) frames.push_back(std::move(r.payload));
      });
      if (failure) {
        log("violation: " + c.name() + ": " + failure->message());
        return;
      }
      for (auto& frame : frames)
        if (!frame_in(c, frame)) return;
      in = read_some(c.socket);
      if (in.empty()) {
        log(c.name() + ": closed by the client");
        return;
      }
    }
  }

  bool send(conn& c, std::span<const std::byte> payload, bool cut = false) {
    std::vector<std::byte> out;
    if (auto f = c.transport->encode(payload, out)) {
      log(c.name() + ": " + f->message());
      return false;
    }
    boost::system::error_code ec;
    const std::size_t n = cut ? out.size() / 2 : out.size();
    boost::asio::write(c.socket, boost::asio::buffer(out.data(), n), ec);
    return !ec;
  }

  // Handles one frame; false to close the connection.
  bool frame_in(conn& c, std::span<const std::byte> frame) {
    const bool plain = frame.size() >= 8 &&
                       std::all_of(frame.begin(), frame.begin() + 8, [](std::byte b) { return b == std::byte{0}; });
    if (plain) return handshake_in(c, c.padded ? net::without_transport_padding(frame) : frame);
    std::array<std::byte, 8> id{};
    if (frame.size() >= 8) std::copy(frame.begin(), frame.begin() + 8, id.begin());
    std::shared_ptr<key_state> k;
    {
      std::lock_guard lock(keys_mutex_);
      if (auto it = keys_.find(id); it != keys_.end()) k = it->second;
    }
    if (options_.reject_key || !k) {
      if (!k) log(c.name() + ": auth_key_id " + to_hex(id) + " is unknown here: -404");
      std::vector<std::byte> out;
      (void)c.transport->encode_transport_error(-404, out);
      boost::system::error_code ec;
      boost::asio::write(c.socket, boost::asio::buffer(out.data(), out.size()), ec);
      return !ec;
    }
    return packet_in(c, *k, frame);
  }

  bool handshake_in(conn& c, std::span<const std::byte> message) {
    if (!c.handshake)
      c.handshake = std::make_unique<net::server_handshake>(net::handshake_server_options{}, key_, random_);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(wall_now()).count() + options_.time_offset;
    auto step = c.handshake->receive(message, now);
    if (!step) {
      log("violation: " + c.name() + ": handshake: " + step.error().message);
      return false;
    }
    if (!step->send.empty() && !send(c, step->send)) return false;
    if (step->done) {
      const auto id = net::auth_key_id(step->done->auth_key);
      auto k =
          std::make_shared<key_state>(step->done->auth_key, step->done->server_salt, random_, options_.time_offset);
      {
        std::lock_guard lock(keys_mutex_);
        keys_[id] = std::move(k);
      }
      log(c.name() + ": handshake done, auth_key_id " + to_hex(id));
      c.handshake.reset();
    }
    return true;
  }

  std::int64_t random_long() {
    std::array<std::byte, 8> b{};
    if (!random_.fill(b)) throw std::runtime_error("the random source failed");
    std::int64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | std::to_integer<std::int64_t>(b[static_cast<std::size_t>(i)]);
    return v;
  }

  bool packet_in(conn& c, key_state& k, std::span<const std::byte> frame) {
    std::unique_lock lock(k.mutex);
    if (c.first_encrypted && options_.new_session) k.sessions.clear();
    c.first_encrypted = false;
    auto messages = k.session.receive(frame);
    if (!messages) {
      log("violation: " + c.name() + ": " + messages.error().message);
      return true;  // Telegram ignores such a packet; the connection stays
    }
    const auto now = wall_now();
    const std::int64_t server_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now).count() + options_.time_offset;
    std::vector<net::server_message> replies;
    std::chrono::milliseconds delay{0};
    bool drop = false;
    const net::client_message& head = messages->front();
    const std::int64_t packet_id = head.container != 0 ? head.container : head.msg_id;
    container_rules(c, *messages);

    // The packet as a whole: its msg_id's time and its salt.
    const std::int64_t sent_at = packet_id >> 32;
    if (sent_at < server_seconds - 300 || sent_at > server_seconds + 30) {
      log("violation: " + c.name() + ": msg_id " + std::to_string(packet_id) + " is " +
          std::to_string(sent_at - server_seconds) + " s from the server's clock (allowed: -300..30): answered " +
          (sent_at < server_seconds ? "16" : "17"));
      replies.emplace_back(net::server_session::bad_msg(packet_id, head.container != 0 ? 0 : head.seq_no,
                                                        sent_at < server_seconds ? 16 : 17),
                           net::server_msg_kind::other, false);
      return reply(c, k, replies, now, delay, false);
    }
    if (head.salt != k.salt) {
      log("violation: " + c.name() + ": salt " + std::to_string(head.salt) + " is not the server salt: answered " +
          "bad_server_salt");
      replies.emplace_back(k.session.bad_server_salt(packet_id, head.container != 0 ? 0 : head.seq_no, k.salt),
                           net::server_msg_kind::other, false);
      return reply(c, k, replies, now, delay, false);
    }
    if (k.sessions.insert(k.session.session_id()).second) {
      replies.emplace_back(k.session.new_session_created(head.msg_id, random_long(), k.salt),
                           net::server_msg_kind::other, true);
    }
    for (const net::client_message& m : *messages) {
      ++c.messages;
      if (options_.rotate_salt_every > 0 && ++k.messages % static_cast<std::uint64_t>(options_.rotate_salt_every) == 0)
        k.salt = random_long();  // the client learns it from bad_server_salt on its next packet
      if (options_.drop_after > 0 && c.messages >= static_cast<std::uint64_t>(options_.drop_after)) {
        drop = true;  // this message is not answered: the line drops with it in flight
        break;
      }
      message_in(c, k, m, server_seconds, replies, delay);
    }
    if (drop && !options_.drop_mid_frame) {
      // The answers to the messages before it go out, without the acks
      // (which would cover the dropped one too); then the line drops.
      (void)k.session.take_acks();
      (void)reply(c, k, replies, now, delay, false);
      log(c.name() + ": dropped after " + std::to_string(c.messages) + " messages (--drop-after)");
      return false;
    }
    return reply(c, k, replies, now, delay, drop);
  }

  // Telegram's rules for a container: not empty, not nested, msg_ids
  // distinct and below the container's own.
  void container_rules(conn& c, const std::vector<net::client_message>& messages) {
    if (messages.front().container == 0) return;
    const std::int64_t id = messages.front().container;
    std::set<std::int64_t> seen;
    for (const net::client_message& m : messages) {
      if (m.id() == 0x73f1f8dc) log("violation: " + c.name() + ": a container inside container " + std::to_string(id));
      if (!seen.insert(m.msg_id).second)
        log("violation: " + c.name() + ": msg_id " + std::to_string(m.msg_id) + " twice in container " +
            std::to_string(id));
      if (m.msg_id >= id)
        log("violation: " + c.name() + ": msg_id " + std::to_string(m.msg_id) + " not below its container's " +
            std::to_string(id));
    }
  }

  // Sends `replies` (with the pending acks) in one packet after `delay`;
  // `cut`: only half of its frame, and false (close).
  bool reply(conn& c, key_state& k, std::vector<net::server_message>& replies, net::unix_time now,
             std::chrono::milliseconds delay, bool cut) {
    if (auto acks = k.session.take_acks()) replies.emplace_back(std::move(*acks), net::server_msg_kind::other, false);
    if (replies.empty()) {
      if (cut) log(c.name() + ": dropped after " + std::to_string(c.messages) + " messages (--drop-after)");
      return !cut;
    }
    if (delay.count() > 0) {
      // The answer waits without holding the key: other connections go on.
      k.mutex.unlock();
      std::this_thread::sleep_for(delay);
      k.mutex.lock();
      now = wall_now();
    }
    auto packet = k.session.send(replies, now);
    if (!packet) {
      log(c.name() + ": " + packet.error().message);
      return false;
    }
    remember_sent(k, replies);
    if (!send(c, *packet, cut)) return false;
    if (cut) {
      log(c.name() + ": dropped in the middle of a frame after " + std::to_string(c.messages) +
          " messages (--drop-after, --drop-mid-frame)");
      return false;
    }
    return true;
  }

  // The content-related messages of the last packet, whose acks a client owes.
  void remember_sent(key_state& k, const std::vector<net::server_message>& replies) {
    std::int64_t id = k.session.last_msg_id();
    // send() numbers a container's messages before the container; only the
    // packet's own msg_id is known here, which is enough when it is one.
    if (replies.size() == 1 && replies.front().content_related) k.unacked.push_back(id);
    while (k.unacked.size() > 4096) k.unacked.pop_front();
  }

  void acks_in(conn& c, key_state& k, std::span<const std::int64_t> ids) {
    for (const std::int64_t id : ids) {
      if (id % 4 == 0) {
        log("violation: " + c.name() + ": msgs_ack of " + std::to_string(id) + ", a client msg_id");
        continue;
      }
      const auto it = std::find(k.unacked.begin(), k.unacked.end(), id);
      if (it != k.unacked.end()) k.unacked.erase(it);
    }
  }

  void message_in(conn& c, key_state& k, const net::client_message& m, std::int64_t server_seconds,
                  std::vector<net::server_message>& replies, std::chrono::milliseconds& delay) {
    switch (m.id()) {
      case meta<mtproto::msgs_ack>::id: {
        auto a = try_parse<mtproto::msgs_ack>(m.body);
        if (!a) {
          log("violation: " + c.name() + ": msgs_ack: " + a.error().message());
        } else {
          acks_in(c, k, a->msg_ids);
        }
        return;
      }
      case meta<mtproto::ping>::id:
        if (auto p = try_parse<mtproto::ping>(m.body))
          return (void)replies.emplace_back(net::server_session::pong(m.msg_id, p->ping_id),
                                            net::server_msg_kind::response, true);
        break;
      case meta<mtproto::ping_delay_disconnect>::id:
        if (auto p = try_parse<mtproto::ping_delay_disconnect>(m.body))
          return (void)replies.emplace_back(net::server_session::pong(m.msg_id, p->ping_id),
                                            net::server_msg_kind::response, true);
        break;
      case meta<mtproto::get_future_salts>::id:
        if (auto g = try_parse<mtproto::get_future_salts>(m.body)) {
          std::vector<mtproto::future_salt> salts;
          const int n = std::clamp(g->num, 1, 64);
          for (int i = 0; i < n; ++i) {
            const auto since = static_cast<std::int32_t>(server_seconds + i * 1800);
            salts.push_back({since, since + 3600, i == 0 ? k.salt : random_long()});
          }
          return (void)replies.emplace_back(
              net::server_session::future_salts(m.msg_id, static_cast<std::int32_t>(server_seconds), salts),
              net::server_msg_kind::response, true);
        }
        break;
      default:
        break;
    }
    replies.emplace_back(rpc(c, m, server_seconds, delay), net::server_msg_kind::response, true);
  }

  // The rpc_result for request `m`.
  std::vector<std::byte> rpc(conn& c, const net::client_message& m, std::int64_t server_seconds,
                             std::chrono::milliseconds& delay) {
    auto decoded = registry::decode(m.body);
    if (!decoded) {
      log("violation: " + c.name() + ": request " + std::to_string(m.msg_id) +
          " cannot be read: " + decoded.error().message());
      return net::server_session::rpc_error(m.msg_id, 400, "INPUT_METHOD_INVALID");
    }
    json request = std::move(*decoded);
    const registry::entry* e = nullptr;
    for (;;) {
      e = registry::by_name(request.value("_", std::string()));
      if (e == nullptr || !e->method) {
        log("violation: " + c.name() + ": request " + std::to_string(m.msg_id) + " is no method");
        return net::server_session::rpc_error(m.msg_id, 400, "INPUT_METHOD_INVALID");
      }
      if (e->type != "X" || !request.contains("query")) break;
      json inner = std::move(request["query"]);
      request = std::move(inner);
    }
    if (record_.is_open()) {
      std::lock_guard lock(record_mutex_);
      record_ << request.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace) << "\n";
      record_.flush();
    }
    for (const scripted& s : script_) {
      if (s.method != e->name || (s.match && !matches(*s.match, request))) continue;
      delay = std::max(delay, s.delay);
      if (s.error_code != 0) return net::server_session::rpc_error(m.msg_id, s.error_code, s.error_message);
      return net::server_session::rpc_result(m.msg_id, s.result);
    }
    if (e->name == "ping") {  // wrapped in invokeWithLayer, so not a service message
      const auto id = std::stoll(request.value("ping_id", std::string("0")));
      return net::server_session::rpc_result(m.msg_id, serialize(mtproto::pong{m.msg_id, id}));
    }
    if (auto b = built_in(e->name, server_seconds)) return net::server_session::rpc_result(m.msg_id, *b);
    return net::server_session::rpc_error(m.msg_id, 400, "METHOD_NOT_SCRIPTED");
  }

  // The answers a client needs to get going, unless the script gives its own.
  std::optional<std::vector<std::byte>> built_in(std::string_view method, std::int64_t server_seconds) {
    const auto now = static_cast<std::int32_t>(server_seconds);
    if (method == "help.getConfig") {
      api::config cfg;
      cfg.date = now;
      cfg.expires = now + 3600;
      cfg.this_dc = options_.dc;
      api::dcOption self;
      self.ipv6 = options_.host.find(':') != std::string::npos;
      self.id = options_.dc;
      self.ip_address = options_.host;
      self.port = port_;
      cfg.dc_options.push_back(std::move(self));
      cfg.dc_txt_domain_name = "localhost";
      cfg.chat_size_max = 200;
      cfg.megagroup_size_max = 200000;
      cfg.forwarded_count_max = 100;
      cfg.online_update_period_ms = 210000;
      cfg.offline_blur_timeout_ms = 5000;
      cfg.offline_idle_timeout_ms = 30000;
      cfg.online_cloud_timeout_ms = 300000;
      cfg.notify_cloud_delay_ms = 30000;
      cfg.notify_default_delay_ms = 1500;
      cfg.push_chat_period_ms = 60000;
      cfg.push_chat_limit = 2;
      cfg.edit_time_limit = 172800;
      cfg.revoke_time_limit = 2147483647;
      cfg.revoke_pm_time_limit = 2147483647;
      cfg.rating_e_decay = 2419200;
      cfg.stickers_recent_limit = 200;
      cfg.channels_read_media_period = 604800;
      cfg.call_receive_timeout_ms = 20000;
      cfg.call_ring_timeout_ms = 90000;
      cfg.call_connect_timeout_ms = 30000;
      cfg.call_packet_timeout_ms = 10000;
      cfg.me_url_prefix = "https://t.me/";
      cfg.caption_length_max = 1024;
      cfg.message_length_max = 4096;
      cfg.webfile_dc_id = options_.dc;
      return serialize(cfg);
    }
    if (method == "help.getNearestDc") return serialize(api::nearestDc{"ZZ", options_.dc, options_.dc});
    if (method == "updates.getState") return serialize(api::updates::state{1, 0, now, 1, 0});
    return std::nullopt;
  }

  const serve_options& options_;
  net::rsa_private_key key_;
  std::vector<scripted> script_;
  net::openssl_random random_;
  std::mutex keys_mutex_;
  std::map<std::array<std::byte, 8>, std::shared_ptr<key_state>> keys_;
  std::mutex log_mutex_;
  std::mutex record_mutex_;
  std::ofstream record_;
  std::uint16_t port_ = 0;  // the port it listens on, for help.getConfig
};

net::rsa_private_key server_key(const serve_options& o) {
  if (o.key) {
    auto k = net::rsa_private_key::from_pem(read_file(*o.key, "--key", 1 << 20));
    if (!k) bad_input("--key " + *o.key + ": " + k.error().message);
    return std::move(*k);
  }
  auto k = net::rsa_private_key::generate();
  if (!k) throw exit_with{serve_failed, "cannot make a key: " + k.error().message};
  return std::move(*k);
}

int serve(const serve_options& o) {
  if (o.dc < 1 || o.dc > 1000) bad_input("--dc " + std::to_string(o.dc) + ": expected a DC number");
  if (o.drop_after < 0 || o.rotate_salt_every < 0) bad_input("--drop-after and --rotate-salt-every must be >= 0");
  if (o.drop_mid_frame && o.drop_after == 0) bad_input("--drop-mid-frame needs --drop-after");
  if (o.time_offset < -86400 || o.time_offset > 86400) bad_input("--time-offset: expected seconds in -86400..86400");
  auto script = o.answers ? load_answers(*o.answers) : std::vector<scripted>{};
  auto key = server_key(o);
  if (o.public_key_out) {
    auto pem = key.public_key().to_pem();
    if (!pem) throw exit_with{serve_failed, "cannot write the public key: " + pem.error().message};
    std::ofstream out(*o.public_key_out, std::ios::binary | std::ios::trunc);
    out << *pem;
    if (!out.flush()) throw exit_with{serve_failed, "--public-key-out " + *o.public_key_out + ": cannot write it"};
  }
  server s(o, std::move(key), std::move(script));
  return s.run();
}

}  // namespace

int run_serve(const serve_options& options) {
  try {
    return serve(options);
  } catch (const exit_with& e) {
    std::cerr << "tlcpp serve: " << e.message << "\n";
    return e.code;
  } catch (const std::exception& e) {
    std::cerr << "tlcpp serve: " << e.what() << "\n";
    return serve_failed;
  }
}

}  // namespace tlcpp::cli
