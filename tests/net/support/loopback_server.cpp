// The loopback server (loopback_server.hpp): one thread, one Asio
// io_context, one connection at a time.
#include "net/support/loopback_server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "net/support/counter_random.hpp"
#include "tlcpp/net/detect.hpp"
#include "tlcpp/net/handshake_server.hpp"
#include "tlcpp/net/plain_message.hpp"
#include "tlcpp/net/server_session.hpp"

namespace tlcpp::test {

std::optional<std::span<const std::byte>> unwrap_query(std::span<const std::byte> body) {
  const auto le32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | std::to_integer<std::uint32_t>(body[at + static_cast<std::size_t>(i)]);
    return v;
  };
  for (;;) {
    if (body.size() < 4) return std::nullopt;
    const std::uint32_t id = le32(0);
    if (id == 0xda9b0d0d) {  // invokeWithLayer layer:int query:!X
      if (body.size() < 8) return std::nullopt;
      body = body.subspan(8);
    } else if (id ==
               0xc1cd5ea9) {  // initConnection flags:# api_id:int 6 strings proxy:flags.0? params:flags.1? query:!X
      if (body.size() < 12) return std::nullopt;
      const std::uint32_t flags = le32(4);
      if (flags & 2u) return std::nullopt;  // params:JSONValue: not read here
      std::size_t at = 12;
      const auto skip_string = [&]() -> bool {
        if (at >= body.size()) return false;
        std::size_t len = std::to_integer<std::size_t>(body[at]);
        std::size_t header = 1;
        if (len == 254) {
          if (at + 4 > body.size()) return false;
          len = le32(at) >> 8;
          header = 4;
        }
        at += (header + len + 3) / 4 * 4;
        return at <= body.size();
      };
      for (int i = 0; i < 6; ++i)
        if (!skip_string()) return std::nullopt;
      if (flags & 1u) {  // inputClientProxy#75588b3f address:string port:int
        at += 4;
        if (!skip_string()) return std::nullopt;
        at += 4;
        if (at > body.size()) return std::nullopt;
      }
      body = body.subspan(at);
    } else {
      return body;
    }
  }
}

struct loopback_server::state {
  using tcp = boost::asio::ip::tcp;

  struct known_key {
    std::array<std::byte, 256> auth_key;
    std::int64_t salt;
    std::unique_ptr<net::server_session> session;
  };

