// TL schema reader: text -> checked model. Every problem is a schema_error
// naming file:line, so a bad conversion or an unknown construct fails loudly.
// What published schemas do and TL allows is a warning naming file:line: an
// explicit id that is not the CRC32 of its line (unless
// load_options::strict_ids), a line left out because another one covers it.
#include "schema.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>

namespace tlgen {
namespace {

const std::set<std::string> kBuiltins = {"int",    "long",   "double", "string", "bytes",
                                         "int128", "int256", "Bool",   "true"};
// Names that TL schemas declare with builtin syntax (`int ? = Int;`,
// `vector {t:Type} # [ t ] = Vector t;`); the generator knows them already.
const std::set<std::string> kBuiltinDeclarations = {"int",    "long",   "double", "string", "bytes",
                                                    "int128", "int256", "vector", "Vector"};

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  throw schema_error(file + ":" + std::to_string(line) + ": " + what);
}

std::vector<std::string> split_ws(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::string collapse(std::string s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      out += ch;
      space = false;
    }
  }
  return out;
}

bool is_upper_name(const std::string& full) {
  const auto dot = full.rfind('.');
  const char c = full[dot == std::string::npos ? 0 : dot + 1];
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}

bool valid_ident(const std::string& s, bool allow_dot) {
  if (s.empty()) return false;
  bool start = true;
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '.' && allow_dot && !start) {
      start = true;
      continue;
    }
    if (start ? !std::isalpha(u) : !(std::isalnum(u) || ch == '_')) return false;
    start = false;
  }
  return !start;
}

type_ref parse_type(const std::string& s, const std::vector<std::string>& generics, const std::string& file, int line) {
  type_ref t;
  if (s == "#") {
    t.k = type_ref::kind::flags;
    return t;
  }
  if (!s.empty() && s[0] == '!') {
    t.k = type_ref::kind::generic;
    t.name = s.substr(1);
    if (std::find(generics.begin(), generics.end(), t.name) == generics.end()) {
      fail(file, line, "'!" + t.name + "' names no generic parameter {" + t.name + ":Type}");
    }
    return t;
  }
  const auto lt = s.find('<');
  if (lt != std::string::npos) {
    const std::string head = s.substr(0, lt);
    if (s.back() != '>' || (head != "Vector" && head != "vector")) {
      fail(file, line, "unsupported type expression '" + s + "'");
    }
    t.k = type_ref::kind::vector;
    t.boxed_vector = head == "Vector";
    t.elem = std::make_shared<type_ref>(parse_type(s.substr(lt + 1, s.size() - lt - 2), generics, file, line));
    if (t.elem->k == type_ref::kind::flags || (t.elem->k == type_ref::kind::builtin && t.elem->name == "true")) {
      fail(file, line, "a vector of '" + t.elem->name + "' cannot be encoded");
    }
    return t;
  }
  if (!s.empty() && s[0] == '%') {
    const std::string inner = s.substr(1);
    static const std::map<std::string, std::string> bare_builtin = {
        {"int", "int"},       {"Int", "int"},       {"long", "long"},     {"Long", "long"},    {"double", "double"},
        {"Double", "double"}, {"string", "string"}, {"String", "string"}, {"bytes", "bytes"},  {"Bytes", "bytes"},
        {"int128", "int128"}, {"Int128", "int128"}, {"int256", "int256"}, {"Int256", "int256"}};
    if (auto it = bare_builtin.find(inner); it != bare_builtin.end()) {
      t.k = type_ref::kind::builtin;
      t.name = it->second;
      return t;
    }
    if (!valid_ident(inner, true)) fail(file, line, "bad type name '" + s + "'");
    t.k = type_ref::kind::bare;  // resolved to its single constructor later
    t.name = "%" + inner;
    return t;
  }
  if (kBuiltins.count(s)) {
    t.k = type_ref::kind::builtin;
    t.name = s;
    return t;
  }
  if (s == "Object") {
    t.k = type_ref::kind::object;
    return t;
  }
  if (std::find(generics.begin(), generics.end(), s) != generics.end()) {
    t.k = type_ref::kind::generic;
    t.name = s;
    return t;
  }
  if (!valid_ident(s, true)) fail(file, line, "bad type name '" + s + "'");
  t.k = is_upper_name(s) ? type_ref::kind::boxed : type_ref::kind::bare;
  t.name = s;
  return t;
}

