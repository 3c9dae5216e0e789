// The three walkers over a struct's field descriptions: read, size, write.
// Each is an entry point per struct (entry_points.hpp); the work for one
// field is inlined into it, and a field holding another struct calls that
// struct's entry point (or inlines a small one outside compiled mode).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tlcpp/core/detail/field_traits.hpp"
#include "tlcpp/core/detail/wire_traits.hpp"
#include "tlcpp/core/one_of.hpp"

namespace tlcpp::detail {

template <class F>
concept true_field = field_traits<F>::kind == field_kind::true_flag;

// ---------------------------------------------------------------------------
// Sizes known at compile time (a `#` word is an int, a `true` flag is no
// bytes: see field_traits and wire_traits<wire::true_>).

template <class T>
constexpr std::size_t min_fields_size() {
  return []<class... Fs>(type_list<Fs...>) {
    return (std::size_t{0} + ... + [] {
      using FT = field_traits<Fs>;
      if constexpr (FT::kind == field_kind::optional || FT::kind == field_kind::true_flag) {
        return std::size_t{0};
      } else if constexpr (FT::kind == field_kind::flags) {
        return std::size_t{4};
      } else if constexpr (is_box<std::remove_cvref_t<decltype(std::declval<T&>().*(Fs::member))>>::value) {
        return std::size_t{4};  // a recursive field: its id only, so that this stays finite
      } else {
        return wire_traits<typename FT::wire>::min();
      }
    }());
  }(typename meta<T>::fields{});
}

// Bytes field F of x takes if its size is fixed (an optional one only when
// present), else 0 (a string, vector or constructor checks its own room).
template <class T, class F>
TLCPP_ALWAYS_INLINE std::size_t fixed_field_size([[maybe_unused]] const T& x) noexcept {
  constexpr std::size_t n = wire_traits<typename field_traits<F>::wire>::fixed;
  if constexpr (field_traits<F>::kind == field_kind::optional && n != 0) return present<F>(x) ? n : 0;
  return n;
}
template <class F>
constexpr bool variable_size() {
  using W = wire_traits<typename field_traits<F>::wire>;
  return W::fixed == 0 && W::min() != 0;
}
template <class F>
constexpr bool may_fail() {
  return wire_traits<typename field_traits<F>::wire>::may_fail;
}

// Fields are written in runs: the fixed-size fields between two of variable
// size, whose room is checked once, at the run's first field. run_ends<T>[i]
// is the index of the first variable-size field at or after field i.
template <class T>
inline constexpr auto run_ends = []<class... Fs>(type_list<Fs...>) {
  constexpr std::array<bool, sizeof...(Fs) + 1> variable{variable_size<Fs>()..., true};
  std::array<std::size_t, sizeof...(Fs) + 1> ends{};
  for (std::size_t i = sizeof...(Fs) + 1; i-- > 0;) ends[i] = variable[i] ? i : ends[i + 1];
  return ends;
}(typename meta<T>::fields{});

template <class T, std::size_t I, class... Fs, std::size_t... J>
TLCPP_ALWAYS_INLINE std::size_t run_size([[maybe_unused]] const T& x, type_list<Fs...>, std::index_sequence<J...>) {
  return (std::size_t{0} + ... + (J >= I && J < run_ends<T>[I] ? fixed_field_size<T, Fs>(x) : 0));
}
template <class T, std::size_t I>
TLCPP_ALWAYS_INLINE std::size_t run_size(const T& x) {
  return run_size<T, I>(x, typename meta<T>::fields{}, std::make_index_sequence<run_ends<T>.size() - 1>{});
}

// ---------------------------------------------------------------------------
// Flags words. Fields that share a flag bit must agree, or no word can be
// right: flag_conflict gives the lowest bit on which they disagree, or -1
// (only those fields are looked at: user has 2 pairs among 45 fields).

template <class T>
TLCPP_ALWAYS_INLINE int flag_conflict([[maybe_unused]] const T& x) noexcept {
  if constexpr (shares_flag_bits<T>) {
    flags_words<T> set{}, clear{};
    [&]<class... Fs>(type_list<Fs...>) {
      (
          [&] {
            using FT = field_traits<Fs>;
            if constexpr (FT::kind != field_kind::flags && (shared_bits<T, FT::word> & FT::bit) != 0) {
              (present<Fs>(x) ? set : clear)[FT::word] |= FT::bit;
            }
          }(),
          ...);
    }(typename meta<T>::fields{});
    for (std::size_t k = 0; k < flags_count<T>; ++k) {
      if (const std::uint32_t both = set[k] & clear[k]) return std::countr_zero(both);
    }
  }
  return -1;
}

// The writer sets the bit of a field with a value as it writes the field and
// stores each word when the fields are done. The bits of the `flags.N?true`
// bools come first: the generator declares them first, in schema order, so
// they are adjacent bytes and eight are read at once, their bits gathered
// with one multiply (user has 27 of them); a struct laid out otherwise has
// its bools read one at a time.
template <class T>
struct true_flag {
  bool T::*member;
  unsigned word, bit;
};
template <class T>
inline constexpr auto true_flags = []<class... Fs>(type_list<Fs...>) {
  std::array<true_flag<T>, (std::size_t{0} + ... + (true_field<Fs> ? 1 : 0))> out{};
  [[maybe_unused]] std::size_t i = 0;
  (
      [&] {
        if constexpr (true_field<Fs>) {
          out[i++] = {Fs::member, field_traits<Fs>::word,
                      static_cast<unsigned>(std::countr_zero(field_traits<Fs>::bit))};
        }
      }(),
      ...);
  return out;
}(typename meta<T>::fields{});

template <class T>
TLCPP_ALWAYS_INLINE std::ptrdiff_t offset_of(const T& x, bool T::*m) noexcept {
  return reinterpret_cast<const std::byte*>(&(x.*m)) - reinterpret_cast<const std::byte*>(&x);
}
// Whether the bools follow each other in memory: constants once inlined.
template <class T, std::size_t... I>
TLCPP_ALWAYS_INLINE bool true_flags_adjacent(const T& x, std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  return ((offset_of(x, tf[I + 1].member) == offset_of(x, tf[I].member) + 1) && ...);
}
// Runs of flags that go to consecutive bits of one word, within a group of
// eight: where the run of flag i ends, and whether one starts at i.
template <class T>
constexpr std::size_t true_run_end(std::size_t i) {
  constexpr auto& tf = true_flags<T>;
  std::size_t j = i + 1;
  while (j < tf.size() && j % 8 != 0 && tf[j].word == tf[i].word && tf[j].bit == tf[j - 1].bit + 1) ++j;
  return j;
}
template <class T>
constexpr bool true_run_starts(std::size_t i) {
  return i % 8 == 0 || true_run_end<T>(i - 1) == i;
}
// Bools G*8 .. G*8+7 of x into their words.
template <class T, std::size_t G, std::size_t... I>
TLCPP_ALWAYS_INLINE void add_true_group(const T& x, flags_words<T>& w, std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  constexpr std::size_t first = G * 8;
  std::uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const std::byte*>(&x) + offset_of(x, tf[first].member), 8);
  // Byte i holds 0 or 1; the multiply moves bit 8i to bit 56 + i, with no
  // carries between the terms.
  const std::uint64_t bits = ((v & 0x0101010101010101u) * 0x0102040810204080u) >> 56;
  (
      [&] {
        if constexpr (true_run_starts<T>(first + I)) {
          constexpr std::size_t len = true_run_end<T>(first + I) - (first + I);
          constexpr std::uint64_t mask = ((std::uint64_t{1} << len) - 1) << I;
          constexpr unsigned to = tf[first + I].bit;
          const std::uint64_t run = bits & mask;
          w[tf[first + I].word] |= static_cast<std::uint32_t>(to >= I ? run << (to - I) : run >> (I - to));
        }
      }(),
      ...);
}
// One bool at a time: the tail after the last full group (a load of fewer
// than eight bytes costs more than it saves), or all of them.
template <class T, std::size_t... I>
TLCPP_ALWAYS_INLINE void add_true_each(const T& x, flags_words<T>& w, std::size_t first,
                                       std::index_sequence<I...>) noexcept {
  constexpr auto& tf = true_flags<T>;
  ((w[tf[first + I].word] |= static_cast<std::uint32_t>(x.*(tf[first + I].member)) << tf[first + I].bit), ...);
}
template <class T, std::size_t... G>
TLCPP_ALWAYS_INLINE flags_words<T> bool_flags(const T& x, std::index_sequence<G...>) noexcept {
  constexpr std::size_t n = true_flags<T>.size();
  flags_words<T> w{};
  if constexpr (n >= 8) {
    if (true_flags_adjacent(x, std::make_index_sequence<n - 1>{})) {
      (add_true_group<T, G>(x, w, std::make_index_sequence<8>{}), ...);
      add_true_each(x, w, n / 8 * 8, std::make_index_sequence<n % 8>{});
      return w;
    }
  }
  add_true_each(x, w, 0, std::make_index_sequence<n>{});
  return w;
}

