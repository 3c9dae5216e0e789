// C++ emission: one definition header and one public header per boxed type,
// one header per method, forward declarations and umbrella headers.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "schema.hpp"

namespace tlgen {

// Generated files, path (relative to the output folder) -> contents.
using file_set = std::map<std::string, std::string>;

// Emits the headers of schema `s` into namespace tlcpp::<root>, as files
// under <root>/ plus the umbrella <root>.hpp.
file_set emit(const schema& s, const std::string& root, const std::string& schema_path);

// The C++ names emit() gives the constructors and the methods of `s`,
// qualified from namespace tlcpp (`api::photos::photo`), in schema order.
struct cpp_names {
  std::vector<std::string> constructors, functions;
};
cpp_names names_of(const schema& s, const std::string& root);

}  // namespace tlgen
