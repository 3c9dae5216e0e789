// tlcpp::rpc_error and what the generated error classes build on.
//
// A server answers a failed call with rpc_error#2144ca19 error_code:int
// error_message:string. tlcpp turns the pair into an exception whose type says
// which error it is (generated in tlcpp/api/errors.hpp, one class per error the
// data knows), derived from the class of its code (errors::bad_request for
// 400, ...) and, for the two shapes clients branch on, from a family:
//
//   errors::wait_error     any "<NAME>_WAIT_<n>"    seconds(): how long to wait
//   errors::migrate_error  any "<NAME>_MIGRATE_<n>" dc(): the data centre to use
//
// Families are matched by the shape of the message, not by the list, so a
// FOO_WAIT_5 that Telegram adds tomorrow is still a wait_error. A family is a
// second base (a mix-in): catch (const errors::wait_error& e) gives
// e.seconds(), and e.error() the rpc_error itself (code, message, what).
// Every thrown error derives from rpc_error along one path, without virtual
// inheritance: 786 classes with virtual bases cost a translation unit that
// throws them twice the compile time.
//
// Numbers in messages are validated before a message is taken as an error
// with a number: one to ten ASCII digits, no sign, no leading zero (except
// "0" itself), at most 2^31 - 1. A data-centre id must lie in
// [errors::min_dc, errors::max_dc]; a wait is clamped by seconds() to
// [0, errors::max_wait_seconds] (value() keeps the number as sent). A message
// whose number fails is not that error: FILE_MIGRATE_0 falls back to the
// class of its code (see_other), with code and message kept as sent.
//
// classify() says which error a (code, message) pair is without throwing or
// allocating; throw_rpc_error() throws it (both in tlcpp/api/errors.hpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

// The throwers of the 786 classes are cold: optimized for size, never
// inlined (it also saves about a sixth of the compile time of a unit that
// throws).
#if defined(__GNUC__)
#define TLCPP_RPC_ERROR_COLD [[gnu::cold, gnu::noinline]]
#else
#define TLCPP_RPC_ERROR_COLD
#endif

namespace tlcpp {

namespace errors {
/// One enumerator per known error, named like its class; error_id{} (0) is
/// "not a known error". Defined in tlcpp/api/errors.hpp.
enum class error_id : std::uint16_t;

/// Plausible data-centre ids in *_MIGRATE_\<n\> (and other dc numbers).
/// Telegram's production DCs are 1 to 5 and its CDN DCs are in the 200s; 0,
/// and ids in the thousands or beyond, are not DCs a client can connect to.
inline constexpr std::int32_t min_dc = 1;
inline constexpr std::int32_t max_dc = 1000;

/// seconds() of a wait is at most this: 7 days, the longest wait Telegram
/// documents (the 2FA reset, 2FA_CONFIRM_WAIT_604800). A larger number is
/// accepted but clamped, so a client never sleeps for years on one message.
inline constexpr std::int32_t max_wait_seconds = 7 * 24 * 3600;
}  // namespace errors

/// Families of errors matched by the shape of the message.
enum class error_family : std::uint8_t {
  none,
  wait,     ///< \<NAME\>_WAIT_\<seconds\>
  migrate,  ///< \<NAME\>_MIGRATE_\<dc\>
};

/// What the number in a parameterized error means, which decides how it is
/// validated.
enum class error_param : std::uint8_t {
  none,     ///< no number
  number,   ///< any valid number
  seconds,  ///< a duration: clamped by seconds()
  dc,       ///< a data-centre id: must be plausible
};

/// One known error, as the data records it.
struct error_info {
  std::string_view name;                     ///< "PHOTO_ID_INVALID", "FLOOD_WAIT_%d"; empty for "not known"
  std::int32_t code = 0;                     ///< the code the data records for it
  error_family family = error_family::none;  ///< wait or migrate, when its shape says so
  error_param param = error_param::none;     ///< what its number means, if it has one
};

/// Every error the server sends; the generated classes (tlcpp/api/errors.hpp)
/// derive from it.
class rpc_error : public std::runtime_error {
 public:
  /// The error as sent: its code and message ("FLOOD_WAIT_30").
  rpc_error(std::int32_t code, std::string message)
      : std::runtime_error("tlcpp: rpc error " + std::to_string(code) + " " + message),
        code_(code),
        message_(std::move(message)) {}

  /// The error code as sent (400, 420, -503, ...).
  [[nodiscard]] std::int32_t code() const noexcept { return code_; }
  /// The error message as sent ("FLOOD_WAIT_30"), unchanged.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::int32_t code_ = 0;
  std::string message_;
};

namespace errors {

/// Any \<NAME\>_WAIT_\<n\> error: FLOOD_WAIT, FLOOD_PREMIUM_WAIT, SLOWMODE_WAIT,
/// 2FA_CONFIRM_WAIT, ... and ones the data does not list yet, whatever the
/// code. A mix-in: the thrown object is also an rpc_error (error()).
class wait_error {
 public:
  /// For classification::is<wait_error>().
  static constexpr error_family family = error_family::wait;
  /// How long to wait, in [0, max_wait_seconds].
  [[nodiscard]] std::int32_t seconds() const noexcept { return std::min(value_, max_wait_seconds); }
  /// The number as sent.
  [[nodiscard]] std::int32_t value() const noexcept { return value_; }
  /// The error itself: code(), message(), what().
  [[nodiscard]] virtual const rpc_error& error() const noexcept = 0;

