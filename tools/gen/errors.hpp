// The RPC error data (schema/errors.tsv) as the generator sees it, and the
// emission of tlcpp/api/errors.hpp and tlcpp/api/errors_by_method.hpp from it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "emit.hpp"
#include "schema.hpp"

namespace tlgen {

// One error the runtime recognizes.
struct error_def {
  std::string name;                 // as sent: "FLOOD_WAIT_%d", "Timeout"
  std::int32_t code = 0;            // the code the data records for it
  std::vector<std::string> params;  // names of its %d placeholders ("param" records)
  bool listed = true;               // in raw-errors.json "errors"; false: only a method's "throws" names it
  // Derived by resolve_errors():
  std::string ident;     // C++ class name in tlcpp::errors
  std::string family;    // "", "wait" (<NAME>_WAIT_%d) or "migrate" (<NAME>_MIGRATE_%d)
  std::string param;     // "none", "number", "seconds" or "dc"
  std::string accessor;  // the number's accessor besides value(), or ""
};

// A class per error code.
struct code_class {
  std::int32_t code = 0;
  std::string base_name;  // "BAD_REQUEST" from a "base" record, or "" when the data has none
  std::string ident;      // bad_request, code_minus_503
};

struct error_data {
  std::string file;
  std::vector<std::string> provenance;  // the file's leading comment lines up to the first blank comment
  std::vector<error_def> errors;        // sorted by name (code-unit order)
  std::vector<code_class> classes;      // ascending code
  // Methods (and constructors) and the errors recorded for them, in file
  // order; keys as in the file (a name, or a signed decimal TL id).
  std::vector<std::pair<std::string, std::string>> method_errors;
  std::set<std::string> user_only, bot_only;
  std::map<std::string, std::string> available;  // method -> user|bot|both

  [[nodiscard]] const error_def* find(const std::string& name) const;
};

// Reads errors.tsv (format in its header) and resolves names, families and
// code classes; throws schema_error ("file:line: what") on anything malformed.
error_data load_errors(const std::string& path);
error_data parse_errors(const std::string& text, const std::string& file);

// The naming rule, for one name: lower snake case, "%d" dropped (or written
// "n" when `numbered`), a leading digit spelled out. Collisions are resolved
// by resolve_errors(), which uses this.
std::string error_base_identifier(const std::string& name, bool numbered);

// tlcpp/api/errors.hpp and tlcpp/api/errors_by_method.hpp. `schemas` resolve the
// method keys: entries for names (or ids) that no schema has are left out.
file_set emit_errors(const error_data& d, const std::vector<const schema*>& schemas, const std::string& shown_path);

}  // namespace tlgen
