// A saved session: the auth key and what goes with it (dc, salt, server time
// offset), so that a client can reconnect without a new handshake. The file
// is text, one field a line, so a person can see what it holds without
// tools; it is written with mode 0600 and refused when others can read it,
// as ssh does with private keys, because the auth key is the account.
//
//   # tlcpp session: an MTProto auth key. Keep it secret.
//   tlcpp-session 1
//   dc 2
//   test_dc 0
//   server_salt -3599219811305834542
//   server_time_offset -2
//   auth_key_id 5d38cc28bd9e4a9c
//   auth_key 9a0c...(512 lowercase hex digits)
//
// Lines starting with '#' and empty lines are ignored; every field appears
// exactly once, in any order; anything else is refused with the line's
// number. auth_key_id (SHA1(auth_key)[12..20], as on the wire) is redundant
// on purpose: a damaged key fails the comparison instead of producing
// packets the server drops. No error message holds key material.
#pragma once

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "tlcpp/core/hex.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/handshake_keys.hpp"

namespace tlcpp::net {

/// What a client keeps between runs to reuse an auth key.
struct saved_session {
  std::int32_t dc_id = 0;                 ///< the DC the key belongs to (1 and up)
  bool test_dc = false;                   ///< a key of Telegram's test DCs
  std::array<std::byte, 256> auth_key{};  ///< the permanent auth key
  std::int64_t server_salt = 0;           ///< the last server salt seen
  std::int32_t server_time_offset = 0;    ///< server time minus local time, seconds

  /// No key (all zero), dc 0: not a session until filled in.
  saved_session() = default;
  /// Copies (both copies wipe their key when destroyed).
  saved_session(const saved_session&) = default;
  /// Copies (both copies wipe their key when destroyed).
  saved_session& operator=(const saved_session&) = default;
  /// Wipes the key.
  ~saved_session() { OPENSSL_cleanse(auth_key.data(), auth_key.size()); }
};

/// Why a session file was not read or written.
enum class session_file_errc : std::uint8_t {
  cannot_open,           ///< open, stat or read failed (the message has the system's reason)
  insecure_permissions,  ///< group or others may read or write it (chmod 600)
  too_large,             ///< larger than any session file
  not_a_session_file,    ///< the first line is not "tlcpp-session 1"
  unsupported_version,   ///< "tlcpp-session N" with N other than 1
  bad_line,              ///< a line that is not "field value" of a known field
  duplicate_field,       ///< a field given twice
  missing_field,         ///< a field not given
  bad_value,             ///< a value out of range or not in the field's form
  key_id_mismatch,       ///< auth_key_id is not that of auth_key: the file is damaged
  cannot_write,          ///< creating, writing or renaming the file failed
};

/// A session_file_errc and its sentence.
using session_file_error = error<session_file_errc>;

/// The largest file read_session_file reads; a real one is under 700 bytes.
inline constexpr std::size_t session_file_max_size = 4096;

namespace detail {

inline session_file_error session_fail(session_file_errc code, std::string message) {
  return fail(code, std::move(message));
}

inline std::string line_no(std::size_t n) { return "session file line " + std::to_string(n) + ": "; }

template <class Int>
bool parse_decimal(std::string_view text, Int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && p == end;
}

/// Owns a file descriptor; closes it once.
class fd_holder {
 public:
  explicit fd_holder(int fd) noexcept : fd_(fd) {}
  fd_holder(const fd_holder&) = delete;
  fd_holder& operator=(const fd_holder&) = delete;
  ~fd_holder() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }
  /// Closes now, reporting the result (a failed close can mean lost data).
  int close() noexcept {
    const int r = ::close(fd_);
    fd_ = -1;
    return r;
  }

 private:
  int fd_;
};

inline std::string system_reason() { return std::strerror(errno); }

}  // namespace detail

