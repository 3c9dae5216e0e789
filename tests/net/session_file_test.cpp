// The saved-session file: exact text, mode 0600, atomic replacement, and a
// typed refusal of every damaged or unsafe file, none of which names key
// material.
#include "tlcpp/net/session_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using tlcpp::net::parse_session;
using tlcpp::net::saved_session;
using tlcpp::net::session_file_errc;

saved_session sample() {
  saved_session s;
  s.dc_id = 2;
  s.test_dc = false;
  for (std::size_t i = 0; i < s.auth_key.size(); ++i) s.auth_key[i] = static_cast<std::byte>(i);
  s.server_salt = -3599219811305834542;
  s.server_time_offset = -2;
  return s;
}

// SHA1(00 01 .. ff)[12..20], computed independently:
//   python3 -c "import hashlib; print(hashlib.sha1(bytes(range(256))).hexdigest()[24:40])"
constexpr const char* sample_key_id = "32d1586ea457dfc8";

std::string key_hex() {
  std::string out;
  static constexpr char digits[] = "0123456789abcdef";
  for (int i = 0; i < 256; ++i) {
    out += digits[i >> 4];
    out += digits[i & 15];
  }
  return out;
}

std::string sample_text() {
  return std::string(
             "# tlcpp session: an MTProto auth key. Keep it secret.\n"
             "tlcpp-session 1\n"
             "dc 2\n"
             "test_dc 0\n"
             "server_salt -3599219811305834542\n"
             "server_time_offset -2\n"
             "auth_key_id ") +
         sample_key_id + "\nauth_key " + key_hex() + "\n";
}

// Replaces the first line starting with `field ` by `line` (or removes it when empty).
std::string with_line(std::string text, const std::string& field, const std::string& line) {
  const auto at = text.find("\n" + field + " ");
  EXPECT_NE(at, std::string::npos) << field;
  const auto end = text.find('\n', at + 1);
  text.replace(at + 1, end - at, line.empty() ? "" : line + "\n");
  return text;
}

void expect_refused(const std::string& text, session_file_errc code, const std::string& says) {
  auto r = parse_session(text);
  ASSERT_FALSE(r) << "accepted: " << says;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_NE(r.error().message.find(says), std::string::npos) << r.error().message;
  // No key material in the message: not even 8 digits of the key's hex.
  const std::string hex = key_hex();
  for (std::size_t i = 0; i + 8 <= hex.size(); i += 2)
    ASSERT_EQ(r.error().message.find(hex.substr(i, 8)), std::string::npos) << r.error().message;
}

class SessionFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tlcpp_session_file_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 0777;
}

void write_raw(const std::filesystem::path& p, const std::string& text, mode_t mode) {
  std::ofstream(p, std::ios::binary) << text;
  ASSERT_EQ(::chmod(p.c_str(), mode), 0);
}

TEST(SessionFormat, ExactText) { EXPECT_EQ(tlcpp::net::format_session(sample()), sample_text()); }

TEST(SessionFormat, ParsesWhatItWrites) {
  auto r = parse_session(sample_text());
  ASSERT_TRUE(r) << r.error().message;
  const saved_session want = sample();
  EXPECT_EQ(r->dc_id, 2);
  EXPECT_FALSE(r->test_dc);
  EXPECT_EQ(r->server_salt, -3599219811305834542);
  EXPECT_EQ(r->server_time_offset, -2);
  EXPECT_EQ(r->auth_key, want.auth_key);
}

TEST(SessionFormat, FieldsInAnyOrderCommentsAndCrlf) {
  std::string text = "tlcpp-session 1\r\n\r\n# a comment\r\nauth_key " + key_hex() + "\r\ntest_dc 1\r\nauth_key_id " +
                     sample_key_id + "\r\nserver_time_offset 30\r\nserver_salt 7\r\ndc 4\r\n";
  auto r = parse_session(text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->dc_id, 4);
  EXPECT_TRUE(r->test_dc);
  EXPECT_EQ(r->server_salt, 7);
  EXPECT_EQ(r->server_time_offset, 30);
}

