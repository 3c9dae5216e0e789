// The blocking TCP connection over loopback: bytes both ways exactly, and
// each failure (peer gone, nothing arriving, nobody listening) as its own
// socket_errc with the connection left closed.
#include "tlcpp/net/tcp_connection.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <future>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using boost::asio::ip::tcp;
using tlcpp::net::socket_errc;
using tlcpp::net::tcp_connection;

// A listener on 127.0.0.1 (any free port) whose single connection is served
// by `serve` on its own thread.
class loopback_peer {
 public:
  template <class F>
  explicit loopback_peer(F serve) : acceptor_(io_, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    // Bounded: if no client comes within 5 s the thread ends by itself.
    thread_ = std::thread([this, serve] {
      tcp::socket s(io_);
      bool accepted = false;
      acceptor_.async_accept(s, [&](const boost::system::error_code& e) { accepted = !e; });
      io_.run_for(std::chrono::seconds(5));
      if (accepted) serve(s);
    });
  }
  ~loopback_peer() { thread_.join(); }
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

TEST(TcpConnection, BytesGoBothWaysExactly) {
  loopback_peer peer([](tcp::socket& s) {
    std::array<std::byte, 5> in{};
    boost::asio::read(s, boost::asio::buffer(in));
    // Answer with the bytes reversed, so an echo of our own buffer cannot pass.
    std::array<std::byte, 5> out{in[4], in[3], in[2], in[1], in[0]};
    boost::asio::write(s, boost::asio::buffer(out));
  });
  auto c = tcp_connection::connect("127.0.0.1", peer.port(), 2s);
  ASSERT_TRUE(c) << c.error().message;
  const auto sent = bytes({0xef, 0x01, 0x02, 0x03, 0xff});
  ASSERT_TRUE(c->write_all(sent, 2s));
  std::vector<std::byte> got;
  std::array<std::byte, 16> buf{};
  while (got.size() < 5) {
    auto n = c->read_some(buf, 2s);
    ASSERT_TRUE(n) << n.error().message;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  EXPECT_EQ(got, bytes({0xff, 0x03, 0x02, 0x01, 0xef}));
}

TEST(TcpConnection, PeerClosingIsClosed) {
  loopback_peer peer([](tcp::socket& s) { s.close(); });
  auto c = tcp_connection::connect("127.0.0.1", peer.port(), 2s);
  ASSERT_TRUE(c) << c.error().message;
  std::array<std::byte, 4> buf{};
  auto n = c->read_some(buf, 2s);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, socket_errc::closed) << n.error().message;
  EXPECT_FALSE(c->is_open());
  auto again = c->write_all(buf, 2s);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, socket_errc::closed);
}

TEST(TcpConnection, AReadTimesOutAndTheConnectionStaysOpen) {
  std::promise<void> timed_out;
  auto go = timed_out.get_future();
  loopback_peer peer([&](tcp::socket& s) {
    go.wait_for(5s);  // silent until the client's first read has timed out
    boost::asio::write(s, boost::asio::buffer(bytes({0x11, 0x22})));
  });
  auto c = tcp_connection::connect("127.0.0.1", peer.port(), 2s);
  ASSERT_TRUE(c) << c.error().message;
  std::array<std::byte, 4> buf{};
  auto n = c->read_some(buf, 20ms);
  timed_out.set_value();
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, socket_errc::timed_out);
  EXPECT_EQ(n.error().message, "reading: not done within 20 ms");
  ASSERT_TRUE(c->is_open());
  std::vector<std::byte> got;
  while (got.size() < 2) {
    auto m = c->read_some(buf, 2s);
    ASSERT_TRUE(m) << m.error().message;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*m));
  }
  EXPECT_EQ(got, bytes({0x11, 0x22}));
}

TEST(TcpConnection, MoveAssignmentClosesTheOldOneAndKeepsTheNew) {
  loopback_peer first([](tcp::socket& s) {
    std::array<std::byte, 1> b{};
    boost::system::error_code e;
    boost::asio::read(s, boost::asio::buffer(b), e);  // ends when the client closes
  });
  loopback_peer second([](tcp::socket& s) { boost::asio::write(s, boost::asio::buffer(bytes({0x2a}))); });
  auto a = tcp_connection::connect("127.0.0.1", first.port(), 2s);
  auto b = tcp_connection::connect("127.0.0.1", second.port(), 2s);
  ASSERT_TRUE(a && b);
  *a = std::move(*b);
  EXPECT_FALSE(b->is_open());
  std::array<std::byte, 1> buf{};
  auto n = a->read_some(buf, 2s);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(buf[0], std::byte{0x2a});
}

TEST(TcpConnection, NobodyListeningIsConnectFailed) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    port = a.local_endpoint().port();
  }  // closed: connecting is refused
  auto c = tcp_connection::connect("127.0.0.1", port, 2s);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, socket_errc::connect_failed);
  EXPECT_EQ(c.error().message.rfind("cannot connect to 127.0.0.1:" + std::to_string(port) + ": ", 0), 0u)
      << c.error().message;
}

}  // namespace
