// tlcpp-gen, errors part: schema/errors.tsv -> tlcpp/api/errors.hpp and
// tlcpp/api/errors_by_method.hpp.
//
// Naming rule (class names in tlcpp::errors; the enumerators of error_id are
// the same):
//   1. lower snake case: ASCII letters lowered, every other character that is
//      not a letter or digit (spaces included) becomes "_", runs of "_" are
//      squeezed and "_" at either end dropped: "Invalid msgs_ack query" ->
//      invalid_msgs_ack_query;
//   2. "%d" is dropped (FLOOD_WAIT_%d -> flood_wait, FILE_PART_%d_MISSING ->
//      file_part_missing), except when that would give the name of another
//      error: then it is written "n" (EMAIL_UNCONFIRMED_%d ->
//      email_unconfirmed_n, next to email_unconfirmed);
//   3. a leading digit is spelled out, digit by digit (2FA_CONFIRM_WAIT_%d ->
//      two_fa_confirm_wait);
//   4. a name equal to a C++ keyword, to a code class (bad_request, ...), or
//      to another name in tlcpp::errors (wait_error, migrate_error, error_id,
//      min_dc, max_dc, max_wait_seconds, rpc_error) gets a trailing "_"; so
//      does the later (in code-unit order) of two names that still coincide,
//      which is how names differing only by case would be told apart.
//      Names differing by a trailing letter stay distinct by rule 1
//      (AUTH_TOKEN_INVALID, AUTH_TOKEN_INVALID2, AUTH_TOKEN_INVALIDX).
// Code classes: the "base" record's name in snake case (400 BAD_REQUEST ->
// bad_request); a code without one is code_<n>, a negative code
// code_minus_<n> (-503 -> code_minus_503).
#include "errors.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tlcpp/protocol/rpc_error.hpp"