 protected:
  /// Only the generated error classes derive from it; seconds is the number as sent.
  explicit wait_error(std::int32_t seconds) noexcept : value_(seconds) {}
  /// @cond TLCPP_SPECIALIZATIONS
  wait_error(const wait_error&) = default;
  wait_error& operator=(const wait_error&) = default;
  ~wait_error() = default;
  /// @endcond

 private:
  std::int32_t value_;
};

/// Any \<NAME\>_MIGRATE_\<n\> error (FILE_, NETWORK_, PHONE_, STATS_, USER_
/// MIGRATE, ...), whatever its code (not always 303). A mix-in like wait_error.
class migrate_error {
 public:
  /// For classification::is<migrate_error>().
  static constexpr error_family family = error_family::migrate;
  /// The data centre to repeat the call on, in [min_dc, max_dc].
  [[nodiscard]] std::int32_t dc() const noexcept { return value_; }
  /// The same number (every parameterized error has value()).
  [[nodiscard]] std::int32_t value() const noexcept { return value_; }
  /// The error itself: code(), message(), what().
  [[nodiscard]] virtual const rpc_error& error() const noexcept = 0;

 protected:
  /// Only the generated error classes derive from it; dc is the data centre as sent.
  explicit migrate_error(std::int32_t dc) noexcept : value_(dc) {}
  /// @cond TLCPP_SPECIALIZATIONS
  migrate_error(const migrate_error&) = default;
  migrate_error& operator=(const migrate_error&) = default;
  ~migrate_error() = default;
  /// @endcond

 private:
  std::int32_t value_;
};

}  // namespace errors

/// Which error a (code, message) pair is: what throw_rpc_error() would throw,
/// as plain data (for code built without exceptions, and for logging).
struct classification {
  errors::error_id id{};                     ///< the known error, or error_id{} when none matches
  std::int32_t code = 0;                     ///< as sent
  std::int32_t class_code = 0;               ///< the code whose class it belongs to; 0 for plain rpc_error
  error_family family = error_family::none;  ///< the family its shape matched, if any
  bool has_value = false;                    ///< a number was extracted (and validated)
  std::int32_t value = 0;                    ///< that number, as sent

  /// True when the message is one of the errors the data lists.
  [[nodiscard]] constexpr bool known() const noexcept { return id != errors::error_id{}; }

  /// True when the exception throw_rpc_error() throws for this pair could be
  /// caught as E: rpc_error, a code class (errors::bad_request), a family
  /// (errors::wait_error) or a known error (errors::photo_id_invalid).
  template <class E>
  [[nodiscard]] constexpr bool is() const noexcept {
    if constexpr (std::is_same_v<E, rpc_error>) {
      return true;
    } else if constexpr (requires { E::id; }) {
      return id == E::id;
    } else if constexpr (requires { E::family; }) {
      return family == E::family;
    } else if constexpr (requires { E::class_code; }) {
      return class_code == E::class_code;
    } else {
      static_assert(std::is_same_v<E, void>, "is<E>() takes an error class from tlcpp/api/errors.hpp");
      return false;
    }
  }
};

/// An rpc_error answer kept as data (the non-throwing API returns these).
struct rpc_failure {
  std::int32_t code = 0;  ///< as sent
  std::string message;    ///< as sent
  classification kind;    ///< which error it is