// Normalized type text for the CRC: <> become spaces, a top-level `bytes`
// is written `string` (Telegram derives ids as if bytes were string).
std::string crc_type(const std::string& tl_type) {
  std::string t = tl_type;
  const auto q = t.find('?');
  std::string prefix;
  if (q != std::string::npos) {
    prefix = t.substr(0, q + 1);
    t = t.substr(q + 1);
  }
  if (t == "bytes") t = "string";
  std::string out = prefix + t;
  std::replace(out.begin(), out.end(), '<', ' ');
  std::replace(out.begin(), out.end(), '>', ' ');
  return collapse(out);
}

std::string hex8(std::uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

void warn(const load_options& options, const std::string& file, int line, const std::string& what) {
  const std::string message = file + ":" + std::to_string(line) + ": warning: " + what;
  if (options.warn) {
    options.warn(message);
  } else {
    std::cerr << message << "\n";
  }
}

void parse_statement(schema& s, const std::string& text, int line, bool functions, const load_options& options) {
  const std::string& file = s.file;
  auto tokens = split_ws(text);
  if (tokens.empty()) return;
  // Builtin declarations: `int ? = Int`, `vector {t:Type} # [ t ] = Vector t`.
  if (std::find(tokens.begin(), tokens.end(), "?") != tokens.end() ||
      std::find(tokens.begin(), tokens.end(), "[") != tokens.end() ||
      std::any_of(tokens.begin(), tokens.end(),
                  [](const std::string& t) { return t.find("*[") != std::string::npos; })) {
    std::string name = tokens[0].substr(0, tokens[0].find('#'));
    if (!kBuiltinDeclarations.count(name)) fail(file, line, "unsupported builtin declaration '" + name + "'");
    return;
  }
  // The constructors of the builtin types, as Telegram's schema files start:
  // `boolFalse#bc799737 = Bool;`, `boolTrue#997275b5 = Bool;`,
  // `true#3fedd339 = True;`. The runtime knows them; check and skip.
  static const std::map<std::string, std::pair<std::string, std::uint32_t>> builtin_ctors = {
      {"boolFalse", {"Bool", 0xbc799737}}, {"boolTrue", {"Bool", 0x997275b5}}, {"true", {"True", 0x3fedd339}}};
  if (const auto it = builtin_ctors.find(tokens[0].substr(0, tokens[0].find('#')));
      it != builtin_ctors.end() && tokens.size() == 3 && tokens[1] == "=" && tokens[2] == it->second.first) {
    const auto hash = tokens[0].find('#');
    if (hash != std::string::npos && std::stoul(tokens[0].substr(hash + 1), nullptr, 16) != it->second.second) {
      fail(file, line, "builtin constructor " + it->first + " has the wrong id");
    }
    return;
  }
  // Builtin types declared without the builtin syntax, as TDLib's
  // telegram_api.tl does (`bytes = Bytes;`, `int256 = Int256;`): no
  // constructor of that name exists on the wire; skip them too.
  if (tokens.size() == 3 && tokens[1] == "=" && kBuiltinDeclarations.count(tokens[0])) return;
  const auto eq = std::find(tokens.begin(), tokens.end(), "=");
  if (eq == tokens.end()) fail(file, line, "declaration without '='");
  // Two declarations run together: the first one lacks its ';'.
  if (std::find(eq + 1, tokens.end(), "=") != tokens.end()) fail(file, line, "declaration without ';'");
  if (eq == tokens.begin()) fail(file, line, "declaration without a name");

  combinator c;
  c.file = file;
  c.line = line;
  c.function = functions;
  const std::string& head = tokens[0];
  const auto hash = head.find('#');
  std::string full = head.substr(0, hash);
  if (!valid_ident(full, true)) fail(file, line, "bad combinator name '" + full + "'");
  if (const auto dot = full.rfind('.'); dot != std::string::npos) {
    c.ns = full.substr(0, dot);
    c.name = full.substr(dot + 1);
    if (c.ns.find('.') != std::string::npos) fail(file, line, "nested namespaces are not TL: '" + full + "'");
  } else {
    c.name = full;
  }
  bool has_id = false;
  if (hash != std::string::npos) {
    const std::string hex = head.substr(hash + 1);
    if (hex.empty() || hex.size() > 8 ||
        !std::all_of(hex.begin(), hex.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); })) {
      fail(file, line, "bad constructor id '#" + hex + "'");
    }
    c.id = static_cast<std::uint32_t>(std::stoul(hex, nullptr, 16));
    has_id = true;
  }
  std::map<std::string, int> flag_fields;  // name -> index
  int flags_seen = 0;
  for (auto it = tokens.begin() + 1; it != eq; ++it) {
    const std::string& tok = *it;
    if (tok.front() == '{') {
      if (tok.back() != '}' || !c.fields.empty()) fail(file, line, "bad generic parameter '" + tok + "'");
      const std::string inner = tok.substr(1, tok.size() - 2);
      const auto colon = inner.find(':');
      if (colon == std::string::npos || inner.substr(colon + 1) != "Type") {
        fail(file, line, "only {X:Type} generic parameters are supported, got '" + tok + "'");
      }
      c.generics.push_back(inner.substr(0, colon));
      continue;
    }
    const auto colon = tok.find(':');
    if (colon == std::string::npos || colon == 0) fail(file, line, "field without 'name:type': '" + tok + "'");
    field f;
    f.name = tok.substr(0, colon);
    f.tl_type = tok.substr(colon + 1);
    if (!valid_ident(f.name, false)) fail(file, line, "bad field name '" + f.name + "'");
    for (const auto& other : c.fields) {
      if (other.name == f.name) fail(file, line, "duplicate field '" + f.name + "'");
    }
    std::string type_text = f.tl_type;
    if (const auto q = type_text.find('?'); q != std::string::npos) {
      const std::string cond = type_text.substr(0, q);
      const auto dot = cond.find('.');
      if (dot == std::string::npos) fail(file, line, "bad condition '" + cond + "' in field " + f.name);
      const std::string flag_name = cond.substr(0, dot);
      const auto ff = flag_fields.find(flag_name);
      if (ff == flag_fields.end()) {
        fail(file, line, "field " + f.name + " depends on '" + flag_name + "', which is no earlier '#' field");
      }
      const std::string bit = cond.substr(dot + 1);
      if (bit.empty() || bit.size() > 2 || !std::all_of(bit.begin(), bit.end(), ::isdigit) || std::stoi(bit) > 31) {
        fail(file, line, "bad flag bit '" + bit + "' in field " + f.name);
      }
      f.flags_field = ff->second;
      f.flags_ordinal = c.fields[static_cast<std::size_t>(ff->second)].own_flags_ordinal;
      f.bit = std::stoi(bit);
      type_text = type_text.substr(q + 1);
    }
    f.type = parse_type(type_text, c.generics, file, line);
    if (f.type.k == type_ref::kind::flags) {
      if (f.flags_field >= 0) fail(file, line, "a '#' field cannot be optional");
      f.own_flags_ordinal = flags_seen++;
      flag_fields[f.name] = static_cast<int>(c.fields.size());
    }
    if (f.type.k == type_ref::kind::builtin && f.type.name == "true" && f.flags_field < 0) {
      fail(file, line, "field " + f.name + " of type 'true' is not behind a flag");
    }
    c.fields.push_back(std::move(f));
  }
  std::string result;
  for (auto it = eq + 1; it != tokens.end(); ++it) result += (result.empty() ? "" : " ") + *it;
  if (result.empty()) fail(file, line, "declaration without a result type");
  c.result_text = result;
  // `Vector t` is the same as `Vector<t>`.
  std::string rt = result;
  if (rt.rfind("Vector ", 0) == 0) rt = "Vector<" + rt.substr(7) + ">";
  c.result = parse_type(rt, c.generics, file, line);
  // `gzip_packed#3072cfa1 packed_data:string = Object;` (the MTProto service
  // schema as Telegram publishes it): a constructor of no particular type,
  // which may stand wherever an object is read. tlcpp cannot generate it: no
  // boxed type has it among its alternatives, and the runtime already has it
  // by hand (tlcpp::mtproto::gzip_packed in tlcpp/envelope.hpp, which
  // tlcpp::object and parse_response unpack), so a generated one would be a
  // second definition under `mtproto`. Skip the line, as the builtin
  // constructors above, after checking that it is the one the runtime reads.
  if (!functions && c.result.k == type_ref::kind::object && full == "gzip_packed") {
    if (const std::uint32_t id = has_id ? c.id : tl_crc(c); id != 0x3072cfa1) {
      fail(file, line, "gzip_packed#" + hex8(id) + " is not the gzip_packed#3072cfa1 that the runtime reads");
    }
    return;
  }
  if (!functions) {
    if (c.result.k != type_ref::kind::boxed) {
      fail(file, line, "constructor " + full + " must build a boxed type, not '" + result + "'");
    }
    if (!c.generics.empty()) fail(file, line, "generic constructors other than vector are not supported");
  }
  // Canonical line, as the doc comment and `tlcpp describe` show it.
  std::string line_text = full + "#" + hex8(c.id);
  for (const auto& g : c.generics) line_text += " {" + g + ":Type}";
  for (const auto& f : c.fields) line_text += " " + f.name + ":" + f.tl_type;
  line_text += " = " + result + ";";
  const std::uint32_t crc = tl_crc(c);
  if (!has_id) {
    c.id = crc;
    line_text.replace(full.size() + 1, 8, hex8(crc));
  } else if (crc != c.id) {
    // The explicit id is what goes on the wire. In our own schema a mismatch
    // means the conversion broke the line, so strict_ids makes it an error.
    const std::string what = "id #" + hex8(c.id) + " of " + full + " is not the CRC32 of its line ('" +
                             normalized_line(c) + "' gives #" + hex8(crc) + ")";
    if (options.strict_ids && !options.id_exceptions.count(full)) fail(file, line, what);
    if (!options.strict_ids) warn(options, file, line, what + "; using the explicit id");
    s.ids_not_crc.insert(full);
  }
  c.tl_line = line_text;
  (functions ? s.functions : s.constructors).push_back(std::move(c));
}

