// A blocking TCP connection with a deadline on every operation, over
// Boost.Asio: the one place tlcpp::net touches a socket. Everything above it
// (transports, handshake, session) is sans-IO and works on bytes; this moves
// those bytes. Each operation runs the connection's own io_context until the
// operation completes or its time is up; on time-out the socket is closed,
// because a half-done write leaves the stream in a state no framing can
// resume. A read that times out leaves the connection open: nothing was
// taken from the stream, and waiting again is how a client sleeps until its
// next timer.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "tlcpp/net/error.hpp"

namespace tlcpp::net {

/// Why a connection operation failed.
enum class socket_errc : std::uint8_t {
  resolve_failed,  ///< the host name did not resolve
  connect_failed,  ///< no address of the host accepted the connection
  timed_out,       ///< not done in time (connect and write: the connection is closed; read: it stays open)
  closed,          ///< the peer closed the connection (or it was closed here)
  io_failed,       ///< reading or writing failed (the message has the system's reason)
};

/// A socket_errc and its sentence.
using socket_error = error<socket_errc>;

/// A connected TCP stream. Not thread-safe; movable, not copyable.
class tcp_connection {
 public:
  /// Resolves `host` and connects to the first of its addresses that
  /// accepts, all within `timeout`.
  [[nodiscard]] static result<tcp_connection, socket_error> connect(std::string_view host, std::uint16_t port,
                                                                    std::chrono::milliseconds timeout) {
    tcp_connection c;
    const std::string where = std::string(host) + ":" + std::to_string(port);
    boost::asio::ip::tcp::resolver resolver(*c.io_);
    boost::system::error_code ec;
    const auto endpoints = resolver.resolve(std::string(host), std::to_string(port), ec);
    if (ec) return detail::fail(socket_errc::resolve_failed, "cannot resolve " + where + ": " + ec.message());
    std::optional<boost::system::error_code> done;
    boost::asio::async_connect(*c.socket_, endpoints,
                               [&](const boost::system::error_code& e, const auto&) { done = e; });
    if (auto s = c.run(done, timeout, "connecting to " + where); !s) return s.error();
    if (*done) return detail::fail(socket_errc::connect_failed, "cannot connect to " + where + ": " + done->message());
    c.socket_->set_option(boost::asio::ip::tcp::no_delay(true), ec);  // small frames go out at once
    return c;
  }

  /// Adopts a connected socket (a server's accepted connection, a test's
  /// pair). `io` must be the socket's own context.
  tcp_connection(std::unique_ptr<boost::asio::io_context> io, boost::asio::ip::tcp::socket socket)
      : io_(std::move(io)), socket_(std::make_unique<boost::asio::ip::tcp::socket>(std::move(socket))) {}

  /// Moves the connection (the moved-from one is closed).
  tcp_connection(tcp_connection&&) noexcept = default;
  /// Closes this connection and takes `other`'s (which is left closed).
  tcp_connection& operator=(tcp_connection&& other) noexcept {
    if (this != &other) {
      close();
      socket_ = std::move(other.socket_);  // before the context it belongs to goes
      io_ = std::move(other.io_);
    }
    return *this;
  }
  tcp_connection(const tcp_connection&) = delete;
  tcp_connection& operator=(const tcp_connection&) = delete;
  /// Closes the connection.
  ~tcp_connection() { close(); }

  /// Writes all of `bytes` within `timeout`.
  [[nodiscard]] status<socket_errc> write_all(std::span<const std::byte> bytes, std::chrono::milliseconds timeout) {
    if (!is_open()) return closed_error();
    std::optional<boost::system::error_code> done;
    boost::asio::async_write(*socket_, boost::asio::buffer(bytes.data(), bytes.size()),
                             [&](const boost::system::error_code& e, std::size_t) { done = e; });
    if (auto s = run(done, timeout, "writing"); !s) return s.error();
    if (*done) return io_error("writing", *done);
    return success{};
  }

  /// Reads what has arrived (at least one byte, at most out.size()) within
  /// `timeout`; returns how many bytes it read. On time-out nothing was read
  /// and the connection stays open.
  [[nodiscard]] result<std::size_t, socket_error> read_some(std::span<std::byte> out,
                                                            std::chrono::milliseconds timeout) {
    if (!is_open()) return closed_error();
    std::optional<boost::system::error_code> done;
    std::size_t got = 0;
    socket_->async_read_some(boost::asio::buffer(out.data(), out.size()),
                             [&](const boost::system::error_code& e, std::size_t n) {
                               done = e;
                               got = n;
                             });
    if (auto s = run(done, timeout, "reading", keep_open); !s) return s.error();
    if (*done) return io_error("reading", *done);
    return got;
  }

  /// True until close() or a failure closed it.
  [[nodiscard]] bool is_open() const noexcept { return socket_ && socket_->is_open(); }

  /// Closes the connection (the peer sees the end of the stream). Idempotent.
  void close() noexcept {
    if (!is_open()) return;
    boost::system::error_code ignored;
    socket_->shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_->close(ignored);
  }

 private:
  tcp_connection()
      : io_(std::make_unique<boost::asio::io_context>(1)),
        socket_(std::make_unique<boost::asio::ip::tcp::socket>(*io_)) {}

  static socket_error closed_error() { return detail::fail(socket_errc::closed, "the connection is closed"); }

  socket_error io_error(std::string_view what, const boost::system::error_code& e) {
    const bool eof = e == boost::asio::error::eof || e == boost::asio::error::connection_reset ||
                     e == boost::asio::error::broken_pipe;
    close();
    if (eof) return detail::fail(socket_errc::closed, std::string(what) + ": the peer closed the connection");
    return detail::fail(socket_errc::io_failed, std::string(what) + ": " + e.message());
  }

  static constexpr bool keep_open = true;

  /// Runs the context until the started operation sets `done` or `timeout`
  /// passes. On time-out cancels the operation (closing the socket unless
  /// `keep`) and lets it finish, so that nothing refers to the caller's
  /// buffers afterwards; an operation that completed meanwhile counts.
  status<socket_errc> run(std::optional<boost::system::error_code>& done, std::chrono::milliseconds timeout,
                          std::string_view what, bool keep = false) {
    io_->restart();
    io_->run_for(timeout);
    if (done) return success{};
    boost::system::error_code ignored;
    if (keep) {
      socket_->cancel(ignored);
    } else {
      socket_->close(ignored);
    }
    io_->restart();
    io_->run();                                    // the cancelled handler runs now
    if (keep && done && !*done) return success{};  // it completed before the cancellation
    return detail::fail(socket_errc::timed_out,
                        std::string(what) + ": not done within " + std::to_string(timeout.count()) + " ms");
  }

  std::unique_ptr<boost::asio::io_context> io_;
  std::unique_ptr<boost::asio::ip::tcp::socket> socket_;
};

}  // namespace tlcpp::net