// ---------------------------------------------------------------------------
// Read: bounds-checked through the reader; the first failure is sticky.

template <class W, class O>
TLCPP_ALWAYS_INLINE void read_optional(reader& r, O& o) {
  if constexpr (std::is_same_v<W, wire::string> || std::is_same_v<W, wire::bytes>) {
    o.emplace(r.string());  // built from the bytes in place, not built and then assigned
  } else {
    wire_traits<W>::read(r, unbox(o.emplace()));
  }
}

template <class T, class F, std::size_t N>
TLCPP_ALWAYS_INLINE void read_field(reader& r, T& x, [[maybe_unused]] std::array<std::uint32_t, N>& flags) {
  using FT = field_traits<F>;
  if constexpr (FT::kind == field_kind::flags) {
    const std::size_t at = r.offset();
    const std::uint32_t v = flags[FT::word] = r.u32();
    if (const std::uint32_t unknown = v & ~known_bits<T, FT::word>) [[unlikely]] {
      r.fail({parse_errc::unknown_flags, at, unknown, 0, meta<T>::name});
    }
  } else if constexpr (FT::kind == field_kind::true_flag) {
    x.*(F::member) = (flags[FT::word] & FT::bit) != 0;  // a store, not a branch
  } else if constexpr (FT::kind == field_kind::optional) {
    if (flags[FT::word] & FT::bit) read_optional<typename FT::wire>(r, x.*(F::member));
  } else {
    wire_traits<typename FT::wire>::read(r, *value_of<F>(x));
  }
}