// Strongly connected components (Tarjan); returns the component of each node.
std::vector<int> tarjan(const std::vector<std::vector<int>>& edges) {
  const int n = static_cast<int>(edges.size());
  std::vector<int> order(static_cast<std::size_t>(n), -1), low(static_cast<std::size_t>(n), 0),
      comp(static_cast<std::size_t>(n), -1);
  std::vector<int> stack;
  std::vector<bool> on(static_cast<std::size_t>(n), false);
  int counter = 0, comps = 0;
  std::function<void(int)> visit = [&](int v) {
    const auto vi = static_cast<std::size_t>(v);
    order[vi] = low[vi] = counter++;
    stack.push_back(v);
    on[vi] = true;
    for (int w : edges[vi]) {
      const auto wi = static_cast<std::size_t>(w);
      if (order[wi] < 0) {
        visit(w);
        low[vi] = std::min(low[vi], low[wi]);
      } else if (on[wi]) {
        low[vi] = std::min(low[vi], order[wi]);
      }
    }
    if (low[vi] == order[vi]) {
      for (;;) {
        const int w = stack.back();
        stack.pop_back();
        on[static_cast<std::size_t>(w)] = false;
        comp[static_cast<std::size_t>(w)] = comps;
        if (w == v) break;
      }
      ++comps;
    }
  };
  for (int v = 0; v < n; ++v) {
    if (order[static_cast<std::size_t>(v)] < 0) visit(v);
  }
  return comp;
}

