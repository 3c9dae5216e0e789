// Emission. Everything here is string building; the generated code only
// describes fields, the runtime (include/tlcpp/core/serialize.hpp) does the work.
//
// Header layout, and why. A struct needs the complete definitions of the
// types it holds by value (and of the constructors of a boxed type it is),
// but only declarations of those it holds in vectors or boxes. So every boxed
// type T gets
//   <ns>/T.def.hpp  the structs and their meta; includes only the .def.hpp of
//                   what it holds by value (an acyclic graph: recursion goes
//                   through tlcpp::box), forward-declares the rest;
//   <ns>/T.hpp      T.def.hpp, then the public headers of every type T refers
//                   to, so that including it gives complete, usable types.
// Methods are held by nothing, so each is a single header.
#include "emit.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <sstream>

namespace tlgen {
namespace {

// About how many fields (plus a few per constructor) one source file of
// tlcpp::compiled instantiates: small enough that each file compiles in a
// few seconds and well under a gigabyte.
constexpr std::size_t kShardWeight = 700;

// C++ keywords and alternative tokens, plus macros common compilers predefine
// in GNU modes: a TL name equal to one of these gets a trailing underscore.
const std::set<std::string> kReserved = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr", "constinit",
    "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return", "short", "signed",
    "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq",
    // predefined macros (-std=gnu++20) and names the generated structs use
    "linux", "unix", "i386", "result_type"};

std::string hex8(std::uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

class emitter {
 public:
  emitter(const schema& s, std::string root, std::string schema_path)
      : s_(s), root_(std::move(root)), schema_path_(std::move(schema_path)) {
    for (const auto& c : s_.constructors) namespaces_.insert(c.ns);
    for (const auto& c : s_.functions) namespaces_.insert(c.ns);
    for (const auto& [name, t] : s_.types) namespaces_.insert(t.ns);
    namespaces_.erase("");
    check_names();
  }

  // The qualified C++ name of a constructor or method (for names_of).
  std::string name_of(const combinator& c) const { return qualified_ctor(c); }

  file_set run() {
    file_set out;
    std::vector<std::string> all;
    for (const auto& [name, t] : s_.types) {
      if (!out.count(def_path(t))) out[def_path(t)] = type_def_header(t);
      out[public_path(t)] = type_public_header(t);
      all.push_back(public_path(t));
    }
    for (const auto& f : s_.functions) {
      out[method_path(f)] = method_header(f);
      all.push_back(method_path(f));
    }
    out[root_ + "/fwd.hpp"] = fwd_header();
    if (s_.layer) out[root_ + "/layer.hpp"] = layer_header();
    out[root_ + "/all.hpp"] = umbrella(all);
    compiled_sources(out);
    return out;
  }

 private:
  // ---- names --------------------------------------------------------------

  std::string escape(const std::string& name) const { return kReserved.count(name) ? name + "_" : name; }

  // A root constructor or method named like a TL namespace (the constructor
  // `updates` vs the namespace `updates`) gets the underscore too.
  std::string cpp_name(const std::string& ns, const std::string& name) const {
    if (ns.empty() && namespaces_.count(name)) return name + "_";
    return escape(name);
  }
  std::string qualified(const std::string& ns, const std::string& name) const {
    return root_ + "::" + (ns.empty() ? "" : ns + "::") + cpp_name(ns, name);
  }
  std::string qualified_type(const boxed_type& t) const { return qualified(t.ns, t.name); }
  std::string qualified_ctor(const combinator& c) const { return qualified(c.ns, c.name); }
  const boxed_type& type_of(const std::string& full) const { return s_.types.at(full); }
  const combinator& ctor(const std::string& full) const { return s_.constructors[s_.constructor_by.at(full)]; }
  const boxed_type& type_of_ctor(const combinator& c) const { return type_of(c.result.name); }

  std::string dir(const std::string& ns) const { return root_ + "/" + (ns.empty() ? "" : ns + "/"); }
  // Types that refer to each other share one definition header, named after
  // the first of them in schema order of names.
  std::string def_path(const boxed_type& t) const {
    for (const auto& [name, other] : s_.types) {
      if (other.scc_all == t.scc_all) return dir(other.ns) + other.name + ".def.hpp";
    }
    return dir(t.ns) + t.name + ".def.hpp";
  }
  std::string public_path(const boxed_type& t) const { return dir(t.ns) + t.name + ".hpp"; }
  std::string method_path(const combinator& f) const { return dir(f.ns) + f.name + ".hpp"; }

  bool single(const boxed_type& t) const { return t.constructors.size() == 1; }

  void check_names() const {
    std::map<std::string, std::string> seen;   // C++ qualified name -> what
    std::map<std::string, std::string> paths;  // lowercased path -> what
    auto add = [&](const std::string& cpp, const std::string& what, const combinator* at) {
      if (auto [it, ok] = seen.emplace(cpp, what); !ok) {
        throw schema_error((at ? at->file + ":" + std::to_string(at->line) + ": " : s_.file + ": ") + what + " and " +
                           it->second + " would both be the C++ name " + cpp);
      }
    };
    auto add_path = [&](const std::string& p, const std::string& what) {
      if (auto [it, ok] = paths.emplace(lower(p), what); !ok) {
        throw schema_error(s_.file + ": " + what + " and " + it->second + " would share the header " + p +
                           " on a case-insensitive file system");
      }
    };
    // Generated code qualifies names as `<root>::...`; a root name equal to
    // the root namespace would hide it.
    auto check_root = [&](const std::string& ns, const std::string& name, const std::string& what,
                          const combinator* at) {
      if ((ns.empty() && cpp_name(ns, name) == root_) || ns == root_) {
        throw schema_error((at ? at->file + ":" + std::to_string(at->line) + ": " : s_.file + ": ") + what +
                           " is named like the C++ namespace tlcpp::" + root_ + "; generate into another one");
      }
    };
    for (const auto& c : s_.constructors) check_root(c.ns, c.name, "constructor " + c.full_name(), &c);
    for (const auto& f : s_.functions) check_root(f.ns, f.name, "method " + f.full_name(), &f);
    for (const auto& [name, t] : s_.types) check_root(t.ns, t.name, "type " + name, nullptr);
    for (const auto& c : s_.constructors) add(qualified_ctor(c), "constructor " + c.full_name(), &c);
    for (const auto& f : s_.functions) {
      add(qualified_ctor(f), "method " + f.full_name(), &f);
      add_path(method_path(f), "method " + f.full_name());
    }
    for (const auto& [name, t] : s_.types) {
      if (!single(t)) add(qualified_type(t), "type " + name, nullptr);
      add_path(public_path(t), "type " + name);
    }
  }

  // ---- field types --------------------------------------------------------

  std::string cpp_type(const type_ref& t, const combinator& owner) const {
    switch (t.k) {
      case type_ref::kind::builtin: {
        static const std::map<std::string, std::string> m = {
            {"int", "std::int32_t"},     {"long", "std::int64_t"},  {"double", "double"},
            {"string", "std::string"},   {"bytes", "tlcpp::bytes"}, {"int128", "tlcpp::int128"},
            {"int256", "tlcpp::int256"}, {"Bool", "bool"},          {"true", "bool"}};
        return m.at(t.name);
      }
      case type_ref::kind::boxed:
        return qualified_type(type_of(t.name));
      case type_ref::kind::bare:
        return qualified_ctor(ctor(t.name));
      case type_ref::kind::vector:
        return "std::vector<" + cpp_type(*t.elem, owner) + ">";
      case type_ref::kind::generic:
        return t.name;
      case type_ref::kind::object:
        return "tlcpp::object";
      case type_ref::kind::flags:
        break;
    }
    throw schema_error(owner.file + ":" + std::to_string(owner.line) + ": no C++ type for a '#' field");
  }

  std::string wire(const type_ref& t, const combinator& owner) const {
    switch (t.k) {
      case type_ref::kind::builtin: {
        static const std::map<std::string, std::string> m = {
            {"int", "wire::int_"},      {"long", "wire::long_"},  {"double", "wire::double_"},
            {"string", "wire::string"}, {"bytes", "wire::bytes"}, {"int128", "wire::int128"},
            {"int256", "wire::int256"}, {"Bool", "wire::Bool"},   {"true", "wire::true_"}};
        return m.at(t.name);
      }
      case type_ref::kind::boxed:
        return "wire::boxed<" + cpp_type(t, owner) + ">";
      case type_ref::kind::bare:
        return "wire::bare<" + cpp_type(t, owner) + ">";
      case type_ref::kind::vector:
        return std::string(t.boxed_vector ? "wire::Vector<" : "wire::vector<") + wire(*t.elem, owner) + ">";
      case type_ref::kind::generic:
        return "wire::boxed<" + t.name + ">";
      case type_ref::kind::object:
        return "wire::object";
      case type_ref::kind::flags:
        break;
    }
    throw schema_error(owner.file + ":" + std::to_string(owner.line) + ": no encoding for a '#' field");
  }

  std::string member_type(const field& f, const combinator& owner) const {
    if (f.type.k == type_ref::kind::builtin && f.type.name == "true") return "bool";
    std::string t = cpp_type(f.type, owner);
    if (f.boxed_member) t = "tlcpp::box<" + t + ">";
    if (f.flags_field >= 0) t = "std::optional<" + t + ">";
    return t;
  }

  std::string member_wire(const field& f, const combinator& owner) const {
    std::string w = wire(f.type, owner);
    if (f.flags_field >= 0) {
      w = "wire::opt<" + std::to_string(f.flags_ordinal) + ", " + std::to_string(f.bit) + ", " + w + ">";
    }
    return w;
  }

  // ---- dependencies -------------------------------------------------------

  // Types a field refers to, and whether it needs them complete (by value).
  void refs(const type_ref& t, bool by_value, const std::function<void(const boxed_type&, bool)>& fn) const {
    switch (t.k) {
      case type_ref::kind::boxed:
        fn(type_of(t.name), by_value);
        break;
      case type_ref::kind::bare:
        fn(type_of_ctor(ctor(t.name)), by_value);
        break;
      case type_ref::kind::vector:
        refs(*t.elem, false, fn);
        break;
      default:
        break;
    }
  }

  struct deps {
    std::set<std::string> complete;   // full type names needed by value
    std::set<std::string> in_vector;  // element types of vectors
    std::set<std::string> all;        // every type referred to
    bool bytes = false, int128 = false, box = false, object = false, optional = false, vector = false, string = false;
  };

  void collect(const combinator& c, deps& d, const std::string& self) const {
    for (const auto& f : c.fields) {
      if (f.type.k == type_ref::kind::flags) continue;
      refs(f.type, !f.boxed_member, [&](const boxed_type& t, bool by_value) {
        const std::string n = t.full_name();
        if (n == self) return;
        if (!by_value && f.boxed_member && f.type.k != type_ref::kind::vector) {
          d.all.insert(n);
          return;
        }
        d.all.insert(n);
        (by_value ? d.complete : d.in_vector).insert(n);
      });
      std::function<void(const type_ref&)> scan = [&](const type_ref& t) {
        if (t.k == type_ref::kind::builtin) {
          d.bytes |= t.name == "bytes";
          d.int128 |= t.name == "int128" || t.name == "int256";
          d.string |= t.name == "string";
        }
        d.object |= t.k == type_ref::kind::object;
        if (t.k == type_ref::kind::vector) {
          d.vector = true;
          scan(*t.elem);
        }
      };
      scan(f.type);
      d.box |= f.boxed_member;
      d.optional |= f.flags_field >= 0 && !(f.type.k == type_ref::kind::builtin && f.type.name == "true");
    }
  }

  std::string runtime_includes(const deps& d, bool one_of) const {
    std::set<std::string> sys = {"<cstdint>", "<string_view>"};
    if (d.optional) sys.insert("<optional>");
    if (d.vector) sys.insert("<vector>");
    if (d.string) sys.insert("<string>");
    std::set<std::string> own = {"\"tlcpp/core/meta.hpp\"", "\"tlcpp/core/wire.hpp\""};
    if (d.bytes) own.insert("\"tlcpp/core/bytes.hpp\"");
    if (d.int128) own.insert("\"tlcpp/core/int128.hpp\"");
    if (d.box) own.insert("\"tlcpp/core/box.hpp\"");
    if (d.object) own.insert("\"tlcpp/core/object.hpp\"");
    if (one_of) own.insert("\"tlcpp/core/one_of.hpp\"");
    std::string out;
    for (const auto& h : sys) out += "#include " + h + "\n";
    out += "\n";
    for (const auto& h : own) out += "#include " + h + "\n";
    return out;
  }

  std::string forward_declarations(const std::set<std::string>& names) const {
    std::map<std::string, std::vector<std::string>> by_ns;
    for (const auto& n : names) {
      const auto& t = type_of(n);
      auto& lines = by_ns[t.ns];
      if (single(t)) {
        const auto& c = s_.constructors[t.constructors[0]];
        lines.push_back("struct " + cpp_name(c.ns, c.name) + ";");
        if (cpp_name(c.ns, c.name) != cpp_name(t.ns, t.name)) {
          lines.push_back("using " + cpp_name(t.ns, t.name) + " = " + cpp_name(c.ns, c.name) + ";");
        }
      } else {
        lines.push_back("struct " + cpp_name(t.ns, t.name) + ";");
      }
    }
    std::string out;
    for (const auto& [ns, lines] : by_ns) {
      out += "namespace tlcpp::" + root_ + (ns.empty() ? "" : "::" + ns) + " {\n";
      for (const auto& l : lines) out += l + "\n";
      out += "}  // namespace tlcpp::" + root_ + (ns.empty() ? "" : "::" + ns) + "\n";
    }
    return out;
  }

  // ---- pieces ---------------------------------------------------------------

  std::string banner() const {
    return "// Generated by tlcpp-gen from " + schema_path_ +
           ". Do not edit: change the schema or the\n// generator and regenerate (see README, \"Updating the "
           "layer\").\n";
  }

  std::string ns_open(const std::string& ns) const {
    return "namespace tlcpp::" + root_ + (ns.empty() ? "" : "::" + ns) + " {\n";
  }
  std::string ns_close(const std::string& ns) const {
    return "}  // namespace tlcpp::" + root_ + (ns.empty() ? "" : "::" + ns) + "\n";
  }

  // True when every vector element type in `t` is complete where the struct
  // is defined; only then may the member have a `{}` initializer (which
  // instantiates std::vector's constructor and destructor).
  bool elements_complete(const type_ref& t, const std::set<std::string>& complete) const {
    bool ok = true;
    refs(t, true, [&](const boxed_type& bt, bool) { ok = ok && complete.count(bt.full_name()) != 0; });
    return ok;
  }

  std::string struct_body(const combinator& c, const std::string& name, const std::string& result_type,
                          const std::set<std::string>& complete) const {
    std::ostringstream o;
    o << "/// " << c.tl_line << "\n";
    if (!c.generics.empty()) {
      o << "template <";
      for (std::size_t i = 0; i < c.generics.size(); ++i) o << (i ? ", " : "") << "class " << c.generics[i];
      o << ">\n";
    }
    o << "struct " << name << " {\n";
    if (!result_type.empty()) o << "  using result_type = " << result_type << ";\n";
    for (const auto& f : c.fields) {
      if (f.type.k == type_ref::kind::flags) continue;
      // Without `{}` a vector of a type that is still incomplete here (it
      // contains this struct) stays valid C++; such members are rare.
      const bool brace = f.boxed_member || elements_complete(f.type, complete);
      o << "  " << member_type(f, c) << " " << escape(f.name) << (brace ? "{};\n" : ";\n");
    }
    if (o.str().back() != '{' && o.str().substr(o.str().size() - 2) != "{\n") o << "\n";
    // A field named like its struct (message.message) hides the struct's
    // name inside it; `struct X` still finds the type.
    bool hidden = false;
    for (const auto& f : c.fields) hidden |= escape(f.name) == name;
    const std::string self = (hidden ? "struct " : "") + name;
    o << "  friend bool operator==(const " << self << "&, const " << self << "&) = default;\n";
    o << "};\n";
    return o.str();
  }

  static std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    return out + "\"";
  }

  std::string meta_body(const combinator& c, const std::string& type_text, const std::string& result_wire) const {
    std::ostringstream o;
    std::string self = qualified_ctor(c);
    if (!c.generics.empty()) {
      o << "template <";
      std::string args;
      for (std::size_t i = 0; i < c.generics.size(); ++i) {
        o << (i ? ", " : "") << "class " << c.generics[i];
        args += (i ? ", " : "") + c.generics[i];
      }
      o << ">\n";
      self += "<" + args + ">";
    } else {
      o << "template <>\n";
    }
    o << "struct meta<" << self << "> {\n";
    o << "  static constexpr std::uint32_t id = 0x" << hex8(c.id) << ";\n";
    o << "  static constexpr std::string_view name = " << quote(c.full_name()) << ";\n";
    o << "  static constexpr std::string_view type = " << quote(type_text) << ";\n";
    o << "  static constexpr std::string_view tl = " << quote(c.tl_line) << ";\n";
    if (!result_wire.empty()) o << "  using result = " << result_wire << ";\n";
    o << "  using fields = type_list<";
    bool first = true;
    for (const auto& f : c.fields) {
      o << (first ? "\n" : ",\n");
      first = false;
      if (f.type.k == type_ref::kind::flags) {
        o << "      flags_field<" << f.own_flags_ordinal << ", " << quote(f.name) << ">";
      } else {
        o << "      field<&" << self << "::" << escape(f.name) << ", " << member_wire(f, c) << ", " << quote(f.name)
          << ">";
      }
    }
    o << ">;\n};\n";
    return o.str();
  }

  // ---- compiled mode --------------------------------------------------------

  // A constructor or method whose fields hold no other constructor (only
  // builtins, Object and vectors of them) stays inline everywhere; the others
  // are compiled once in tlcpp::compiled (see tlcpp/core/detail/entry_points.hpp).
  bool holds_constructors(const combinator& c) const {
    std::function<bool(const type_ref&)> holds = [&](const type_ref& t) {
      if (t.k == type_ref::kind::vector) return holds(*t.elem);
      return t.k == type_ref::kind::boxed || t.k == type_ref::kind::bare || t.k == type_ref::kind::generic;
    };
    return std::any_of(c.fields.begin(), c.fields.end(), [&](const field& f) { return holds(f.type); });
  }
  bool compiled(const combinator& c) const { return c.generics.empty() && holds_constructors(c); }

  // The line that declares c's entry points extern in compiled mode.
  std::string compiled_line(const combinator& c) const {
    return std::string(c.function ? "TLCPP_COMPILED_METHOD(" : "TLCPP_COMPILED_CONSTRUCTOR(") + qualified_ctor(c) +
           ")\n";
  }

  // The library's sources: explicit instantiations of every compiled
  // constructor and method, in shards of about the same amount of code (in
  // order of type, so a boxed type's constructors stay together unless it
  // is too large for one), each including only the headers of what it
  // instantiates.
  void compiled_sources(file_set& out) const {
    struct unit {
      std::string header;
      std::string line;  // TLCPP_INSTANTIATE_...(name)
      std::size_t weight = 0;
    };
    std::vector<unit> units;
    for (const auto& [name, t] : s_.types) {
      if (!single(t)) units.push_back({public_path(t), "TLCPP_INSTANTIATE_TYPE(" + qualified_type(t) + ")\n", 4});
      for (auto ci : t.constructors) {
        const combinator& c = s_.constructors[ci];
        if (compiled(c)) {
          units.push_back(
              {public_path(t), "TLCPP_INSTANTIATE_CONSTRUCTOR(" + qualified_ctor(c) + ")\n", 4 + c.fields.size()});
        }
      }
    }
    for (const auto& f : s_.functions) {
      if (compiled(f))
        units.push_back({method_path(f), "TLCPP_INSTANTIATE_METHOD(" + qualified_ctor(f) + ")\n", 4 + f.fields.size()});
    }
    std::size_t total = 0;
    for (const auto& u : units) total += u.weight;
    const std::size_t shards = std::max<std::size_t>(1, (total + kShardWeight - 1) / kShardWeight);
    std::size_t done = 0, weight = 0;
    for (std::size_t k = 0; k < shards; ++k) {
      std::set<std::string> headers;
      std::string lines;
      std::size_t count = 0;
      const std::size_t until = total * (k + 1) / shards;
      while (done < units.size() && (weight < until || k + 1 == shards)) {
        const unit& u = units[done++];
        weight += u.weight;
        headers.insert(u.header);
        lines += u.line;
        ++count;
      }
      char name[24];
      std::snprintf(name, sizeof name, "%02zu", k + 1);
      std::ostringstream o;
      o << banner() << "//\n// tlcpp::compiled, part " << (k + 1) << " of " << shards << " for tlcpp::" << root_
        << ": the entry points of " << count
        << " types, constructors and methods\n// (see tlcpp/core/detail/entry_points.hpp). Compiled with "
           "TLCPP_COMPILED "
           "defined, so that\n// everything else stays extern.\n#include \"tlcpp/core/serialize.hpp\"\n\n";
      for (const auto& h : headers) o << "#include \"tlcpp/" << h << "\"\n";
      o << "\nnamespace tlcpp {\n\n" << lines << "\n}  // namespace tlcpp\n";
      out[root_ + "/compiled/" + name + ".cpp"] = o.str();
    }
  }

  // ---- headers ----------------------------------------------------------------

  // The types defined together with t: its component of the "refers to"
  // graph (vectors included), in an order where every type comes after the
  // types it holds by value. Almost always just t.
  std::vector<std::string> component(const boxed_type& t) const {
    std::vector<std::string> members;
    for (const auto& [name, other] : s_.types) {
      if (other.scc_all == t.scc_all) members.push_back(name);
    }
    // Post-order over every edge puts a type after what it refers to where
    // the cycle allows; by-value edges must hold, so fall back to them alone.
    auto order_by = [&](bool follow_vectors) {
      std::vector<std::string> order;
      std::set<std::string> done;
      std::function<void(const std::string&)> visit = [&](const std::string& n) {
        if (!done.insert(n).second) return;
        for (auto ci : type_of(n).constructors) {
          for (const auto& f : s_.constructors[ci].fields) {
            if (f.boxed_member || (!follow_vectors && f.type.k == type_ref::kind::vector)) continue;
            refs(f.type, true, [&](const boxed_type& dep, bool) {
              if (dep.scc_all == t.scc_all) visit(dep.full_name());
            });
          }
        }
        order.push_back(n);
      };
      for (const auto& m : members) visit(m);
      return order;
    };
    auto order = order_by(true);
    std::map<std::string, std::size_t> pos;
    for (std::size_t i = 0; i < order.size(); ++i) pos[order[i]] = i;
    bool violated = false;
    for (const auto& n : order) {
      for (auto ci : type_of(n).constructors) {
        for (const auto& f : s_.constructors[ci].fields) {
          if (f.boxed_member || f.type.k == type_ref::kind::vector) continue;
          refs(f.type, true, [&](const boxed_type& dep, bool) {
            if (dep.scc_all == t.scc_all && dep.full_name() != n && pos[dep.full_name()] > pos[n]) {
              violated = true;
            }
          });
        }
      }
    }
    return violated ? order_by(false) : order;
  }

  // Types reachable from `n` (by value or through vectors or boxes).
  std::set<std::string> reachable(const std::string& n) const {
    std::set<std::string> seen;
    std::vector<std::string> todo{n};
    while (!todo.empty()) {
      const std::string cur = todo.back();
      todo.pop_back();
      if (!seen.insert(cur).second) continue;
      for (auto ci : type_of(cur).constructors) {
        for (const auto& f : s_.constructors[ci].fields) {
          refs(f.type, true, [&](const boxed_type& dep, bool) { todo.push_back(dep.full_name()); });
        }
      }
    }
    return seen;
  }

  std::string type_def_header(const boxed_type& t) const {
    const auto members = component(t);
    const std::set<std::string> in_component(members.begin(), members.end());
    deps d;
    for (const auto& m : members) {
      for (auto ci : type_of(m).constructors) collect(s_.constructors[ci], d, m);
    }
    std::set<std::string> include, fwd;
    for (const auto& n : d.all) (in_component.count(n) ? fwd : include).insert(n);
    for (const auto& m : members) fwd.insert(m);  // members refer to each other
    bool any_one_of = false;
    for (const auto& m : members) any_one_of |= !single(type_of(m));
    std::ostringstream o;
    o << banner() << "//\n// Definitions of ";
    if (members.size() == 1) {
      o << "the boxed type " << t.full_name() << "; include tlcpp/" << public_path(t) << " instead.\n";
    } else {
      o << "the boxed types ";
      for (std::size_t i = 0; i < members.size(); ++i) {
        o << (i == 0 ? "" : i + 1 == members.size() ? " and " : ", ") << members[i];
      }
      o << ",\n// which refer to each other; include their public headers instead.\n";
    }
    o << "#pragma once\n\n" << runtime_includes(d, any_one_of);
    if (!include.empty()) o << "\n";
    std::set<std::string> include_paths;
    for (const auto& n : include) include_paths.insert(def_path(type_of(n)));
    for (const auto& p : include_paths) o << "#include \"tlcpp/" << p << "\"\n";
    // Forward declarations of the members themselves are only needed when a
    // member refers to a member; drop them otherwise.
    bool self_ref = false;
    for (const auto& m : members) {
      for (auto ci : type_of(m).constructors) {
        for (const auto& f : s_.constructors[ci].fields) {
          refs(f.type, true,
               [&](const boxed_type& dep, bool) { self_ref |= in_component.count(dep.full_name()) != 0; });
        }
      }
    }
    if (!self_ref) fwd.clear();
    if (!fwd.empty()) o << "\n" << forward_declarations(fwd);
    // Types whose whole closure is complete at this point: everything outside
    // the component, and members once they and all they reach are defined.
    std::set<std::string> complete = include;
    std::set<std::string> defined;
    for (const auto& m : members) {
      const auto& mt = type_of(m);
      std::set<std::string> usable = complete;
      for (const auto& r : d.all) {
        if (complete.count(r)) continue;
        const auto reach = reachable(r);
        bool ok = true;
        for (const auto& x : reach) ok = ok && (defined.count(x) || !in_component.count(x));
        if (ok) usable.insert(r);
      }
      o << "\n" << ns_open(mt.ns);
      for (auto ci : mt.constructors) {
        const auto& c = s_.constructors[ci];
        o << "\n" << struct_body(c, cpp_name(c.ns, c.name), "", usable);
      }
      if (single(mt)) {
        const auto& c = s_.constructors[mt.constructors[0]];
        if (cpp_name(mt.ns, mt.name) != cpp_name(c.ns, c.name)) {
          o << "\n/// Boxed type " << mt.full_name() << ": its only constructor is " << c.full_name() << ".\n";
          o << "using " << cpp_name(mt.ns, mt.name) << " = " << cpp_name(c.ns, c.name) << ";\n";
        }
      } else {
        o << "\n/// Boxed type " << mt.full_name() << ": one of ";
        std::string list;
        for (std::size_t i = 0; i < mt.constructors.size(); ++i) {
          const auto& c = s_.constructors[mt.constructors[i]];
          o << (i ? ", " : "") << c.full_name();
          list += (i ? ", " : "") + cpp_name(c.ns, c.name);
        }
        // The default constructor is written out: were it implicit, `T()`
        // (std::vector<T>(n) in the parser) would zero all of the storage
        // before the one_of constructor ran.
        const auto& first = s_.constructors[mt.constructors[0]];
        o << ".\nstruct " << cpp_name(mt.ns, mt.name) << " : tlcpp::one_of<" << list
          << "> {\n  using one_of::one_of;\n  /// Holds " << first.full_name() << ".\n  " << cpp_name(mt.ns, mt.name)
          << "() noexcept {}\n};\n";
      }
      o << "\n" << ns_close(mt.ns);
      defined.insert(m);
    }
    o << "\nnamespace tlcpp {\n";
    for (const auto& m : members) {
      const auto& mt = type_of(m);
      for (auto ci : mt.constructors) o << "\n" << meta_body(s_.constructors[ci], mt.full_name(), "");
      std::string lines;
      for (auto ci : mt.constructors) {
        if (compiled(s_.constructors[ci])) lines += compiled_line(s_.constructors[ci]);
      }
      if (!lines.empty()) o << "\n" << lines;
      if (!single(mt)) {
        o << "\ntemplate <>\nstruct meta<" << qualified_type(mt)
          << "> {\n  static constexpr std::string_view name = " << quote(mt.full_name()) << ";\n};\n";
        o << "\nTLCPP_COMPILED_TYPE(" << qualified_type(mt) << ")\n";
      }
    }
    o << "\n}  // namespace tlcpp\n";
    return o.str();
  }

  std::string type_public_header(const boxed_type& t) const {
    deps d;
    for (auto ci : t.constructors) collect(s_.constructors[ci], d, t.full_name());
    std::ostringstream o;
    o << banner() << "//\n// Boxed type " << t.full_name() << ": ";
    for (std::size_t i = 0; i < t.constructors.size(); ++i) {
      o << (i ? ", " : "") << s_.constructors[t.constructors[i]].full_name();
    }
    o << ".\n#pragma once\n\n#include \"tlcpp/" << def_path(t) << "\"\n";
    if (!d.all.empty()) o << "\n// Complete the types it refers to.\n";
    for (const auto& n : d.all) o << "#include \"tlcpp/" << public_path(type_of(n)) << "\"\n";
    return o.str();
  }

  std::string result_cpp(const combinator& f) const {
    if (f.result.k == type_ref::kind::generic) return "typename " + f.result.name + "::result_type";
    return cpp_type(f.result, f);
  }
  std::string result_wire(const combinator& f) const {
    if (f.result.k == type_ref::kind::generic) return "typename meta<" + f.result.name + ">::result";
    if (f.result.k == type_ref::kind::vector && f.result.elem->k == type_ref::kind::generic) {
      throw schema_error(f.file + ":" + std::to_string(f.line) + ": unsupported generic result " + f.result_text);
    }
    return wire(f.result, f);
  }

  std::string method_header(const combinator& f) const {
    deps d;
    collect(f, d, "");
    std::set<std::string> result_types;
    refs(f.result, false, [&](const boxed_type& t, bool) { result_types.insert(t.full_name()); });
    if (f.result.k == type_ref::kind::vector) d.vector = true;
    if (f.result.k == type_ref::kind::builtin) {
      d.bytes |= f.result.name == "bytes";
      d.string |= f.result.name == "string";
    }
    std::ostringstream o;
    o << banner() << "//\n// Method " << f.full_name() << ".\n#pragma once\n\n";
    o << runtime_includes(d, false);
    d.complete.insert(d.in_vector.begin(), d.in_vector.end());  // nothing includes a method
    if (!d.complete.empty()) o << "\n";
    for (const auto& n : d.complete) o << "#include \"tlcpp/" << def_path(type_of(n)) << "\"\n";
    std::set<std::string> fwd = result_types;
    for (const auto& n : d.all) {
      if (!d.complete.count(n)) fwd.insert(n);
    }
    for (const auto& n : d.complete) fwd.erase(n);
    if (!fwd.empty()) o << "\n" << forward_declarations(fwd);
    o << "\n"
      << ns_open(f.ns) << "\n"
      << struct_body(f, cpp_name(f.ns, f.name), result_cpp(f), d.complete) << "\n"
      << ns_close(f.ns);
    o << "\nnamespace tlcpp {\n\n" << meta_body(f, f.result_text, result_wire(f));
    if (compiled(f)) o << "\n" << compiled_line(f);
    o << "\n}  // namespace tlcpp\n";
    std::set<std::string> complete = d.all;
    complete.insert(result_types.begin(), result_types.end());
    if (!complete.empty()) o << "\n// Complete the types it refers to.\n";
    for (const auto& n : complete) o << "#include \"tlcpp/" << public_path(type_of(n)) << "\"\n";
    return o.str();
  }

  std::string fwd_header() const {
    std::ostringstream o;
    o << banner() << "//\n// Declarations of every type and method of tlcpp::" << root_
      << ", for headers that only name them.\n#pragma once\n\n";
    std::set<std::string> all;
    for (const auto& [name, t] : s_.types) all.insert(name);
    o << forward_declarations(all);
    std::map<std::string, std::vector<const combinator*>> by_ns;
    for (const auto& f : s_.functions) by_ns[f.ns].push_back(&f);
    for (const auto& [ns, list] : by_ns) {
      o << ns_open(ns);
      for (const auto* f : list) {
        if (!f->generics.empty()) {
          o << "template <";
          for (std::size_t i = 0; i < f->generics.size(); ++i) o << (i ? ", " : "") << "class " << f->generics[i];
          o << ">\n";
        }
        o << "struct " << cpp_name(f->ns, f->name) << ";\n";
      }
      o << ns_close(ns);
    }
    return o.str();
  }

  std::string layer_header() const {
    std::ostringstream o;
    o << banner() << "#pragma once\n\nnamespace tlcpp::" << root_
      << " {\n\n/// The API layer these definitions are (send it in invokeWithLayer).\ninline constexpr int layer = "
      << *s_.layer << ";\n\n}  // namespace tlcpp::" << root_ << "\n";
    return o.str();
  }

  std::string umbrella(std::vector<std::string> all) const {
    std::sort(all.begin(), all.end());
    std::ostringstream o;
    o << banner() << "//\n// Every type and method of tlcpp::" << root_
      << ". Prefer including only the headers you use:\n// this one is large.\n#pragma once\n\n";
    if (s_.layer) o << "#include \"tlcpp/" << root_ << "/layer.hpp\"\n";
    for (const auto& p : all) o << "#include \"tlcpp/" << p << "\"\n";
    return o.str();
  }

  const schema& s_;
  std::string root_;
  std::string schema_path_;
  std::set<std::string> namespaces_;
};

}  // namespace

file_set emit(const schema& s, const std::string& root, const std::string& schema_path) {
  return emitter(s, root, schema_path).run();
}

cpp_names names_of(const schema& s, const std::string& root) {
  const emitter e(s, root, "");
  cpp_names out;
  for (const auto& c : s.constructors) out.constructors.push_back(e.name_of(c));
  for (const auto& f : s.functions) out.functions.push_back(e.name_of(f));
  return out;
}

}  // namespace tlgen