namespace tlgen {
namespace {

const std::set<std::string> kKeywords = {
    "alignas",     "alignof",   "and",        "and_eq",    "asm",      "auto",         "bitand",
    "bitor",       "bool",      "break",      "case",      "catch",    "char",         "char8_t",
    "char16_t",    "char32_t",  "class",      "compl",     "concept",  "const",        "consteval",
    "constexpr",   "constinit", "const_cast", "continue",  "co_await", "co_return",    "co_yield",
    "decltype",    "default",   "delete",     "do",        "double",   "dynamic_cast", "else",
    "enum",        "explicit",  "export",     "extern",    "false",    "float",        "for",
    "friend",      "goto",      "if",         "inline",    "int",      "long",         "mutable",
    "namespace",   "new",       "noexcept",   "not",       "not_eq",   "nullptr",      "operator",
    "or",          "or_eq",     "private",    "protected", "public",   "register",     "reinterpret_cast",
    "requires",    "return",    "short",      "signed",    "sizeof",   "static",       "static_assert",
    "static_cast", "struct",    "switch",     "template",  "this",     "thread_local", "throw",
    "true",        "try",       "typedef",    "typeid",    "typename", "union",        "unsigned",
    "using",       "virtual",   "void",       "volatile",  "wchar_t",  "while",        "xor",
    "xor_eq",      "linux",     "unix",       "i386"};

// Other names declared in tlcpp::errors.
const std::set<std::string> kErrorsNamespace = {"wait_error", "migrate_error", "error_id",        "min_dc",
                                                "max_dc",     "rpc_error",     "max_wait_seconds"};

// Accessor names the data's parameter names are given (the rest are used as
// they are): a migrate target is dc(), and "which" says too little.
const std::map<std::string, std::string> kAccessorRename = {{"new_dc", "dc"}, {"which", "part"}};

// Member names an accessor must not take.
const std::set<std::string> kMemberNames = {"value", "code", "message", "what", "id", "name", "family", "class_code"};

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  throw schema_error(file + ":" + std::to_string(line) + ": " + what);
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

bool parse_int(const std::string& s, std::int64_t& v) {
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, v);
  return !s.empty() && r.ec == std::errc{} && r.ptr == end;
}

std::int32_t parse_code(const std::string& s, const std::string& file, int line) {
  std::int64_t v = 0;
  if (!parse_int(s, v) || v < INT32_MIN || v > INT32_MAX) fail(file, line, "bad error code '" + s + "'");
  return static_cast<std::int32_t>(v);
}

std::size_t count_placeholders(const std::string& name) {
  std::size_t n = 0;
  for (std::size_t i = name.find("%d"); i != std::string::npos; i = name.find("%d", i + 2)) ++n;
  return n;
}

// "<NAME><suffix>%d" with NAME non-empty upper case, digits and underscores:
// the runtime's family shape (detail::family_number), on a pattern.
bool has_family_shape(const std::string& name, const std::string& suffix) {
  const std::string tail = suffix + "%d";
  if (name.size() <= tail.size() || name.compare(name.size() - tail.size(), tail.size(), tail) != 0) return false;
  for (std::size_t i = 0; i + tail.size() < name.size(); ++i) {
    const char c = name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string snake(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void resolve(error_data& d) {
  // Code classes: every base record, and every code an error has.
  std::map<std::int32_t, std::string> bases;
  for (const auto& c : d.classes) bases[c.code] = c.base_name;
  for (const auto& e : d.errors) bases.emplace(e.code, "");
  d.classes.clear();
  std::set<std::string> taken = kKeywords;
  taken.insert(kErrorsNamespace.begin(), kErrorsNamespace.end());
  for (const auto& [code, base] : bases) {
    code_class c{code, base, {}};
    c.ident = !base.empty() ? snake(base)
                            : (code < 0 ? "code_minus_" + std::to_string(-static_cast<std::int64_t>(code))
                                        : "code_" + std::to_string(code));
    if (c.ident.empty() || (c.ident[0] >= '0' && c.ident[0] <= '9')) {
      throw schema_error(d.file + ": base name '" + base + "' gives no C++ name");
    }
    if (!taken.insert(c.ident).second) throw schema_error(d.file + ": two code classes are named " + c.ident);
    d.classes.push_back(c);
  }

  // Error names (rules 1-4 at the top of this file).
  std::map<std::string, int> uses;
  for (const auto& e : d.errors) ++uses[error_base_identifier(e.name, false)];
  for (auto& e : d.errors) {
    const std::string plain = error_base_identifier(e.name, false);
    std::string id = count_placeholders(e.name) != 0 && uses[plain] > 1 ? error_base_identifier(e.name, true) : plain;
    if (id.empty()) throw schema_error(d.file + ": error '" + e.name + "' gives no C++ name");
    while (taken.count(id)) id += "_";
    taken.insert(id);
    e.ident = id;
  }

  // Families, and what the number is.
  for (auto& e : d.errors) {
    const std::size_t n = count_placeholders(e.name);
    if (n > 1) throw schema_error(d.file + ": error '" + e.name + "' has more than one number");
    if (!e.params.empty() && e.params.size() != n) {
      throw schema_error(d.file + ": error '" + e.name + "' has " + std::to_string(n) + " placeholders but " +
                         std::to_string(e.params.size()) + " parameter names");
    }
    e.family.clear();
    e.accessor.clear();
    if (n == 0) {
      e.param = "none";
      continue;
    }
    if (has_family_shape(e.name, "_WAIT_")) {
      e.family = "wait";
      e.param = "seconds";
      continue;
    }
    if (has_family_shape(e.name, "_MIGRATE_")) {
      e.family = "migrate";
      e.param = "dc";
      continue;
    }
    e.param = "number";
    if (e.params.empty()) continue;
    std::string acc = e.params[0];
    if (auto it = kAccessorRename.find(acc); it != kAccessorRename.end()) acc = it->second;
    acc = snake(acc);
    if (acc == "seconds") e.param = "seconds";
    if (acc == "dc") e.param = "dc";
    if (acc.empty() || (acc[0] >= '0' && acc[0] <= '9') || kMemberNames.count(acc) || kKeywords.count(acc)) continue;
    e.accessor = acc;
  }
}

// CHD-style minimal-probe perfect hash over the error names, with the
// runtime's own hash (tlcpp/protocol/rpc_error.hpp): slots[] (a power of two, 0 =
// empty) and one displacement per bucket.
struct perfect_hash {
  std::vector<std::uint16_t> slots;
  std::vector<std::uint32_t> displacements;
};

perfect_hash build_hash(const std::vector<error_def>& errors) {
  const std::size_t n = errors.size();
  std::size_t m = 1;
  while (m < n + n / 4 + 1) m *= 2;
  std::size_t b = 1;  // buckets: a power of two, about four names each
  while (b * 4 < n) b *= 2;
  std::vector<std::uint64_t> hashes(n);
  std::vector<std::vector<std::size_t>> buckets(b);
  for (std::size_t i = 0; i < n; ++i) {
    hashes[i] = tlcpp::detail::error_hash(errors[i].name);
    buckets[tlcpp::detail::error_bucket(hashes[i], b)].push_back(i);
  }
  std::vector<std::size_t> order(b);
  for (std::size_t i = 0; i < b; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return buckets[x].size() > buckets[y].size(); });
  perfect_hash ph;
  ph.slots.assign(m, 0);
  ph.displacements.assign(b, 0);
  for (std::size_t bi : order) {
    const auto& keys = buckets[bi];
    if (keys.empty()) continue;
    bool placed = false;
    for (std::uint32_t disp = 0; disp < (1u << 24) && !placed; ++disp) {
      std::vector<std::size_t> at;
      bool ok = true;
      for (std::size_t k : keys) {
        const std::size_t s = tlcpp::detail::error_slot(hashes[k], disp, m);
        if (ph.slots[s] != 0 || std::find(at.begin(), at.end(), s) != at.end()) {
          ok = false;
          break;
        }
        at.push_back(s);
      }
      if (!ok) continue;
      for (std::size_t j = 0; j < keys.size(); ++j) ph.slots[at[j]] = static_cast<std::uint16_t>(keys[j] + 1);
      ph.displacements[bi] = disp;
      placed = true;
    }
    if (!placed) throw schema_error("errors: no perfect hash found (bucket " + std::to_string(bi) + ")");
  }
  return ph;
}

const char* kHeader =
    "// Generated by tlcpp-gen from %s. Do not edit: change the data or the\n"
    "// generator and regenerate (see README, \"Updating the layer\").\n";

std::string header_comment(const std::string& shown) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kHeader, shown.c_str());
  return buf;
}

// The message an error class builds from its number: "FLOOD_WAIT_" + n + "".
std::pair<std::string, std::string> split_placeholder(const std::string& name) {
  const std::size_t at = name.find("%d");
  return {name.substr(0, at), name.substr(at + 2)};
}

std::string emit_errors_hpp(const error_data& d, const std::string& shown) {
  std::ostringstream o;
  std::size_t numbered = 0, listed = 0;
  for (const auto& e : d.errors) {
    numbered += e.param != "none";
    listed += e.listed;
  }
  o << header_comment(shown) << "//\n";
  for (const auto& p : d.provenance) o << "// " << p << "\n";
  o << "//\n// " << d.errors.size() << " errors (" << listed << " from the error list, " << d.errors.size() - listed
    << " named only by a method's throws), " << numbered << " with a number; " << d.classes.size() << " code classes.\n"
    << "// Classes, families and the naming rule: tlcpp/protocol/rpc_error.hpp and README.\n"
    << "#pragma once\n\n"
    << "#include <cstddef>\n#include <cstdint>\n#include <iterator>\n#include <string>\n#include <string_view>\n"
    << "#include <type_traits>\n#include <utility>\n\n"
    << "#include \"tlcpp/core/codec_error.hpp\"\n#include \"tlcpp/core/meta.hpp\"\n#include "
       "\"tlcpp/protocol/rpc_error.hpp\"\n\n"
    << "namespace tlcpp::errors {\n\n";

  o << "enum class error_id : std::uint16_t {\n";
  for (std::size_t i = 0; i < d.errors.size(); ++i) {
    o << "  " << d.errors[i].ident << " = " << i + 1 << ",  // " << d.errors[i].code << " " << d.errors[i].name << "\n";
  }
  o << "};\n\n";

  std::map<std::int32_t, std::string> class_of;
  o << "// Classes of error codes: every error sent with the code, and every known\n"
    << "// error the data records with it.\n\n";
  for (const auto& c : d.classes) {
    class_of[c.code] = c.ident;
    o << "/// " << c.code << " " << (c.base_name.empty() ? "(no name in the data)" : c.base_name) << "\n"
      << "class " << c.ident << " : public rpc_error {\n public:\n"
      << "  static constexpr std::int32_t class_code = " << c.code << ";\n"
      << "  " << c.ident << "(std::int32_t code, std::string message) : rpc_error(code, std::move(message)) {}\n"
      << "};\n\n";
  }

  o << "// Known errors.\n\n";
  for (const auto& e : d.errors) {
    const std::string& base = class_of.at(e.code);
    o << "/// " << e.code << " " << e.name << (e.listed ? "" : " (named by a method's throws)") << "\n"
      << "class " << e.ident << " : public " << base;
    if (!e.family.empty()) o << ", public " << e.family << "_error";
    o << " {\n public:\n"
      << "  static constexpr error_id id = error_id::" << e.ident << ";\n"
      << "  static constexpr std::string_view name = " << quote(e.name) << ";\n";
    if (e.param == "none") {
      o << "  " << e.ident << "() : " << e.ident << "(" << e.code << ", std::string(name)) {}\n"
        << "  " << e.ident << "(std::int32_t code, std::string message) : " << base
        << "(code, std::move(message)) {}\n";
    } else {
      const auto [pre, post] = split_placeholder(e.name);
      const std::string arg = !e.accessor.empty()
                                  ? e.accessor
                                  : (e.family == "wait" ? "seconds" : (e.family == "migrate" ? "dc" : "value"));
      o << "  explicit " << e.ident << "(std::int32_t " << arg << ")\n      : " << e.ident << "(" << e.code << ", "
        << quote(pre) << " + std::to_string(" << arg << ")" << (post.empty() ? "" : " + " + quote(post)) << ", " << arg
        << ") {}\n"
        << "  " << e.ident << "(std::int32_t code, std::string message, std::int32_t value)\n"
        << "      : " << base << "(code, std::move(message)), "
        << (e.family.empty() ? "value_(value)" : e.family + "_error(value)") << " {}\n";
      if (!e.family.empty()) {
        o << "  [[nodiscard]] const rpc_error& error() const noexcept override { return *this; }\n";
      } else {
        if (!e.accessor.empty()) {
          if (e.param == "seconds") {
            o << "  // In [0, max_wait_seconds]; value() is the number as sent.\n"
              << "  [[nodiscard]] std::int32_t " << e.accessor
              << "() const noexcept { return value_ < max_wait_seconds ? value_ : max_wait_seconds; }\n";
          } else {
            o << "  [[nodiscard]] std::int32_t " << e.accessor << "() const noexcept { return value_; }\n";
          }
        }
        o << "  [[nodiscard]] std::int32_t value() const noexcept { return value_; }\n\n"
          << " private:\n  std::int32_t value_;\n";
      }
    }
    o << "};\n\n";
  }
  o << "}  // namespace tlcpp::errors\n\n";

  // Tables.
  const perfect_hash ph = build_hash(d.errors);
  std::size_t max_name = 0;
  for (const auto& e : d.errors) max_name = std::max(max_name, e.name.size());
  o << "namespace tlcpp {\nnamespace detail {\n\n"
    << "// [0] is \"not a known error\"; the rest in error_id order.\n"
    << "inline constexpr error_info error_entries[] = {\n    {},\n";
  for (const auto& e : d.errors) {
    o << "    {" << quote(e.name) << ", " << e.code << ", error_family::" << (e.family.empty() ? "none" : e.family)
      << ", error_param::" << e.param << "},\n";
  }
  o << "};\n\n// Perfect hash of the names (detail::find_error).\n"
    << "inline constexpr std::uint16_t error_slots[" << ph.slots.size() << "] = {";
  for (std::size_t i = 0; i < ph.slots.size(); ++i) o << (i % 16 == 0 ? "\n    " : " ") << ph.slots[i] << ",";
  o << "\n};\ninline constexpr std::uint32_t error_displacements[" << ph.displacements.size() << "] = {";
  for (std::size_t i = 0; i < ph.displacements.size(); ++i) {
    o << (i % 12 == 0 ? "\n    " : " ") << ph.displacements[i] << ",";
  }
  o << "\n};\ninline constexpr std::int32_t error_class_codes[] = {";
  for (std::size_t i = 0; i < d.classes.size(); ++i) o << (i ? ", " : "") << d.classes[i].code;
  o << "};\ninline constexpr error_tables errors_table{error_entries, error_slots, error_displacements,\n"
    << "                                              error_class_codes, " << max_name << "};\n\n";

  // The throwers instantiate every error class's constructor, vtable and
  // typeinfo: in compiled mode they are compiled once, in tlcpp::compiled
  // (api/compiled/errors.cpp), and a program's files only declare them.
  o << "#if defined(TLCPP_COMPILED) && !defined(TLCPP_COMPILED_THROWERS)\n"
    << "// Compiled mode: defined once, in tlcpp::compiled (tlcpp/api/compiled/errors.cpp).\n"
    << "[[noreturn]] void throw_classified(const classification& c, std::string message);\n"
    << "#else\n"
    << "// An error of class C (rpc_error for an unknown code) in family F, for\n"
    << "// messages the list does not have (FLOOD_PREMIUM_WAIT_5 before the data knows it).\n"
    << "template <class C, class F>\n"
    << "class family_member final : public C, public F {\n public:\n"
    << "  family_member(std::int32_t code, std::string message, std::int32_t value)\n"
    << "      : C(code, std::move(message)), F(value) {}\n"
    << "  [[nodiscard]] const rpc_error& error() const noexcept override { return *this; }\n};\n\n"
    << "template <class C>\n"
    << "TLCPP_RPC_ERROR_COLD [[noreturn]] void throw_in_class(const classification& c, std::string&& message) {\n"
    << "  static_cast<void>(message);\n"
    << "  if (c.family == error_family::wait) {\n"
    << "    TLCPP_THROW((family_member<C, errors::wait_error>(c.code, std::move(message), c.value)));\n"
    << "  }\n"
    << "  if (c.family == error_family::migrate) {\n"
    << "    TLCPP_THROW((family_member<C, errors::migrate_error>(c.code, std::move(message), c.value)));\n"
    << "  }\n"
    << "  TLCPP_THROW(C(c.code, std::move(message)));\n"
    << "}\n\n"
    << "template <class E>\n"
    << "TLCPP_RPC_ERROR_COLD [[noreturn]] void throw_known(const classification& c, std::string&& message) {\n"
    << "  static_cast<void>(message);\n"
    << "  if constexpr (requires { E(c.code, std::move(message), c.value); }) {\n"
    << "    TLCPP_THROW(E(c.code, std::move(message), c.value));\n"
    << "  } else {\n"
    << "    TLCPP_THROW(E(c.code, std::move(message)));\n"
    << "  }\n}\n\n"
    << "// One thrower per known error, indexed by error_id; one per code class.\n"
    << "using rpc_thrower = void (*)(const classification&, std::string&&);\n"
    << "inline constexpr rpc_thrower known_throwers[] = {\n"
    << "    nullptr,\n";
  for (const auto& e : d.errors) o << "    &throw_known<errors::" << e.ident << ">,\n";
  o << "};\n\n"
    << "#if defined(TLCPP_COMPILED)\n"
    << "[[noreturn]] void throw_classified(const classification& c, std::string message) {\n"
    << "#else\n"
    << "[[noreturn]] inline void throw_classified(const classification& c, std::string message) {\n"
    << "#endif\n"
    << "  if (c.known()) known_throwers[static_cast<std::size_t>(c.id)](c, std::move(message));\n"
    << "  switch (c.class_code) {\n";
  for (const auto& c : d.classes) {
    o << "    case " << c.code << ":\n      throw_in_class<errors::" << c.ident << ">(c, std::move(message));\n";
  }
  o << "    default:\n      throw_in_class<rpc_error>(c, std::move(message));\n  }\n}\n"
    << "#endif  // TLCPP_COMPILED && !TLCPP_COMPILED_THROWERS\n\n"
    << "}  // namespace detail\n\n"
    << "// Which error (code, message) is; never throws or allocates.\n"
    << "inline classification classify(std::int32_t code, std::string_view message) noexcept {\n"
    << "  return detail::classify_in(detail::errors_table, code, message);\n}\n\n"
    << "// Throws the most specific class for (code, message): a known error, else the\n"
    << "// class of its code (joined with wait_error or migrate_error when the message\n"
    << "// has their shape), else plain rpc_error. Without exceptions, aborts.\n"
    << "[[noreturn]] inline void throw_rpc_error(std::int32_t code, std::string_view message) {\n"
    << "  detail::throw_classified(classify(code, message), std::string(message));\n}\n"
    << "[[noreturn]] inline void throw_rpc_error(const rpc_failure& f) {\n"
    << "  detail::throw_classified(f.kind, f.message);\n}\n\n"
    << "// The data's record of a known error (name empty for error_id{}).\n"
    << "inline const error_info& known_error(errors::error_id id) noexcept {\n"
    << "  const auto i = static_cast<std::size_t>(id);\n"
    << "  return detail::error_entries[i < std::size(detail::error_entries) ? i : 0];\n}\n\n"
    << "inline constexpr std::size_t known_error_count = " << d.errors.size() << ";\n\n"
    << "// Every known error class, in error_id order.\n"
    << "using known_errors = type_list<";
  for (std::size_t i = 0; i < d.errors.size(); ++i) {
    o << (i ? "," : "") << "\n    errors::" << d.errors[i].ident;
  }
  o << ">;\n\n}  // namespace tlcpp\n";
  return o.str();
}

std::string emit_by_method_hpp(const error_data& d, const std::vector<const schema*>& schemas,
                               const std::string& shown) {
  // Resolve keys to TL names of the loaded schemas.
  std::set<std::string> names;
  std::map<std::uint32_t, std::string> by_id;
  for (const schema* s : schemas) {
    for (const auto* list : {&s->functions, &s->constructors}) {
      for (const auto& c : *list) {
        names.insert(c.full_name());
        by_id.emplace(c.id, c.full_name());
      }
    }
  }
  auto resolve_key = [&](const std::string& key) -> std::string {
    std::int64_t v = 0;
    if (parse_int(key, v)) {
      auto it = by_id.find(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
      return it == by_id.end() ? std::string() : it->second;
    }
    return names.count(key) ? key : std::string();
  };
  std::map<std::string, std::set<std::size_t>> lists;  // method -> error indices (name order)
  std::size_t dropped = 0;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < d.errors.size(); ++i) index[d.errors[i].name] = i;
  for (const auto& [key, err] : d.method_errors) {
    const std::string m = resolve_key(key);
    if (m.empty()) {
      ++dropped;
      continue;
    }
    lists[m].insert(index.at(err));
  }
  std::map<std::string, std::string> avail;
  auto set_avail = [&](const std::string& m, const std::string& a) {
    if (names.count(m)) avail[m] = a;
  };
  for (const auto& [m, a] : d.available) set_avail(m, a == "user" ? "users" : (a == "bot" ? "bots" : "both"));
  for (const auto& m : d.user_only) set_avail(m, "users");
  for (const auto& m : d.bot_only) set_avail(m, "bots");
  std::set<std::string> methods;
  for (const auto& [m, l] : lists) methods.insert(m);
  for (const auto& [m, a] : avail) methods.insert(m);

  std::ostringstream o;
  o << header_comment(shown) << "//\n"
    << "// What the data records per method: the errors it may answer with, and\n"
    << "// who may call it. " << methods.size() << " methods and constructors; " << dropped
    << " records name ones the schemas do not have and are left out.\n"
    << "// Availability: raw-errors.json botOnly/userOnly first, then api-schema.json\n"
    << "// \"available\" (which, in this package version, says \"user\" for every method).\n"
    << "#pragma once\n\n#include <algorithm>\n#include <cstddef>\n#include <cstdint>\n#include <span>\n"
    << "#include <string_view>\n\n#include \"tlcpp/api/errors.hpp\"\n#include \"tlcpp/core/meta.hpp\"\n\n"
    << "namespace tlcpp {\n\n"
    << "enum class availability : std::uint8_t {\n"
    << "  unknown,  // the data does not say\n  users,    // user accounts only\n"
    << "  bots,     // bots only\n  both,\n};\n\n"
    << "namespace detail {\n\n"
    << "struct method_error_entry {\n  std::string_view name;\n  std::uint16_t first;\n  std::uint16_t count;\n"
    << "  availability available;\n};\n\n"
    << "inline constexpr errors::error_id method_error_ids[] = {\n";
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  std::size_t at = 0;
  for (const auto& m : methods) {
    const auto it = lists.find(m);
    const std::size_t count = it == lists.end() ? 0 : it->second.size();
    ranges.emplace_back(at, count);
    if (count == 0) continue;
    o << "    // " << m << "\n";
    std::string line = "   ";
    for (std::size_t i : it->second) {
      const std::string item = " errors::error_id::" + d.errors[i].ident + ",";
      if (line.size() + item.size() > 118) {
        o << line << "\n";
        line = "   ";
      }
      line += item;
    }
    o << line << "\n";
    at += count;
  }
  if (at > 0xffff) throw schema_error(d.file + ": too many method error records");
  if (at == 0) o << "    errors::error_id{},\n";
  o << "};\n\n// Sorted by name.\ninline constexpr method_error_entry method_error_table[] = {\n";
  std::size_t k = 0;
  for (const auto& m : methods) {
    const auto a = avail.find(m);
    o << "    {" << quote(m) << ", " << ranges[k].first << ", " << ranges[k].second
      << ", availability::" << (a == avail.end() ? "unknown" : a->second) << "},\n";
    ++k;
  }
  if (methods.empty()) o << "    {\"\", 0, 0, availability::unknown},\n";
  o << "};\n\n"
    << "constexpr const method_error_entry* find_method_errors(std::string_view name) noexcept {\n"
    << "  const auto* end = std::end(method_error_table);\n"
    << "  const auto* it = std::lower_bound(std::begin(method_error_table), end, name,\n"
    << "                                    [](const method_error_entry& e, std::string_view n) { return e.name < n; "
       "});\n"
    << "  return it != end && it->name == name ? it : nullptr;\n}\n\n"
    << "}  // namespace detail\n\n"
    << "// The errors the data records for method (or constructor) M, and who may\n"
    << "// call it: method_errors<photos::updateProfilePhoto>::errors is a span of\n"
    << "// errors::error_id in name order; documents<errors::photo_id_invalid>() is true.\n"
    << "template <class M>\n"
    << "struct method_errors {\n"
    << "  static constexpr const detail::method_error_entry* entry_ = detail::find_method_errors(meta<M>::name);\n"
    << "  static constexpr std::span<const errors::error_id> errors =\n"
    << "      entry_ ? std::span<const errors::error_id>(detail::method_error_ids + entry_->first, entry_->count)\n"
    << "             : std::span<const errors::error_id>();\n"
    << "  static constexpr availability available = entry_ ? entry_->available : availability::unknown;\n"
    << "  // False only when the data says the method is for user accounts only.\n"
    << "  static constexpr bool bots_may_call = available != availability::users;\n"
    << "  static constexpr bool users_may_call = available != availability::bots;\n\n"
    << "  static constexpr bool documents(errors::error_id id) noexcept {\n"
    << "    return std::find(errors.begin(), errors.end(), id) != errors.end();\n  }\n"
    << "  template <class E>\n  static constexpr bool documents() noexcept {\n    return documents(E::id);\n  }\n"
    << "};\n\n}  // namespace tlcpp\n";
  return o.str();
}

}  // namespace

