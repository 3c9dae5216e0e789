// The addresses a client dials first, before help.getConfig tells it more:
// the static IPv4 address of each of Telegram's DCs, port 443. Facts, taken
// from the static DC options gotd ships (telegram/dcs/prod.go, test.go),
// which agree with Pyrogram's and TDLib's lists for DCs 1 to 4.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tlcpp::net {

/// A DC's host and port.
struct dc_address {
  std::string_view host;  ///< an IPv4 address in dotted form
  std::uint16_t port;     ///< the port (443)
};

/// The static address of DC `dc_id` (1..5 production, 1..3 test), or nullopt.
[[nodiscard]] constexpr std::optional<dc_address> telegram_dc_address(std::int32_t dc_id, bool test_dc) noexcept {
  constexpr std::string_view production[] = {"149.154.175.53", "149.154.167.51", "149.154.175.100", "149.154.167.91",
                                             "91.108.56.173"};
  constexpr std::string_view test[] = {"149.154.175.10", "149.154.167.40", "149.154.175.117"};
  if (test_dc) {
    if (dc_id < 1 || dc_id > 3) return std::nullopt;
    return dc_address{test[dc_id - 1], 443};
  }
  if (dc_id < 1 || dc_id > 5) return std::nullopt;
  return dc_address{production[dc_id - 1], 443};
}

}  // namespace tlcpp::net
