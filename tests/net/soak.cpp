// tlcpp_soak: many tlcpp::net::client, one thread each, making calls
// through `tlcpp serve` (which drops lines and rotates salts when told) and
// checking every answer against its request. Reports calls/s, latency,
// reconnects and resends, and the calls lost, wrong or answered twice, and
// whether client and server memory stayed flat; exits 1 when a call was
// lost, wrong or duplicated, or memory grew.
//
//   tlcpp_soak HOST:PORT SERVER_KEY.pem SERVER_PID [CLIENTS [CALLS]]
//
// The calls: ping (its pong echoes the ping_id, unique per call), and every
// tenth photos.updateProfilePhoto of photo 2, which the answers file must
// make PHOTO_ID_INVALID (tests/net/soak_test.sh writes it). Bounded: each
// call has its timeout; the clients are joined at the end.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"
#include "tlcpp/mtproto/ping.hpp"
#include "tlcpp/net/client.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// Resident memory in KiB of `pid` (0: this process), from /proc.
long rss_kib(long pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/status") : "/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      in >> kib;
      return kib;
    }
    in.ignore(1 << 20, '\n');
  }
  return -1;
}

struct totals {
  std::atomic<long> ok{0}, lost{0}, wrong{0}, duplicated{0}, done{0};
  std::atomic<std::size_t> reconnects{0}, resends{0};
  std::mutex mutex;
  std::vector<double> latencies_us;
  std::vector<std::string> first_failures;
  void failure(std::string what) {
    std::lock_guard lock(mutex);
    if (first_failures.size() < 5) first_failures.push_back(std::move(what));
  }
};

void run_client(int index, int calls, tlcpp::net::client_config config, totals& t) {
  tlcpp::net::client c(std::move(config));
  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(calls));
  std::int64_t last_answered = -1;
  for (int i = 0; i < calls; ++i) {
    const std::int64_t id = (static_cast<std::int64_t>(index) << 32) | i;
    const auto start = clock_type::now();
    try {
      if (i % 10 == 9) {
        try {
          (void)c.call(tlcpp::api::photos::updateProfilePhoto{
              .id = tlcpp::api::inputPhoto{.id = 2, .access_hash = 77, .file_reference = "ref"}});
          ++t.wrong;
          t.failure("photo 2 answered with a photo");
        } catch (const tlcpp::errors::photo_id_invalid&) {
          ++t.ok;
        }
      } else {
        const tlcpp::mtproto::Pong p = c.call(tlcpp::mtproto::ping{id});
        if (p.ping_id == id) {
          ++t.ok;
          last_answered = id;
        } else if (p.ping_id <= last_answered) {
          ++t.duplicated;  // an earlier call's answer, delivered again
          t.failure("call " + std::to_string(id) + " got the answer of " + std::to_string(p.ping_id));
        } else {
          ++t.wrong;
          t.failure("call " + std::to_string(id) + " got ping_id " + std::to_string(p.ping_id));
        }
      }
    } catch (const std::exception& e) {
      ++t.lost;
      t.failure("client " + std::to_string(index) + " call " + std::to_string(i) + ": " + e.what());
    }
    lat.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
    ++t.done;
  }
  t.reconnects += c.reconnects();
  t.resends += c.resends();
  c.close();
  std::lock_guard lock(t.mutex);
  t.latencies_us.insert(t.latencies_us.end(), lat.begin(), lat.end());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: tlcpp_soak HOST:PORT SERVER_KEY.pem SERVER_PID [CLIENTS [CALLS]]\n";
    return 2;
  }
  const std::string server = argv[1];
  const auto colon = server.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "tlcpp_soak: expected HOST:PORT\n";
    return 2;
  }
  std::ifstream pem_in(argv[2], std::ios::binary);
  auto key = tlcpp::net::rsa_public_key::from_pem(std::string(std::istreambuf_iterator<char>(pem_in), {}));
  if (!key) {
    std::cerr << "tlcpp_soak: " << argv[2] << ": " << key.error().message << "\n";
    return 2;
  }
  const long server_pid = std::stol(argv[3]);
  const int clients = argc > 4 ? std::stoi(argv[4]) : 50;
  const int calls = argc > 5 ? std::stoi(argv[5]) : 2000;

  tlcpp::net::client_config base;
  base.host = server.substr(0, colon);
  base.port = static_cast<std::uint16_t>(std::stoi(server.substr(colon + 1)));
  tlcpp::net::rsa_key_set keys;
  keys.add(*key);
  base.keys = std::move(keys);
  base.init.api_id = 1;
  base.init.device_model = "tlcpp_soak";
  base.timeout = std::chrono::seconds(30);
  base.reconnect.attempts = 10;
  base.reconnect.first_delay = std::chrono::milliseconds(20);

  totals t;
  const long total = static_cast<long>(clients) * calls;
  long client_rss_early = -1, server_rss_early = -1;
  const auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    tlcpp::net::client_config c = base;
    // Every transport, in turn.
    static constexpr tlcpp::net::transport_kind kinds[] = {
        tlcpp::net::transport_kind::abridged, tlcpp::net::transport_kind::intermediate,
        tlcpp::net::transport_kind::padded_intermediate, tlcpp::net::transport_kind::full,
        tlcpp::net::transport_kind::obfuscated2};
    c.transport = kinds[i % 5];
    threads.emplace_back(run_client, i, calls, std::move(c), std::ref(t));
  }
  // Memory after the first tenth of the calls, to compare with the end.
  while (t.done < total / 10 && t.done + t.lost < total) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  client_rss_early = rss_kib(0);
  server_rss_early = rss_kib(server_pid);
  for (std::thread& th : threads) th.join();
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  const long client_rss_end = rss_kib(0), server_rss_end = rss_kib(server_pid);

  std::sort(t.latencies_us.begin(), t.latencies_us.end());
  const auto pct = [&](double p) {
    if (t.latencies_us.empty()) return 0.0;
    return t.latencies_us[std::min(t.latencies_us.size() - 1, static_cast<std::size_t>(p * t.latencies_us.size()))];
  };
  const auto flat = [](long early, long end) { return early > 0 && end > 0 && end <= early + early / 10; };
  std::printf("clients %d, calls %ld in %.1f s: %.0f calls/s\n", clients, total, seconds, total / seconds);
  std::printf("latency p50 %.0f us, p99 %.0f us\n", pct(0.50), pct(0.99));
  std::printf("reconnects %zu, resends %zu\n", t.reconnects.load(), t.resends.load());
  std::printf("ok %ld, lost %ld, wrong %ld, duplicated %ld\n", t.ok.load(), t.lost.load(), t.wrong.load(),
              t.duplicated.load());
  std::printf("client RSS %ld -> %ld KiB (%s), server RSS %ld -> %ld KiB (%s)\n", client_rss_early, client_rss_end,
              flat(client_rss_early, client_rss_end) ? "flat" : "GREW", server_rss_early, server_rss_end,
              flat(server_rss_early, server_rss_end) ? "flat" : "GREW");
  for (const std::string& f : t.first_failures) std::printf("  %s\n", f.c_str());
  const bool good = t.lost == 0 && t.wrong == 0 && t.duplicated == 0 && t.ok == total &&
                    flat(client_rss_early, client_rss_end) && flat(server_rss_early, server_rss_end);
  return good ? 0 : 1;
}
