// tlcpp-gen: reads TL schemas and writes the generated headers of tlcpp.
//
//   tlcpp-gen --out include/tlcpp api=schema/api.tl mtproto=schema/mtproto.tl
//   tlcpp-gen --check ...   writes nothing; exits 1 if OUT differs from the
//                           output (a changed, missing or extra file)
//   --errors schema/errors.tsv  also OUT/api/errors.hpp and OUT/api/errors_by_method.hpp
//   --strict-ids            an explicit #id that is not the CRC32 of its line
//                           is an error (for tlcpp's own schema/*.tl, where the
//                           check guards the conversion; the regenerate and
//                           check_generated targets pass it). Without it such
//                           an id is a warning on stderr and is used: in TL an
//                           explicit id is authoritative, and published
//                           schemas have such lines.
//   --id-exception NAME     with --strict-ids: NAME (a full name, e.g.
//                           help.configSimple) may have such an id; repeatable.
//                           A NAME that no schema has with such an id is an
//                           error, so that the list cannot go stale.
//
// Each NAME=FILE pair becomes namespace tlcpp::NAME and the folder OUT/NAME/
// (replaced entirely, so removed types leave no stale headers), with the
// umbrella OUT/NAME/all.hpp. Output depends only on the input files.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <list>
#include <set>
#include <sstream>

#include "emit.hpp"
#include "errors.hpp"
#include "registry.hpp"
#include "schema.hpp"

namespace {
// The path of an input as recorded in the output: from its "schema/" on, so
// that the output does not depend on where the checkout lives.
std::string shown_path(const std::string& path) {
  const std::string shown = std::filesystem::path(path).lexically_normal().generic_string();
  const auto at = shown.rfind("schema/");
  return shown.substr(at == std::string::npos ? 0 : at);
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tlcpp-gen: generate tlcpp headers from TL schemas"};
  std::string out_dir;
  std::vector<std::string> inputs;
  bool check = false;
  std::string errors_file;
  tlgen::load_options load;
  std::vector<std::string> id_exceptions;
  app.add_option("--out", out_dir, "folder that receives NAME/ and NAME.hpp (include/tlcpp)")->required();
  app.add_flag("--check", check, "compare with the files in --out instead of writing");
  app.add_option("--errors", errors_file, "RPC error data (schema/errors.tsv): also write errors.hpp");
  auto* strict = app.add_flag("--strict-ids", load.strict_ids, "an id that is not the CRC32 of its line is an error");
  app.add_option("--id-exception", id_exceptions, "with --strict-ids: NAME may have such an id (repeatable)")
      ->allow_extra_args(false)
      ->needs(strict);
  app.add_option("schemas", inputs, "NAME=FILE pairs, e.g. api=schema/api.tl")->required();
  CLI11_PARSE(app, argc, argv);

  load.id_exceptions.insert(id_exceptions.begin(), id_exceptions.end());

  try {
    // Everything is generated first, then compared or written: errors.hpp
    // lives under api/ with the types, so a folder is only replaced (or
    // checked for extra files) once all of its files are known.
    std::list<tlgen::schema> loaded;  // for --errors, which resolves method names
    tlgen::file_set files;
    std::vector<std::string> roots;
    std::vector<tlgen::named_schema> named;
    for (const auto& in : inputs) {
      const auto eq = in.find('=');
      if (eq == std::string::npos || eq == 0) throw tlgen::schema_error("expected NAME=FILE, got '" + in + "'");
      const std::string root = in.substr(0, eq);
      const std::string path = in.substr(eq + 1);
      const tlgen::schema& s = loaded.emplace_back(tlgen::load_schema(path, load));
      auto emitted = tlgen::emit(s, root, shown_path(path));
      emitted.merge(tlgen::emit_type_list(s, root, shown_path(path)));  // <root>/type_list.hpp
      std::cout << path << ": " << s.constructors.size() << " constructors (" << s.types.size() << " boxed types), "
                << s.functions.size() << " methods, " << emitted.size() << " files\n";
      files.merge(emitted);
      roots.push_back(root);
      named.push_back({&s, root, shown_path(path)});
    }
    files.merge(tlgen::emit_registry_table(named));  // <first root>/registry_table.cpp
    for (const auto& name : load.id_exceptions) {
      if (std::none_of(loaded.begin(), loaded.end(), [&](const auto& s) { return s.ids_not_crc.count(name); })) {
        throw tlgen::schema_error("--id-exception " + name + ": no schema has " + name +
                                  " with an id other than the CRC32 of its line");
      }
    }
    if (!errors_file.empty()) {
      std::vector<const tlgen::schema*> schemas;
      for (const auto& s : loaded) schemas.push_back(&s);
      files.merge(tlgen::emit_errors(tlgen::load_errors(errors_file), schemas, shown_path(errors_file)));
    }
    const std::filesystem::path base(out_dir);
    if (check) {
      std::set<std::string> on_disk;
      for (const auto& root : roots) {
        if (!std::filesystem::exists(base / root)) continue;
        for (const auto& e : std::filesystem::recursive_directory_iterator(base / root)) {
          if (e.is_regular_file()) on_disk.insert(e.path().lexically_relative(base).generic_string());
        }
      }
      int problems = 0;
      for (const auto& [rel, text] : files) {
        std::ifstream f(base / rel, std::ios::binary);
        std::ostringstream current;
        current << f.rdbuf();
        if (!f || current.str() != text) {
          std::cerr << "tlcpp-gen: " << (base / rel).string() << (f ? " is stale" : " is missing") << "\n";
          ++problems;
        }
        on_disk.erase(rel);
      }
      for (const auto& extra : on_disk) {
        std::cerr << "tlcpp-gen: " << (base / extra).string() << " is not generated from the schema\n";
        ++problems;
      }
      if (problems != 0) {
        std::cerr << "tlcpp-gen: " << problems << " generated files differ; run the regenerate command\n";
        return 1;
      }
      std::cout << "generated files are up to date (" << files.size() << " files)\n";
      return 0;
    }
    for (const auto& root : roots) std::filesystem::remove_all(base / root);
    for (const auto& [rel, text] : files) {
      const auto p = base / rel;
      std::filesystem::create_directories(p.parent_path());
      std::ofstream f(p, std::ios::binary);
      f << text;
      if (!f) throw tlgen::schema_error("cannot write " + p.string());
    }
    std::cout << "wrote " << files.size() << " files\n";
  } catch (const std::exception& e) {
    std::cerr << "tlcpp-gen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
