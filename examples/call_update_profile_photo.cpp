// photos.updateProfilePhoto over the network: connect to a server (make an
// auth key, or reuse a saved one), call the method, and handle its three
// outcomes: the new photos.Photo, PHOTO_ID_INVALID, or a FLOOD_WAIT.
//
//   call_update_profile_photo HOST:PORT SERVER_KEY.pem PHOTO_ID [TRANSPORT]
//
// TRANSPORT is abridged, intermediate (default), padded, full or obfuscated.
// Against Telegram itself the call needs a logged-in key (this example does
// not log in); against the in-repo test server (tests/net/test_server_main.cpp)
// photo 1 exists, photo 2 does not, and photo 3 is asked for too often.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/net/client.hpp"

namespace {

tlcpp::net::transport_kind transport_named(const std::string& name) {
  using tlcpp::net::transport_kind;
  if (name == "abridged") return transport_kind::abridged;
  if (name == "padded") return transport_kind::padded_intermediate;
  if (name == "full") return transport_kind::full;
  if (name == "obfuscated") return transport_kind::obfuscated2;
  return transport_kind::intermediate;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s HOST:PORT SERVER_KEY.pem PHOTO_ID [TRANSPORT]\n", argv[0]);
    return 2;
  }
  const std::string server = argv[1];
  const auto colon = server.rfind(':');
  std::ifstream pem_file(argv[2], std::ios::binary);
  auto key = tlcpp::net::rsa_public_key::from_pem(std::string(std::istreambuf_iterator<char>(pem_file), {}));
  if (colon == std::string::npos || !key) {
    std::fprintf(stderr, "need HOST:PORT and a PEM public key\n");
    return 2;
  }

  tlcpp::net::client_config config;
  config.host = server.substr(0, colon);
  config.port = static_cast<std::uint16_t>(std::stoi(server.substr(colon + 1)));
  config.transport = transport_named(argc > 4 ? argv[4] : "intermediate");
  config.keys.emplace().add(std::move(*key));
  config.init.api_id = 1;  // yours, from my.telegram.org
  config.init.device_model = "tlcpp example";
  tlcpp::net::client client(config);

  using namespace tlcpp::api;
  try {
    photos::Photo answer = client.call(photos::updateProfilePhoto{
        .id = inputPhoto{.id = std::atoll(argv[3]), .access_hash = -4156887774564, .file_reference = "ref"},
    });
    const auto* photo = answer.photo.get_if<tlcpp::api::photo>();
    std::printf("new profile photo %lld with %zu sizes\n", photo ? static_cast<long long>(photo->id) : 0LL,
                photo ? photo->sizes.size() : 0);
  } catch (const tlcpp::errors::photo_id_invalid& e) {
    std::printf("photo_id_invalid (%d %s): ask the user for another photo\n", e.code(), e.message().c_str());
  } catch (const tlcpp::errors::flood_wait& e) {
    std::printf("flood_wait: retry in %d s\n", e.seconds());
  } catch (const tlcpp::net::client_error& e) {
    std::printf("no answer: %s\n", e.what());
    return 1;
  }
  return 0;
}