/// The text of a session file for `s` (see the top of this header).
/// The caller should wipe it when done (it holds the key).
[[nodiscard]] inline std::string format_session(const saved_session& s) {
  std::string key_hex = to_hex(s.auth_key);
  const auto id = auth_key_id(s.auth_key);
  std::string out = "# tlcpp session: an MTProto auth key. Keep it secret.\ntlcpp-session 1\n";
  out += "dc " + std::to_string(s.dc_id) + "\n";
  out += std::string("test_dc ") + (s.test_dc ? "1" : "0") + "\n";
  out += "server_salt " + std::to_string(s.server_salt) + "\n";
  out += "server_time_offset " + std::to_string(s.server_time_offset) + "\n";
  out += "auth_key_id " + to_hex(id) + "\n";
  out += "auth_key " + key_hex + "\n";
  OPENSSL_cleanse(key_hex.data(), key_hex.size());
  return out;
}

/// Reads the text of a session file. Checks the header, every field once,
/// each value's form and range, and the key against auth_key_id.
[[nodiscard]] inline result<saved_session, session_file_error> parse_session(std::string_view text) {
  using E = session_file_errc;
  using detail::line_no;
  using detail::session_fail;
  if (text.size() > session_file_max_size)
    return session_fail(E::too_large, "session file: " + std::to_string(text.size()) + " bytes, at most " +
                                          std::to_string(session_file_max_size) + " expected");
  saved_session s;
  enum field : unsigned { f_dc = 1, f_test = 2, f_salt = 4, f_offset = 8, f_id = 16, f_key = 32, f_all = 63 };
  unsigned seen = 0;
  bool header = false;
  std::array<std::byte, 8> id{};
  std::size_t n = 0;
  while (!text.empty()) {
    ++n;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t sp = line.find(' ');
    const std::string_view name = line.substr(0, sp);
    const std::string_view value = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    if (!header) {
      if (name != "tlcpp-session")
        return session_fail(E::not_a_session_file, line_no(n) + "expected \"tlcpp-session 1\"");
      if (value != "1")
        return session_fail(E::unsupported_version,
                            line_no(n) + "version \"" + std::string(value.substr(0, 16)) + "\", this reads version 1");
      header = true;
      continue;
    }
    unsigned f = 0;
    bool ok = false;
    if (name == "dc") {
      f = f_dc;
      ok = detail::parse_decimal(value, s.dc_id) && s.dc_id >= 1 && s.dc_id <= 1000;
    } else if (name == "test_dc") {
      f = f_test;
      ok = value == "0" || value == "1";
      s.test_dc = value == "1";
    } else if (name == "server_salt") {
      f = f_salt;
      ok = detail::parse_decimal(value, s.server_salt);
    } else if (name == "server_time_offset") {
      f = f_offset;
      ok = detail::parse_decimal(value, s.server_time_offset);
    } else if (name == "auth_key_id" || name == "auth_key") {
      const bool is_key = name == "auth_key";
      f = is_key ? f_key : f_id;
      const std::size_t want = is_key ? 256 : 8;
      if (value.size() == 2 * want) {
        if (auto bytes = from_hex(value); bytes && bytes->size() == want) {
          std::memcpy(is_key ? s.auth_key.data() : id.data(), bytes->data(), want);
          ok = true;
          OPENSSL_cleanse(bytes->data(), bytes->size());
        }
      }
      if (!ok)
        return session_fail(E::bad_value,
                            line_no(n) + std::string(name) + " is not " + std::to_string(2 * want) + " hex digits");
    } else {
      return session_fail(E::bad_line, line_no(n) + "unknown field \"" + std::string(name.substr(0, 32)) + "\"");
    }
    if (seen & f) return session_fail(E::duplicate_field, line_no(n) + std::string(name) + " given twice");
    seen |= f;
    if (!ok)
      return session_fail(E::bad_value,
                          line_no(n) + "bad " + std::string(name) + " \"" + std::string(value.substr(0, 24)) + "\"");
  }
  if (!header) return session_fail(E::not_a_session_file, "session file: no \"tlcpp-session 1\" line");
  if (seen != f_all) {
    static constexpr std::array<std::string_view, 6> names{
        "dc", "test_dc", "server_salt", "server_time_offset", "auth_key_id", "auth_key"};
    for (unsigned i = 0; i < names.size(); ++i)
      if ((seen & (1u << i)) == 0) return session_fail(E::missing_field, "session file: no " + std::string(names[i]));
  }
  if (auth_key_id(s.auth_key) != id)
    return session_fail(E::key_id_mismatch, "session file: auth_key_id is not that of auth_key (the file is damaged)");
  return s;
}

