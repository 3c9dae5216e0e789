// tlcpp::bytes: the C++ type of a TL `bytes` field.
#pragma once

#include <compare>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace tlcpp {

/// The value of a TL `bytes` field: opaque data (file references, hashes,
/// stripped thumbnails).
///
/// TL `string` and `bytes` share one wire encoding, but a `string` is text
/// and `bytes` is not. A type of its own lets the JSON layer print it as
/// base64 and lets overloads tell them apart. It owns its data like
/// std::string and converts from a string literal, so designated
/// initializers stay short: `.file_reference = "..."`.
class bytes {
 public:
  /// Empty.
  bytes() = default;
  /// @{
  /// A copy of the given characters (the whole string, embedded NULs too).
  bytes(const char* s) : data_(s) {}             // NOLINT(google-explicit-constructor)
  bytes(std::string_view s) : data_(s) {}        // NOLINT(google-explicit-constructor)
  bytes(std::string s) : data_(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  bytes(std::span<const std::byte> s)            // NOLINT(google-explicit-constructor)
      : data_(reinterpret_cast<const char*>(s.data()), s.size()) {}
  bytes(const void* p, std::size_t n) : data_(static_cast<const char*>(p), n) {}
  /// @}

  /// Number of bytes.
  [[nodiscard]] std::size_t size() const noexcept { return data_.size(); }
  /// True when there are none.
  [[nodiscard]] bool empty() const noexcept { return data_.empty(); }
  /// @{
  /// The bytes, as characters.
  [[nodiscard]] const char* data() const noexcept { return data_.data(); }
  [[nodiscard]] char* data() noexcept { return data_.data(); }
  /// @}
  /// The bytes, as bytes.
  [[nodiscard]] std::span<const std::byte> span() const noexcept {
    return {reinterpret_cast<const std::byte*>(data_.data()), data_.size()};
  }
  /// The bytes, as a string view.
  [[nodiscard]] std::string_view view() const noexcept { return data_; }
  /// @{
  /// The underlying string (to move data in or out without a copy).
  [[nodiscard]] const std::string& str() const noexcept { return data_; }
  [[nodiscard]] std::string& str() noexcept { return data_; }
  /// @}

  /// The i-th byte, 0 to 255; i must be below size().
  unsigned char operator[](std::size_t i) const noexcept { return static_cast<unsigned char>(data_[i]); }

  /// @{
  /// Byte-wise comparison.
  friend bool operator==(const bytes&, const bytes&) = default;
  friend auto operator<=>(const bytes&, const bytes&) = default;
  /// @}

 private:
  std::string data_;
};

}  // namespace tlcpp
