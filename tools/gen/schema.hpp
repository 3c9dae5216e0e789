// The TL schema as the generator sees it: parsed, resolved and checked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tlgen {

// A schema problem, reported as file:line: what.
struct schema_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A field's type expression, resolved.
struct type_ref {
  enum class kind {
    builtin,  // int long double string bytes int128 int256 Bool true
    boxed,    // a boxed TL type: Photo, photos.Photo
    bare,     // a bare constructor: %Message, message
    vector,   // Vector<T> (boxed) or vector<T> (bare): see `boxed_vector`
    generic,  // !X or X where {X:Type}
    object,   // Object: any boxed object
    flags,    // #
  };
  kind k = kind::builtin;
  std::string name;  // builtin name, TL type name, constructor name or generic name
  bool boxed_vector = false;
  std::shared_ptr<type_ref> elem;  // for vectors
};

struct field {
  std::string name;
  std::string tl_type;  // as written, e.g. "flags.1?InputUser"
  type_ref type;
  int flags_field = -1;  // index into fields of the `#` field, or -1
  int flags_ordinal = -1;
  int bit = -1;
  int own_flags_ordinal = -1;  // for `#` fields: ordinal among `#` fields
  bool boxed_member = false;   // stored in tlcpp::box (recursive type)
};

struct combinator {
  std::string file;
  int line = 0;
  std::string ns;    // TL namespace, "" for none
  std::string name;  // without namespace
  std::uint32_t id = 0;
  std::vector<std::string> generics;
  std::vector<field> fields;
  type_ref result;
  std::string result_text;  // as written after '='
  bool function = false;
  std::string tl_line;  // canonical text of the declaration

  [[nodiscard]] std::string full_name() const { return ns.empty() ? name : ns + "." + name; }
};

// A boxed type and its constructors (indices into schema::constructors).
struct boxed_type {
  std::string ns, name;
  std::vector<std::size_t> constructors;
  int scc = -1;      // component of the "holds by value" graph
  int scc_all = -1;  // component of the graph that also follows vectors
  [[nodiscard]] std::string full_name() const { return ns.empty() ? name : ns + "." + name; }
};

struct schema {
  std::string file;
  std::string provenance;  // leading comment lines of the file
  std::optional<int> layer;
  std::vector<combinator> constructors;
  std::vector<combinator> functions;
  std::map<std::string, boxed_type> types;            // by full TL name
  std::map<std::string, std::size_t> constructor_by;  // full name -> index
  // Full names of the declarations whose explicit #id is not the CRC32 of
  // their line (accepted: a warning, or an exception of load_options).
  std::set<std::string> ids_not_crc;
};

// How load_schema treats ids. In TL an explicit #id is authoritative, and
// published schemas have lines whose id is not the CRC32 of their text
// (Telegram's ipPortSecret, accessPointRule, the invokeWith...Prefix
// helpers); a line without an id gets its CRC32.
struct load_options {
  // For tlcpp's own schema/*.tl, where the CRC32 check guards the conversion
  // from mtcute's JSON: an explicit id that is not the CRC32 of its line is
  // an error, unless the declaration's full name is in id_exceptions.
  // Otherwise (the default) such an id is a warning and is used.
  bool strict_ids = false;
  std::set<std::string> id_exceptions;
  // Receives each warning, "file:line: warning: ..."; if empty, std::cerr does.
  std::function<void(const std::string&)> warn;
};

// Reads and resolves a .tl file; throws schema_error on anything it does not
// understand (and, with strict_ids, on an id that is not the CRC32 of its line).
schema load_schema(const std::string& path, const load_options& options = {});

// The CRC32 of the normalized TL line: the id Telegram derives.
std::uint32_t tl_crc(const combinator& c);
std::string normalized_line(const combinator& c);

}  // namespace tlgen
