// tlcpp::bytes: the C++ type of a TL `bytes` field.
//
// TL `string` and `bytes` share one wire encoding, but a `string` is text and
// `bytes` is opaque data (file references, hashes, stripped thumbnails). Giving
// `bytes` its own type lets the optional JSON layer print it as base64 and lets
// overloads tell them apart. It owns its data like std::string (and converts
// from a string literal, so designated initializers stay short).
#pragma once

#include <compare>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace tlcpp {

class bytes {
 public:
  bytes() = default;
  bytes(const char* s) : data_(s) {}             // NOLINT(google-explicit-constructor)
  bytes(std::string_view s) : data_(s) {}        // NOLINT(google-explicit-constructor)
  bytes(std::string s) : data_(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  bytes(std::span<const std::byte> s)            // NOLINT(google-explicit-constructor)
      : data_(reinterpret_cast<const char*>(s.data()), s.size()) {}
  bytes(const void* p, std::size_t n) : data_(static_cast<const char*>(p), n) {}

  [[nodiscard]] std::size_t size() const noexcept { return data_.size(); }
  [[nodiscard]] bool empty() const noexcept { return data_.empty(); }
  [[nodiscard]] const char* data() const noexcept { return data_.data(); }
  [[nodiscard]] char* data() noexcept { return data_.data(); }
  [[nodiscard]] std::span<const std::byte> span() const noexcept {
    return {reinterpret_cast<const std::byte*>(data_.data()), data_.size()};
  }
  [[nodiscard]] std::string_view view() const noexcept { return data_; }
  [[nodiscard]] const std::string& str() const noexcept { return data_; }
  [[nodiscard]] std::string& str() noexcept { return data_; }

  unsigned char operator[](std::size_t i) const noexcept { return static_cast<unsigned char>(data_[i]); }

  friend bool operator==(const bytes&, const bytes&) = default;
  friend auto operator<=>(const bytes&, const bytes&) = default;

 private:
  std::string data_;
};

}  // namespace tlcpp
