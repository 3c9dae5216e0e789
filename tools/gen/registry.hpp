// Emission of <root>/registry.hpp: every constructor and method of a schema
// in one type list, in order of id, for tlcpp/extras/registry.hpp (which builds the
// tables that decode any object by its id or name).
#pragma once

#include <string>

#include "emit.hpp"
#include "schema.hpp"

namespace tlgen {

// The file <root>/registry.hpp for schema `s` (path -> contents). It is not
// part of emit(): no generated header includes it, and it includes them all.
file_set emit_registry(const schema& s, const std::string& root, const std::string& schema_path);

}  // namespace tlgen