// TDLib's telegram_api.tl declares, next to each generic wrapper such as
//   invokeWithBusinessConnection#dd289f8e {X:Type} connection_id:string query:!X = X;
// a helper with the same id and the fields before the query:
//   invokeWithBusinessConnectionPrefix#dd289f8e connection_id:string = Error;
// It only writes the wrapper's first bytes, which tlcpp's generic method
// writes already; two declarations cannot share an id in the registry, so the
// helper is left out, with a warning. (Without its wrapper such a line is an
// ordinary method, and its result type must exist like any other.)
void drop_prefix_helpers(schema& s, const load_options& options) {
  auto is_prefix_of = [](const combinator& f, const combinator& g) {
    if (g.id != f.id || g.generics.empty() || !f.generics.empty() || g.fields.size() != f.fields.size() + 1) {
      return false;
    }
    if (g.fields.back().type.k != type_ref::kind::generic || g.fields.back().tl_type[0] != '!') return false;
    return std::equal(f.fields.begin(), f.fields.end(), g.fields.begin(),
                      [](const field& a, const field& b) { return a.name == b.name && a.tl_type == b.tl_type; });
  };
  std::vector<combinator> kept;
  for (const auto& f : s.functions) {
    const auto wrapper =
        std::find_if(s.functions.begin(), s.functions.end(), [&](const combinator& g) { return is_prefix_of(f, g); });
    if (wrapper == s.functions.end()) {
      kept.push_back(f);
      continue;
    }
    warn(options, f.file, f.line,
         f.full_name() + "#" + hex8(f.id) + " is the start of " + wrapper->full_name() +
             " (same id, its fields before the query); left out, " + wrapper->full_name() + " writes it");
  }
  s.functions = std::move(kept);
}