/// Reads and checks the session file at `path` (refused when group or
/// others may read or write it, or when over session_file_max_size).
[[nodiscard]] inline result<saved_session, session_file_error> read_session_file(const std::filesystem::path& path) {
  using E = session_file_errc;
  detail::fd_holder fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0)
    return detail::session_fail(E::cannot_open, "cannot open " + path.string() + ": " + detail::system_reason());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return detail::session_fail(E::cannot_open, "cannot stat " + path.string() + ": " + detail::system_reason());
  if (!S_ISREG(st.st_mode)) return detail::session_fail(E::cannot_open, path.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0)
    return detail::session_fail(E::insecure_permissions, path.string() +
                                                             " may be read or written by others; it holds an "
                                                             "auth key (chmod 600 it, or log in again)");
  if (static_cast<std::uintmax_t>(st.st_size) > session_file_max_size)
    return detail::session_fail(E::too_large, path.string() + ": " + std::to_string(st.st_size) + " bytes, at most " +
                                                  std::to_string(session_file_max_size) + " expected");
  std::string text(session_file_max_size + 1, '\0');
  std::size_t have = 0;
  while (have < text.size()) {
    const ssize_t r = ::read(fd.get(), text.data() + have, text.size() - have);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      OPENSSL_cleanse(text.data(), text.size());
      return detail::session_fail(E::cannot_open, "cannot read " + path.string() + ": " + detail::system_reason());
    }
    if (r == 0) break;
    have += static_cast<std::size_t>(r);
  }
  auto parsed = parse_session(std::string_view(text.data(), have));
  OPENSSL_cleanse(text.data(), text.size());
  return parsed;
}

/// Writes `s` to `path` with mode 0600, atomically: a temporary file in the
/// same directory, synced, then renamed over `path`, so a crash leaves the
/// old file or the new one, never half of one.
[[nodiscard]] inline status<session_file_errc> write_session_file(const std::filesystem::path& path,
                                                                  const saved_session& s) {
  using E = session_file_errc;
  std::string temp = path.string() + ".XXXXXX";
  // mkstemp creates the file with mode 0600 whatever the umask.
  detail::fd_holder fd(::mkstemp(temp.data()));
  if (fd.get() < 0)
    return detail::session_fail(E::cannot_write,
                                "cannot create a file beside " + path.string() + ": " + detail::system_reason());
  std::string text = format_session(s);
  auto failed = [&](const char* what) {
    std::string message = std::string(what) + " " + temp + ": " + detail::system_reason();
    OPENSSL_cleanse(text.data(), text.size());
    ::unlink(temp.c_str());
    return detail::session_fail(E::cannot_write, std::move(message));
  };
  if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0) return failed("cannot chmod");
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t w = ::write(fd.get(), text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return failed("cannot write");
    done += static_cast<std::size_t>(w);
  }
  if (::fsync(fd.get()) != 0) return failed("cannot sync");
  if (fd.close() != 0) return failed("cannot close");
  if (::rename(temp.c_str(), path.c_str()) != 0) return failed("cannot rename to its place");
  OPENSSL_cleanse(text.data(), text.size());
  return success{};
}

}  // namespace tlcpp::net
