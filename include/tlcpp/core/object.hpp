// tlcpp::object: a TL `Object` field, kept as the raw bytes of one boxed object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace tlcpp {

/// A TL `Object` field: the raw bytes of one boxed object of any type.
///
/// What an `Object` holds depends on context the schema does not carry (the
/// request an rpc_result answers), so tlcpp keeps the bytes and the caller
/// parses them as the right type: `tlcpp::parse<T>(obj.span())`. The writer
/// copies them as they are (they must be whole 4-byte words).
class object {
 public:
  /// No bytes (not serializable: an Object is at least a constructor id).
  object() = default;
  /// @{
  /// The serialized bytes of one boxed object.
  explicit object(std::span<const std::byte> raw) : raw_(raw.begin(), raw.end()) {}
  explicit object(std::vector<std::byte> raw) : raw_(std::move(raw)) {}
  /// @}

  /// The constructor id the bytes start with (0 when there are fewer than 4).
  [[nodiscard]] std::uint32_t id() const noexcept {
    std::uint32_t v = 0;
    if (raw_.size() >= 4) std::memcpy(&v, raw_.data(), 4);
    return v;
  }
  /// The bytes.
  [[nodiscard]] std::span<const std::byte> span() const noexcept { return raw_; }
  /// Number of bytes.
  [[nodiscard]] std::size_t size() const noexcept { return raw_.size(); }
  /// True when there are none.
  [[nodiscard]] bool empty() const noexcept { return raw_.empty(); }

  /// Byte-wise comparison.
  friend bool operator==(const object&, const object&) = default;

 private:
  std::vector<std::byte> raw_;
};

}  // namespace tlcpp