template <class C>
void read_fields(reader& r, C& x) {
  if (!r.enter()) return;
  [&]<class... Fs>(type_list<Fs...>) {
    [[maybe_unused]] flags_words<C> flags{};
    (read_field<C, Fs>(r, x, flags), ...);
  }(typename meta<C>::fields{});
  r.leave();
}

template <class T, class C>
void read_alternative(reader& r, T& out) {
  read_fields(r, emplace_member_init<C>(out));
}

// Reads the fields of the constructor of T whose id is `id`; false if T has
// none: a chain of comparisons for a few constructors, else a binary search
// in a sorted table and one indirect call.
template <class T>
bool read_constructor_of(reader& r, T& out, std::uint32_t id) {
  return []<class... Cs>(reader& rd, T& o, std::uint32_t i, type_list<Cs...>) {
    if constexpr (sizeof...(Cs) <= 8) {
      return ((i == meta<Cs>::id ? (read_alternative<T, Cs>(rd, o), true) : false) || ...);
    } else {
      struct entry {
        std::uint32_t id;
        void (*read)(reader&, T&);
      };
      static constexpr auto table = [] {
        std::array<entry, sizeof...(Cs)> t{entry{meta<Cs>::id, &read_alternative<T, Cs>}...};
        std::sort(t.begin(), t.end(), [](const entry& a, const entry& b) { return a.id < b.id; });
        return t;
      }();
      const auto it = std::lower_bound(table.begin(), table.end(), i, [](const entry& e, auto v) { return e.id < v; });
      if (it == table.end() || it->id != i) return false;
      it->read(rd, o);
      return true;
    }
  }(r, out, id, typename T::alternatives{});
}

// ---------------------------------------------------------------------------
// Size: exact byte count, and every check that could make bytes wrong.
// serialized_size() is this pass alone; the write pass makes the same
// checks and asks this pass to word a refusal.

template <class T, class F>
TLCPP_ALWAYS_INLINE std::size_t field_size([[maybe_unused]] sizer& s, [[maybe_unused]] const T& x) {
  using FT = field_traits<F>;
  if constexpr (FT::kind == field_kind::flags) {
    return 4;
  } else if constexpr (FT::kind == field_kind::true_flag) {
    return 0;
  } else {
    const auto* v = value_of<F>(x);
    return v ? wire_traits<typename FT::wire>::size(s, *v, meta<T>::name) : 0;
  }
}

template <class C>
std::size_t fields_size(sizer& s, const C& x) {
  if (const int bit = flag_conflict(x); bit >= 0) {
    s.fail(serialize_errc::flag_conflict, meta<C>::name, static_cast<std::uint64_t>(bit));
  }
  return [&]<class... Fs>(type_list<Fs...>) {
    return (std::size_t{0} + ... + field_size<C, Fs>(s, x));
  }(typename meta<C>::fields{});
}

template <class T>
std::size_t constructor_size(sizer& s, const T& x) {
  return x.visit([&](const auto& c) { return fields_size(s, c); });
}