  state(const net::rsa_private_key& key, rpc_script script, loopback_faults f)
      : key_(key),
        script_(std::move(script)),
        faults_(f),
        acceptor_(io_, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)) {
    port_ = acceptor_.local_endpoint().port();
  }

  void problem(std::string what) {
    std::lock_guard lock(mutex_);
    problems_.push_back(std::move(what));
  }

  static net::unix_time now() {
    return std::chrono::duration_cast<net::unix_time>(std::chrono::system_clock::now().time_since_epoch());
  }

  // Runs io_ for at most `slice`, or until `done`; false when told to stop.
  bool wait(const bool& done, std::chrono::steady_clock::time_point give_up) {
    while (!done) {
      if (stop_ || std::chrono::steady_clock::now() >= give_up) return false;
      io_.restart();
      io_.run_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  void run() {
    while (!stop_) {
      tcp::socket socket(io_);
      bool accepted = false;
      boost::system::error_code ec;
      acceptor_.async_accept(socket, [&](const boost::system::error_code& e) {
        ec = e;
        accepted = true;
      });
      if (!wait(accepted, std::chrono::steady_clock::now() + loopback_server::idle_limit)) {
        acceptor_.cancel(ec);
        io_.restart();
        io_.run();
        return;
      }
      if (ec) return;
      ++connections_;
      serve(socket);
      socket.close(ec);
    }
  }

  // Reads what arrives within the idle limit; empty when the client closed
  // or the server is stopping.
  std::vector<std::byte> read(tcp::socket& s) {
    std::array<std::byte, 16 * 1024> buf{};
    bool done = false;
    boost::system::error_code ec;
    std::size_t n = 0;
    s.async_read_some(boost::asio::buffer(buf.data(), buf.size()),
                      [&](const boost::system::error_code& e, std::size_t got) {
                        ec = e;
                        n = got;
                        done = true;
                      });
    if (!wait(done, std::chrono::steady_clock::now() + loopback_server::idle_limit)) {
      s.close(ec);
      io_.restart();
      io_.run();
      return {};
    }
    if (ec) return {};
    return {buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n)};
  }

  bool write(tcp::socket& s, const std::vector<std::byte>& bytes) {
    boost::system::error_code ec;
    boost::asio::write(s, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  void serve(tcp::socket& s) {
    std::vector<std::byte> first;
    net::detection d;
    for (;;) {
      auto more = read(s);
      if (more.empty()) return;
      first.insert(first.end(), more.begin(), more.end());
      d = net::detect_transport(first);
      if (d.status == net::detect_status::detected) break;
      if (d.status == net::detect_status::unknown) return problem("not an MTProto transport");
    }
    {
      std::lock_guard lock(mutex_);
      transports_.push_back(d.kind);
    }
    net::server_options so;
    so.random = &random_;
    auto transport = net::make_server_transport(d, so);
    if (!transport) return problem(transport.error().message());
    std::unique_ptr<net::server_handshake> hs;
    const bool padded =
        d.kind == net::transport_kind::padded_intermediate ||
        (d.kind == net::transport_kind::obfuscated2 && d.inner == net::transport_kind::padded_intermediate);
    std::vector<std::byte> in = std::move(first);
    int messages = 0;  // on this connection, for drop_after
    for (;;) {
      std::vector<std::vector<std::byte>> frames;
      auto failure = net::decode_all(*transport, in, [&](net::received&& r) {
        if (r.kind == net::received_kind::frame) frames.push_back(std::move(r.payload));
      });
      if (failure) return problem(failure->message());
      for (auto& frame : frames) {
        std::vector<std::byte> out;
        const bool go_on =
            answer(*transport, hs, padded ? net::without_transport_padding(frame) : frame, out, messages);
        if (!out.empty() && !write(s, out)) return;
        if (!go_on) return;
      }
      in = read(s);
      if (in.empty()) return;
    }
  }

  // Answers one frame into `out`; false to close the connection.
  bool answer(net::any_transport& t, std::unique_ptr<net::server_handshake>& hs, std::span<const std::byte> frame,
              std::vector<std::byte>& out, int& messages_seen) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now()).count();
    if (frame.size() >= 8 &&
        std::all_of(frame.begin(), frame.begin() + 8, [](std::byte b) { return b == std::byte{0}; })) {
      if (!hs) hs = std::make_unique<net::server_handshake>(net::handshake_server_options{}, key_, random_);
      auto step = hs->receive(frame, seconds);
      if (!step) {
        problem(step.error().message);
        return false;
      }
      if (!step->send.empty() && t.encode(step->send, out)) return false;
      if (step->done) {
        auto id = net::auth_key_id(step->done->auth_key);
        auto session = std::make_unique<net::server_session>(step->done->auth_key, step->done->server_salt, random_);
        keys_[id] = known_key{step->done->auth_key, step->done->server_salt, std::move(session)};
        ++handshakes_;
        hs.reset();
      }
      return true;
    }
    std::array<std::byte, 8> id{};
    if (frame.size() >= 8) std::copy(frame.begin(), frame.begin() + 8, id.begin());
    auto it = keys_.find(id);
    if (faults_.reject_key || it == keys_.end()) {
      (void)t.encode_transport_error(-404, out);
      return true;
    }
    auto received = it->second.session->receive(frame);
    if (!received) {
      problem(received.error().message);
      return true;
    }
    std::vector<net::server_message> replies;
    std::vector<std::int64_t> acks;
    for (const net::client_message& m : *received) {
      if (faults_.drop_after > 0 && ++messages_seen >= faults_.drop_after) {
        // The line drops with this message unanswered, after the answers
        // to the ones before it in the packet.
        ++drops_;
        if (!replies.empty()) {
          if (auto packet = it->second.session->send(replies, now())) (void)t.encode(*packet, out);
        }
        return false;
      }
      const std::uint32_t mid = m.id();
      if (mid == 0x62d6b459) continue;  // msgs_ack
      if (m.seq_no & 1) acks.push_back(m.msg_id);
      auto query = unwrap_query(m.body);
      if (!query) {
        replies.emplace_back(net::server_session::rpc_error(m.msg_id, 400, "INPUT_REQUEST_INVALID"));
        continue;
      }
      rpc_reply r = script_(*query);
      if (r.error_code != 0) {
        replies.emplace_back(net::server_session::rpc_error(m.msg_id, r.error_code, r.error_message));
      } else {
        replies.emplace_back(net::server_session::rpc_result(m.msg_id, r.result));
      }
    }
    if (!acks.empty()) replies.emplace_back(net::server_session::msgs_ack(acks), net::server_msg_kind::other, false);
    if (replies.empty()) return true;
    auto packet = it->second.session->send(replies, now());
    if (!packet) {
      problem(packet.error().message);
      return false;
    }
    return !t.encode(*packet, out);
  }

  const net::rsa_private_key& key_;
  rpc_script script_;
  loopback_faults faults_;
  counter_random random_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> handshakes_{0};
  std::atomic<int> connections_{0};
  std::atomic<int> drops_{0};
  mutable std::mutex mutex_;
  std::vector<net::transport_kind> transports_;
  std::vector<std::string> problems_;
  std::map<std::array<std::byte, 8>, known_key> keys_;
  std::thread thread_;
};

loopback_server::loopback_server(const net::rsa_private_key& key, rpc_script script, loopback_faults f)
    : s_(std::make_unique<state>(key, std::move(script), f)) {
  s_->thread_ = std::thread([s = s_.get()] { s->run(); });
}

loopback_server::~loopback_server() {
  s_->stop_ = true;
  s_->thread_.join();
}

std::uint16_t loopback_server::port() const noexcept { return s_->port_; }
int loopback_server::handshakes() const noexcept { return s_->handshakes_; }
int loopback_server::connections() const noexcept { return s_->connections_; }
int loopback_server::drops() const noexcept { return s_->drops_; }

std::vector<net::transport_kind> loopback_server::transports() const {
  std::lock_guard lock(s_->mutex_);
  return s_->transports_;
}

std::vector<std::string> loopback_server::problems() const {
  std::lock_guard lock(s_->mutex_);
  return s_->problems_;
}

}  // namespace tlcpp::test
