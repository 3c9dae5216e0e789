// A consumer of tlcpp::compiled: parses an Updates, the type every client
// parses, whose closure is most of the layer. Linked against the compiled
// library, this file instantiates none of it. Built against an installed
// tlcpp and through FetchContent by tests/consumers/run.sh.
#include <cstdio>

#include "tlcpp/api/Updates.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/serialize.hpp"

int main() {
  using namespace tlcpp::api;
  // updateShort#78d4dec1 update:(updateUserStatus#e5bdf8de user_id:7
  //   status:(userStatusOffline#008c703f was_online:2)) date:3
  const auto bytes = tlcpp::from_hex("c1ded478 def8bde5 0700000000000000 3f708c00 02000000 03000000").value();
  const auto parsed = tlcpp::try_parse<Updates>(bytes);
  if (!parsed) {
    std::printf("parse failed: %s\n", parsed.error().message().c_str());
    return 1;
  }
  const auto* shorty = parsed->get_if<updateShort>();
  const auto* status = shorty ? shorty->update.get_if<updateUserStatus>() : nullptr;
  const auto* offline = status ? status->status.get_if<userStatusOffline>() : nullptr;
  const bool ok = offline && status->user_id == 7 && offline->was_online == 2 && shorty->date == 3 &&
                  tlcpp::serialize(*parsed) == bytes;
  std::printf("Updates: %s\n", ok ? "parsed and written back" : "wrong value");
  return ok ? 0 : 1;
}
