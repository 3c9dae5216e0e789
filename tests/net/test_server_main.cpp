// The loopback server as a program, for tests of `tlcpp call`
// (tests/net/call_test.sh): writes its public key to the file given as its
// argument, prints "listening on 127.0.0.1:PORT", serves the photo script
// (support/photo_script.hpp) until its standard input ends, then prints
// "handshakes: N" and "connections: N" and exits. A server key given as a
// second argument (PEM) is used instead of a fresh one.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "net/support/loopback_server.hpp"
#include "net/support/photo_script.hpp"
#include "tlcpp/net/rsa_private_key.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tlcpp_test_server PUBLIC_KEY_OUT [PRIVATE_KEY_PEM]\n";
    return 2;
  }
  auto key = tlcpp::net::rsa_private_key::generate();
  if (argc > 2) {
    std::ifstream in(argv[2], std::ios::binary);
    key = tlcpp::net::rsa_private_key::from_pem(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  if (!key) {
    std::cerr << "tlcpp_test_server: " << key.error().message << "\n";
    return 1;
  }
  auto pem = key->public_key().to_pem();
  if (!pem) {
    std::cerr << "tlcpp_test_server: " << pem.error().message << "\n";
    return 1;
  }
  std::ofstream(argv[1], std::ios::binary) << *pem;
  tlcpp::test::loopback_server server(*key, tlcpp::test::photo_script);
  std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  std::cout << "handshakes: " << server.handshakes() << "\nconnections: " << server.connections() << std::endl;
  for (const std::string& p : server.problems()) std::cout << "problem: " << p << "\n";
  return 0;
}
