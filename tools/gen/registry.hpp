// Emission for the registry: <root>/type_list.hpp (every constructor and
// method of a schema in one type list) and the registry's table (every
// constructor and method of all schemas as data, for tlcpp/extras/registry.hpp).
#pragma once

#include <string>
#include <vector>

#include "emit.hpp"
#include "schema.hpp"

namespace tlgen {

// The file <root>/type_list.hpp for schema `s`. It is not part of emit(): no
// generated header includes it, and it includes them all.
file_set emit_type_list(const schema& s, const std::string& root, const std::string& schema_path);

// A schema and where it goes: namespace tlcpp::<root>.
struct named_schema {
  const schema* s;
  std::string root;
  std::string schema_path;  // as recorded in the output
};

// The file <first root>/registry_table.cpp: the table of every schema given,
// the first one's entries first.
file_set emit_registry_table(const std::vector<named_schema>& schemas);

}  // namespace tlgen