void resolve(schema& s, const load_options& options) {
  // Types are what constructors build.
  for (std::size_t i = 0; i < s.constructors.size(); ++i) {
    const auto& c = s.constructors[i];
    const std::string full = c.full_name();
    if (s.constructor_by.count(full)) fail(c.file, c.line, "constructor " + full + " is declared twice");
    s.constructor_by[full] = i;
    auto& t = s.types[c.result.name];
    if (t.name.empty()) {
      const auto dot = c.result.name.rfind('.');
      t.ns = dot == std::string::npos ? "" : c.result.name.substr(0, dot);
      t.name = dot == std::string::npos ? c.result.name : c.result.name.substr(dot + 1);
    }
    t.constructors.push_back(i);
  }
  drop_prefix_helpers(s, options);
  std::set<std::string> function_names;
  for (const auto& f : s.functions) {
    if (!function_names.insert(f.full_name()).second)
      fail(f.file, f.line, "function " + f.full_name() + " is declared twice");
  }
  std::set<std::uint32_t> ids;
  for (const auto* list : {&s.constructors, &s.functions}) {
    for (const auto& c : *list) {
      if (!ids.insert(c.id).second)
        fail(c.file, c.line, "id #" + hex8(c.id) + " of " + c.full_name() + " is used twice");
    }
  }
  std::function<void(type_ref&, const combinator&)> check = [&](type_ref& t, const combinator& c) {
    switch (t.k) {
      case type_ref::kind::boxed:
        if (!s.types.count(t.name)) fail(c.file, c.line, "unknown type '" + t.name + "' in " + c.full_name());
        break;
      case type_ref::kind::bare:
        if (t.name[0] == '%') {
          const std::string tn = t.name.substr(1);
          const auto it = s.types.find(tn);
          if (it == s.types.end()) fail(c.file, c.line, "unknown type '" + tn + "' in " + c.full_name());
          if (it->second.constructors.size() != 1) {
            fail(c.file, c.line, "bare '%" + tn + "' needs a type with exactly one constructor");
          }
          t.name = s.constructors[it->second.constructors[0]].full_name();
        } else if (!s.constructor_by.count(t.name)) {
          fail(c.file, c.line, "unknown constructor '" + t.name + "' used as a bare type in " + c.full_name());
        }
        break;
      case type_ref::kind::vector:
        check(*t.elem, c);
        break;
      default:
        break;
    }
  };
  for (auto* list : {&s.constructors, &s.functions}) {
    for (auto& c : *list) {
      for (auto& f : c.fields) check(f.type, c);
      check(c.result, c);
    }
  }
  // Recursive types: a by-value field whose type can contain the type that
  // holds it (the two are in one strongly connected component of the
  // "holds by value" graph) must be boxed. Vectors are already indirect.
  std::vector<std::string> names;
  std::map<std::string, int> index;
  for (const auto& [name, t] : s.types) {
    index[name] = static_cast<int>(names.size());
    names.push_back(name);
  }
  auto target = [&](const type_ref& t) -> int {
    if (t.k == type_ref::kind::boxed) return index.at(t.name);
    if (t.k == type_ref::kind::bare) return index.at(s.constructors[s.constructor_by.at(t.name)].result.name);
    return -1;
  };
  std::vector<std::vector<int>> edges(names.size());
  for (const auto& [name, t] : s.types) {
    for (auto ci : t.constructors) {
      for (const auto& f : s.constructors[ci].fields) {
        if (int to = target(f.type); to >= 0) edges[static_cast<std::size_t>(index[name])].push_back(to);
      }
    }
  }
  const auto by_value = tarjan(edges);
  // The same graph with vector elements too: a header can only include the
  // definitions of vector element types outside its own component.
  std::function<int(const type_ref&)> element = [&](const type_ref& t) -> int {
    return t.k == type_ref::kind::vector ? element(*t.elem) : target(t);
  };
  auto all_edges = edges;
  for (const auto& [name, t] : s.types) {
    for (auto ci : t.constructors) {
      for (const auto& f : s.constructors[ci].fields) {
        if (f.type.k != type_ref::kind::vector) continue;
        if (int to = element(f.type); to >= 0) all_edges[static_cast<std::size_t>(index[name])].push_back(to);
      }
    }
  }
  const auto with_vectors = tarjan(all_edges);
  const auto& comp = by_value;
  for (auto& [name, t] : s.types) t.scc_all = with_vectors[static_cast<std::size_t>(index[name])];
  for (auto& [name, t] : s.types) {
    t.scc = comp[static_cast<std::size_t>(index[name])];
    for (auto ci : t.constructors) {
      for (auto& f : s.constructors[ci].fields) {
        const int to = target(f.type);
        f.boxed_member = to >= 0 && comp[static_cast<std::size_t>(to)] == t.scc;
      }
    }
  }
}

}  // namespace