  /// True when throw_rpc_error() would throw something caught as E.
  template <class E>
  [[nodiscard]] bool is() const noexcept {
    return kind.template is<E>();
  }
};

namespace detail {

/// 64-bit hash of an error message for the generated perfect hash table.
/// tlcpp-gen computes the same function (it includes this header), so the
/// table and the lookup cannot disagree.
inline constexpr std::uint64_t error_mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

inline std::uint64_t error_hash(std::string_view s) noexcept {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (s.size() * 0xbf58476d1ce4e5b9ULL);
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
  }
  if (const std::size_t rest = s.size() - i; rest != 0) {
    // The last 1 to 7 bytes, zero-extended (as a little-endian load of them
    // would be). With 8 or more bytes in all, one load of the last 8 and a
    // shift: no variable-length copy on the hot path.
    std::uint64_t w = 0;
    if (s.size() >= 8) {
      std::memcpy(&w, s.data() + s.size() - 8, 8);
      w >>= 8 * (8 - rest);
    } else {
      for (std::size_t j = 0; j < rest; ++j) w |= std::uint64_t{static_cast<unsigned char>(s[i + j])} << (8 * j);
    }
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
  }
  return error_mix(h);
}

/// Bucket and slot of a hash in the table (CHD-style: a displacement per
/// bucket picks a collision-free slot for every key of the bucket).
inline constexpr std::size_t error_bucket(std::uint64_t h, std::size_t buckets) noexcept {
  return static_cast<std::size_t>((h >> 32) & (buckets - 1));  // buckets: a power of two
}
inline constexpr std::size_t error_slot(std::uint64_t h, std::uint32_t displacement, std::size_t slots) noexcept {
  return static_cast<std::size_t>(error_mix(h + displacement * 0x9e3779b97f4a7c15ULL) & (slots - 1));
}

/// The generated tables of tlcpp/api/errors.hpp.
struct error_tables {
  std::span<const error_info> entries;           ///< [0] is "not known"; index = error_id
  std::span<const std::uint16_t> slots;          ///< power of two; 0 = empty, else index into entries
  std::span<const std::uint32_t> displacements;  ///< one per bucket; a power of two
  std::span<const std::int32_t> class_codes;     ///< codes that have a class, ascending
  std::size_t max_name = 0;                      ///< longest name in entries
};

/// Index into t.entries of the error named exactly `s`, or 0.
inline std::size_t find_error(const error_tables& t, std::string_view s) noexcept {
  if (s.size() > t.max_name) return 0;
  const std::uint64_t h = error_hash(s);
  const std::uint32_t d = t.displacements[error_bucket(h, t.displacements.size())];
  const std::uint16_t i = t.slots[error_slot(h, d, t.slots.size())];
  return i != 0 && t.entries[i].name == s ? i : 0;
}

inline constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// A validated number: 1 to 10 digits, no leading zero unless it is "0",
/// at most 2^31 - 1; -1 otherwise.
inline constexpr std::int64_t parse_error_number(std::string_view digits) noexcept {
  if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) return -1;
  std::int64_t v = 0;
  for (char c : digits) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v <= 0x7fffffff ? v : -1;
}

inline constexpr bool plausible_dc(std::int64_t v) noexcept { return v >= errors::min_dc && v <= errors::max_dc; }

inline constexpr bool valid_param(error_param p, std::int64_t v) noexcept {
  return v >= 0 && (p != error_param::dc || plausible_dc(v));
}

/// "\<NAME\><suffix>\<n\>" with NAME non-empty upper case, digits and
/// underscores, and n a valid number: n, else -1.
inline constexpr std::int64_t family_number(std::string_view s, std::string_view suffix) noexcept {
  std::size_t end = s.size();
  while (end > 0 && is_digit(s[end - 1])) --end;
  if (end == s.size() || end <= suffix.size() || s.substr(end - suffix.size(), suffix.size()) != suffix) return -1;
  for (char c : s.substr(0, end - suffix.size())) {
    if (!((c >= 'A' && c <= 'Z') || is_digit(c) || c == '_')) return -1;
  }
  return parse_error_number(s.substr(end));
}

inline classification classify_in(const error_tables& t, std::int32_t code, std::string_view message) noexcept {
  classification c;
  c.code = code;
  // A known name with a number is never matched literally ("FLOOD_WAIT_%d").
  std::size_t found = find_error(t, message);
  if (found != 0 && t.entries[found].param != error_param::none) found = 0;
  std::int64_t number = -1;
  if (found == 0 && message.size() <= t.max_name + 8) {
    // A parameterized error: replace each run of digits by "%d" in turn and
    // look the result up (FLOOD_WAIT_30 -> FLOOD_WAIT_%d). No allocation: the
    // key is built on the stack, and is never longer than max_name.
    char key[256];
    for (std::size_t i = 0; i < message.size() && found == 0;) {
      if (!is_digit(message[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < message.size() && is_digit(message[j])) ++j;
      const std::size_t len = message.size() - (j - i) + 2;
      if (len <= t.max_name && len <= sizeof key) {
        std::memcpy(key, message.data(), i);
        key[i] = '%';
        key[i + 1] = 'd';
        std::memcpy(key + i + 2, message.data() + j, message.size() - j);
        if (const std::size_t k = find_error(t, std::string_view(key, len))) {
          const std::int64_t v = parse_error_number(message.substr(i, j - i));
          if (valid_param(t.entries[k].param, v)) {
            found = k;
            number = v;
          }
        }
      }
      i = j;
    }
  }
  if (found != 0) {
    const error_info& e = t.entries[found];
    c.id = static_cast<errors::error_id>(found);
    c.class_code = e.code;
    c.family = e.family;
    c.has_value = number >= 0;
    c.value = static_cast<std::int32_t>(number >= 0 ? number : 0);
    return c;
  }
  if (std::binary_search(t.class_codes.begin(), t.class_codes.end(), code)) c.class_code = code;
  if (const std::int64_t v = family_number(message, "_WAIT_"); v >= 0) {
    c.family = error_family::wait;
    number = v;
  } else if (const std::int64_t m = family_number(message, "_MIGRATE_"); plausible_dc(m)) {
    c.family = error_family::migrate;
    number = m;
  }
  c.has_value = number >= 0;
  c.value = static_cast<std::int32_t>(number >= 0 ? number : 0);
  return c;
}

}  // namespace detail

}  // namespace tlcpp