TEST(SessionFormat, EveryRefusalNamesItsCheck) {
  const std::string good = sample_text();
  expect_refused("", session_file_errc::not_a_session_file, "no \"tlcpp-session 1\"");
  expect_refused("dc 2\n", session_file_errc::not_a_session_file, "line 1");
  expect_refused("tlcpp-session 2\n", session_file_errc::unsupported_version, "version \"2\"");
  expect_refused(with_line(good, "dc", "colour blue"), session_file_errc::bad_line, "line 3: unknown field \"colour\"");
  expect_refused(good + "dc 3\n", session_file_errc::duplicate_field, "line 9: dc given twice");
  expect_refused(with_line(good, "server_salt", ""), session_file_errc::missing_field, "no server_salt");
  expect_refused(with_line(good, "dc", "dc 0"), session_file_errc::bad_value, "bad dc \"0\"");
  expect_refused(with_line(good, "dc", "dc 2x"), session_file_errc::bad_value, "bad dc");
  expect_refused(with_line(good, "test_dc", "test_dc yes"), session_file_errc::bad_value, "bad test_dc");
  expect_refused(with_line(good, "server_salt", "server_salt 9223372036854775808"), session_file_errc::bad_value,
                 "bad server_salt");
  expect_refused(with_line(good, "server_time_offset", "server_time_offset 2147483648"), session_file_errc::bad_value,
                 "bad server_time_offset");
  expect_refused(with_line(good, "auth_key", "auth_key " + key_hex().substr(2)), session_file_errc::bad_value,
                 "auth_key is not 512 hex digits");
  std::string not_hex = key_hex();
  not_hex[100] = 'g';
  expect_refused(with_line(good, "auth_key", "auth_key " + not_hex), session_file_errc::bad_value,
                 "auth_key is not 512 hex digits");
  expect_refused(with_line(good, "auth_key_id", "auth_key_id 32d1"), session_file_errc::bad_value,
                 "auth_key_id is not 16 hex digits");
  std::string damaged = key_hex();
  damaged[300] = damaged[300] == '0' ? '1' : '0';
  expect_refused(with_line(good, "auth_key", "auth_key " + damaged), session_file_errc::key_id_mismatch,
                 "the file is damaged");
  expect_refused(std::string(tlcpp::net::session_file_max_size + 1, '#'), session_file_errc::too_large, "4097 bytes");
}

TEST_F(SessionFile, WrittenWithMode0600WhateverTheUmask) {
  const mode_t old = ::umask(0);
  const auto path = dir_ / "session";
  auto w = tlcpp::net::write_session_file(path, sample());
  ::umask(old);
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(mode_of(path), 0600u);
  std::ifstream in(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), sample_text());
  auto r = tlcpp::net::read_session_file(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->auth_key, sample().auth_key);
}

TEST_F(SessionFile, ReplacesAnOlderFileAndLeavesNoTemporary) {
  const auto path = dir_ / "session";
  write_raw(path, "old\n", 0644);
  saved_session s = sample();
  s.server_salt = 42;
  ASSERT_TRUE(tlcpp::net::write_session_file(path, s));
  EXPECT_EQ(mode_of(path), 0600u);
  auto r = tlcpp::net::read_session_file(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->server_salt, 42);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator{}), 1);
}

TEST_F(SessionFile, RefusesAFileOthersCanRead) {
  const auto path = dir_ / "session";
  write_raw(path, sample_text(), 0644);
  auto r = tlcpp::net::read_session_file(path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, session_file_errc::insecure_permissions);
  EXPECT_NE(r.error().message.find("chmod 600"), std::string::npos) << r.error().message;
}

TEST_F(SessionFile, RefusesMissingOversizedAndNonRegularFiles) {
  auto missing = tlcpp::net::read_session_file(dir_ / "nothing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, session_file_errc::cannot_open);
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos) << missing.error().message;

  const auto big = dir_ / "big";
  write_raw(big, std::string(tlcpp::net::session_file_max_size + 1, '#'), 0600);
  auto r = tlcpp::net::read_session_file(big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, session_file_errc::too_large);

  ASSERT_EQ(::chmod(dir_.c_str(), 0700), 0);
  auto d = tlcpp::net::read_session_file(dir_);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, session_file_errc::cannot_open);
  EXPECT_NE(d.error().message.find("not a regular file"), std::string::npos) << d.error().message;
}

TEST_F(SessionFile, WriteIntoAMissingDirectoryFailsCleanly) {
  auto w = tlcpp::net::write_session_file(dir_ / "no" / "session", sample());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, session_file_errc::cannot_write);
}

}  // namespace