std::string normalized_line(const combinator& c) {
  std::string out = c.full_name();
  // Generic parameters stay, without their braces: `{X:Type}` -> `X:Type`.
  for (const auto& g : c.generics) out += " " + g + ":Type";
  for (const auto& f : c.fields) {
    if (f.type.k == type_ref::kind::builtin && f.type.name == "true" && f.flags_field >= 0) continue;
    out += " " + f.name + ":" + crc_type(f.tl_type);
  }
  std::string result = c.result_text;
  std::replace(result.begin(), result.end(), '<', ' ');
  std::replace(result.begin(), result.end(), '>', ' ');
  out += " = " + collapse(result);
  return out;
}

std::uint32_t tl_crc(const combinator& c) {
  const std::string line = normalized_line(c);
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(line.data()), static_cast<uInt>(line.size())));
}

schema load_schema(const std::string& path, const load_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw schema_error(path + ": cannot open");
  schema s;
  s.file = path;
  std::string raw, statement;
  int line_no = 0, statement_line = 0;
  bool functions = false, in_block_comment = false, seen_code = false;
  int comment_line = 0;  // where the open /* comment starts
  while (std::getline(in, raw)) {
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string line;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (in_block_comment) {
        if (raw.compare(i, 2, "*/") == 0) {
          in_block_comment = false;
          ++i;
        }
        continue;
      }
      if (raw.compare(i, 2, "/*") == 0) {
        in_block_comment = true;
        comment_line = line_no;
        ++i;
        continue;
      }
      if (raw.compare(i, 2, "//") == 0) {
        const std::string comment = raw.substr(i + 2);
        if (!seen_code && statement.empty()) s.provenance += collapse(comment) + "\n";
        // `// LAYER 223`, as Telegram's own schema files end.
        if (comment.rfind(" LAYER ", 0) == 0) {
          const std::string n = collapse(comment.substr(7));
          if (n.empty() || n.size() > 9 ||
              !std::all_of(n.begin(), n.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
            fail(path, line_no, "bad layer number in '//" + comment + "'");
          }
          s.layer = std::stoi(n);
        }
        break;
      }
      line += raw[i];
    }
    const std::string trimmed = collapse(line);
    if (trimmed.empty()) continue;
    if (trimmed.rfind("---", 0) == 0) {
      if (!collapse(statement).empty()) fail(path, statement_line, "unterminated declaration before section marker");
      if (trimmed == "---functions---") {
        functions = true;
      } else if (trimmed == "---types---") {
        functions = false;
      } else {
        fail(path, line_no, "unknown section marker '" + trimmed + "'");
      }
      continue;
    }
    seen_code = true;
    std::size_t start = 0;
    while (start <= line.size()) {
      const auto semi = line.find(';', start);
      const std::string part = line.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
      if (collapse(statement).empty() && !collapse(part).empty()) statement_line = line_no;
      statement += " " + part;
      if (semi == std::string::npos) break;
      parse_statement(s, collapse(statement), statement_line, functions, options);
      statement.clear();
      start = semi + 1;
    }
  }
  if (in_block_comment) fail(path, comment_line, "unterminated /* comment");
  if (!collapse(statement).empty()) fail(path, statement_line, "declaration without ';'");
  resolve(s, options);
  return s;
}

}  // namespace tlgen