// ---------------------------------------------------------------------------
// Write: one pass into [p, end), checking room as it goes: once per run of
// fixed-size fields, once per string and vector. It refuses everything the
// size pass refuses, and running out of room is not an error it can explain:
// either way it returns nullptr and the caller asks the size pass what went
// wrong (the one place that words a failure). The position is passed by
// value and returned, never by reference: a pointer whose address escapes
// must be reloaded after every byte written (a std::byte store may alias it).

// The flags words of the constructor being written: their bits so far, and
// where each goes.
template <class T>
struct flags_state {
  flags_words<T> words;
  std::array<std::byte*, flags_count<T>> at{};
};

template <class T, class F>
TLCPP_ALWAYS_INLINE std::byte* write_field(std::byte* p, const std::byte* end, const T& x,
                                           [[maybe_unused]] flags_state<T>& flags) {
  using FT = field_traits<F>;
  if constexpr (FT::kind == field_kind::flags) {
    flags.at[FT::word] = p;  // stored when all fields are written
    return p + 4;
  } else if constexpr (FT::kind == field_kind::true_flag) {
    return p;  // its bit came with the bools
  } else {
    const auto* v = value_of<F>(x);
    if (!v) return p;
    if constexpr (FT::kind == field_kind::optional) flags.words[FT::word] |= FT::bit;
    return wire_traits<typename FT::wire>::write(p, end, *v);
  }
}

// Field F, the I-th of T, at p, after checking room for the run it starts;
// false when it did not fit or failed (only fields that can fail are tested).
template <class T, std::size_t I, class F>
TLCPP_ALWAYS_INLINE bool write_step(std::byte*& p, const std::byte* end, const T& x, flags_state<T>& flags) {
  if constexpr (I != 0 && run_ends<T>[I - 1] == I - 1 && run_ends<T>[I] != I) {
    if (!has_room(p, end, run_size<T, I>(x))) return false;
  }
  p = write_field<T, F>(p, end, x, flags);
  return !may_fail<F>() || p != nullptr;
}

template <class C, class... Fs, std::size_t... I, unsigned... K>
TLCPP_ALWAYS_INLINE std::byte* write_body(std::byte* p, const std::byte* end, const C& c, bool boxed, type_list<Fs...>,
                                          std::index_sequence<I...>, std::integer_sequence<unsigned, K...>) {
  if (flag_conflict(c) >= 0) return nullptr;
  // The bools before any byte is written: a byte store may alias them.
  [[maybe_unused]] flags_state<C> flags{bool_flags(c, std::make_index_sequence<true_flags<C>.size() / 8>{})};
  if (!has_room(p, end, (boxed ? 4 : 0) + run_size<C, 0>(c))) return nullptr;
  if (boxed) put<std::uint32_t>(p, meta<C>::id);
  if (!(write_step<C, I, Fs>(p, end, c, flags) && ...)) return nullptr;
  (std::memcpy(flags.at[K], &flags.words[K], 4), ...);
  return p;
}
template <class C>
TLCPP_ALWAYS_INLINE std::byte* write_body(std::byte* p, const std::byte* end, const C& c, bool boxed) {
  return write_body(p, end, c, boxed, typename meta<C>::fields{}, std::make_index_sequence<run_ends<C>.size() - 1>{},
                    std::make_integer_sequence<unsigned, flags_count<C>>{});
}

template <class C>
std::byte* write_fields(std::byte* p, const std::byte* end, const C& x, bool boxed) {
  return write_body(p, end, x, boxed);
}

// Constructor C (its id when boxed, then its fields): a constructor of a few
// fields is written in line (userStatusOffline), a larger one, or one the
// library compiled, through its entry point (user).
template <class C>
TLCPP_ALWAYS_INLINE std::byte* write_constructor(std::byte* p, const std::byte* end, const C& c, bool boxed) {
  if constexpr (run_ends<C>.size() <= 8 && !compiled<C>) {
    return write_body(p, end, c, boxed);
  } else {
    return write_fields(p, end, c, boxed);
  }
}

// The held constructor of x; in line outside compiled mode (the writes of
// InputPhoto's constructors join the seed request's).
template <class T>
std::byte* write_constructor_of(std::byte* p, const std::byte* end, const T& x) {
  return x.visit([&](const auto& c) { return write_constructor(p, end, c, true); });
}
template <class T>
TLCPP_ALWAYS_INLINE std::byte* write_boxed(std::byte* p, const std::byte* end, const T& x) {
  if constexpr (compiled<T>) {
    return write_constructor_of(p, end, x);
  } else {
    return x.visit([&](const auto& c) { return write_constructor(p, end, c, true); });
  }
}

}  // namespace tlcpp::detail