const error_def* error_data::find(const std::string& name) const {
  auto it = std::lower_bound(errors.begin(), errors.end(), name,
                             [](const error_def& e, const std::string& n) { return e.name < n; });
  return it != errors.end() && it->name == name ? &*it : nullptr;
}

std::string error_base_identifier(const std::string& name, bool numbered) {
  std::string spaced;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 2, "%d") == 0) {
      spaced += numbered ? "_n_" : "_";
      ++i;
    } else {
      spaced += name[i];
    }
  }
  std::string s = snake(spaced);
  static const char* const kDigits[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  std::string spelled;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    spelled += std::string(spelled.empty() ? "" : "_") + kDigits[s[i] - '0'];
    ++i;
  }
  if (spelled.empty()) return s;
  if (i == s.size()) return spelled;
  return spelled + (s[i] == '_' ? "" : "_") + s.substr(i);
}

error_data parse_errors(const std::string& text, const std::string& file) {
  error_data d;
  d.file = file;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool in_provenance = true;
  std::map<std::string, std::vector<std::string>> params;
  std::map<std::string, int> param_line;
  // Codes of names only "throws" records give, with how often each code appears.
  std::map<std::string, std::map<std::int32_t, int>> thrown_codes;
  std::vector<std::pair<std::string, int>> errthrows_lines;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') fail(file, n, "CR line ending");
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line == "#") in_provenance = false;
      if (in_provenance && line.rfind("# Generated by", 0) != 0) d.provenance.push_back(line.substr(2));
      continue;
    }
    in_provenance = false;
    const auto f = split_tabs(line);
    const std::string& kind = f[0];
    auto want = [&](std::size_t count) {
      if (f.size() != count) {
        fail(file, n,
             "'" + kind + "' takes " + std::to_string(count - 1) + " fields, got " + std::to_string(f.size() - 1));
      }
      for (std::size_t i = 1; i < f.size(); ++i) {
        if (f[i].empty()) fail(file, n, "empty field " + std::to_string(i) + " in '" + kind + "'");
      }
    };
    if (kind == "error") {
      want(3);
      error_def e;
      e.code = parse_code(f[1], file, n);
      e.name = f[2];
      if (d.find(e.name) != nullptr) fail(file, n, "error '" + e.name + "' listed twice");
      d.errors.insert(std::upper_bound(d.errors.begin(), d.errors.end(), e,
                                       [](const error_def& a, const error_def& b) { return a.name < b.name; }),
                      e);
    } else if (kind == "param") {
      want(3);
      std::vector<std::string> names;
      std::stringstream list(f[2]);
      for (std::string p; std::getline(list, p, ',');) names.push_back(p);
      if (!params.emplace(f[1], names).second) fail(file, n, "parameters of '" + f[1] + "' given twice");
      param_line[f[1]] = n;
    } else if (kind == "base") {
      want(3);
      const std::int32_t code = parse_code(f[1], file, n);
      for (const auto& c : d.classes) {
        if (c.code == code) fail(file, n, "base code " + f[1] + " given twice");
      }
      d.classes.push_back({code, f[2], {}});
    } else if (kind == "errthrows") {
      want(3);
      d.method_errors.emplace_back(f[1], f[2]);
      errthrows_lines.emplace_back(f[2], n);
    } else if (kind == "useronly") {
      want(2);
      d.user_only.insert(f[1]);
    } else if (kind == "botonly") {
      want(2);
      d.bot_only.insert(f[1]);
    } else if (kind == "throws") {
      want(4);
      const std::int32_t code = parse_code(f[3], file, n);
      d.method_errors.emplace_back(f[1], f[2]);
      ++thrown_codes[f[2]][code];
    } else if (kind == "available") {
      want(3);
      if (f[2] != "user" && f[2] != "bot" && f[2] != "both") fail(file, n, "availability '" + f[2] + "'");
      d.available[f[1]] = f[2];
    } else {
      fail(file, n, "unknown record kind '" + kind + "'");
    }
  }
  // Names only a method's throws give: known too, with the code given most
  // often there (the lowest on a tie).
  for (const auto& [name, codes] : thrown_codes) {
    if (d.find(name) != nullptr) continue;
    error_def e;
    e.name = name;
    e.listed = false;
    int best = -1;
    for (const auto& [code, times] : codes) {
      if (times > best) {
        best = times;
        e.code = code;
      }
    }
    d.errors.insert(std::upper_bound(d.errors.begin(), d.errors.end(), e,
                                     [](const error_def& a, const error_def& b) { return a.name < b.name; }),
                    e);
  }
  for (const auto& [name, line_no] : errthrows_lines) {
    if (d.find(name) == nullptr) fail(file, line_no, "'errthrows' names unknown error '" + name + "'");
  }
  for (auto& [name, list] : params) {
    error_def* e = const_cast<error_def*>(d.find(name));
    if (e == nullptr) fail(file, param_line[name], "parameters of unknown error '" + name + "'");
    e->params = list;
  }
  if (d.errors.size() > 0xfffe) throw schema_error(file + ": too many errors");
  resolve(d);
  return d;
}

error_data load_errors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw schema_error(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return parse_errors(s.str(), path);
}

file_set emit_errors(const error_data& d, const std::vector<const schema*>& schemas, const std::string& shown_path) {
  file_set out;
  out["api/errors.hpp"] = emit_errors_hpp(d, shown_path);
  out["api/errors_by_method.hpp"] = emit_by_method_hpp(d, schemas, shown_path);
  out["api/compiled/errors.cpp"] =
      header_comment(shown_path) +
      "//\n"
      "// tlcpp::compiled: the throwers of every known error (detail::throw_classified in\n"
      "// tlcpp/api/errors.hpp), compiled once instead of in each file that can throw one.\n"
      "#define TLCPP_COMPILED_THROWERS\n"
      "#include \"tlcpp/api/errors.hpp\"\n";
  return out;
}

}  // namespace tlgen
