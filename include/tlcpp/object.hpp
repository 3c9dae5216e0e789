// tlcpp::object: a TL `Object` field, kept as the raw bytes of one boxed object.
//
// `Object` means "any boxed object" (rpc_result's result, a message body in a
// container). What it holds depends on context the schema does not carry (the
// request a result answers), so tlcpp keeps the bytes and lets the caller
// parse them as the right type: tlcpp::parse<T>(obj.span()). The writer
// copies the bytes as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace tlcpp {

class object {
 public:
  object() = default;
  explicit object(std::span<const std::byte> raw) : raw_(raw.begin(), raw.end()) {}
  explicit object(std::vector<std::byte> raw) : raw_(std::move(raw)) {}

  // The constructor id the bytes start with (0 when there are fewer than 4).
  [[nodiscard]] std::uint32_t id() const noexcept {
    std::uint32_t v = 0;
    if (raw_.size() >= 4) std::memcpy(&v, raw_.data(), 4);
    return v;
  }
  [[nodiscard]] std::span<const std::byte> span() const noexcept { return raw_; }
  [[nodiscard]] std::size_t size() const noexcept { return raw_.size(); }
  [[nodiscard]] bool empty() const noexcept { return raw_.empty(); }

  friend bool operator==(const object&, const object&) = default;

 private:
  std::vector<std::byte> raw_;
};

}  // namespace tlcpp
