// tlcpp-gen: reads TL schemas and writes the generated headers of tlcpp.
//
//   tlcpp-gen --out include/tlcpp api=schema/api.tl mtproto=schema/mtproto.tl
//   tlcpp-gen --check ...   writes nothing; exits 1 if OUT differs from the
//                           output (a changed, missing or extra file)
//   --errors schema/errors.tsv  also OUT/errors.hpp and OUT/errors_by_method.hpp
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
// Each NAME=FILE pair becomes namespace tlcpp::NAME, the folder OUT/NAME/
// (replaced entirely, so removed types leave no stale headers) and the
// umbrella OUT/NAME.hpp. Output depends only on the input files.
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
    std::list<tlgen::schema> loaded;  // for --errors, which resolves method names
    for (const auto& in : inputs) {
      const auto eq = in.find('=');
      if (eq == std::string::npos || eq == 0) throw tlgen::schema_error("expected NAME=FILE, got '" + in + "'");
      const std::string root = in.substr(0, eq);
      const std::string path = in.substr(eq + 1);
      const tlgen::schema& s = loaded.emplace_back(tlgen::load_schema(path, load));
      // Record the schema path as given relative to the repository, so output
      // does not depend on where the checkout lives.
      const std::string shown = std::filesystem::path(path).lexically_normal().generic_string();
      const std::string shown_schema =
          shown.substr(shown.rfind("schema/") == std::string::npos ? 0 : shown.rfind("schema/"));
      auto files = tlgen::emit(s, root, shown_schema);
      files.merge(tlgen::emit_registry(s, root, shown_schema));  // <root>/registry.hpp
      const std::filesystem::path base(out_dir);
      if (check) {
        std::set<std::string> on_disk;
        if (std::filesystem::exists(base / root)) {
          for (const auto& e : std::filesystem::recursive_directory_iterator(base / root)) {
            if (e.is_regular_file()) on_disk.insert(e.path().lexically_relative(base).generic_string());
          }
        }
        on_disk.insert(root + ".hpp");
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
        std::cout << path << ": generated headers are up to date (" << files.size() << " files)\n";
        continue;
      }
      std::filesystem::remove_all(base / root);
      for (const auto& [rel, text] : files) {
        const auto p = base / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream f(p, std::ios::binary);
        f << text;
        if (!f) throw tlgen::schema_error("cannot write " + p.string());
      }
      std::size_t types = s.types.size();
      std::cout << path << ": " << s.constructors.size() << " constructors (" << types << " boxed types), "
                << s.functions.size() << " methods, " << files.size() << " files\n";
    }
    for (const auto& name : load.id_exceptions) {
      if (std::none_of(loaded.begin(), loaded.end(), [&](const auto& s) { return s.ids_not_crc.count(name); })) {
        throw tlgen::schema_error("--id-exception " + name + ": no schema has " + name +
                                  " with an id other than the CRC32 of its line");
      }
    }
    if (!errors_file.empty()) {
      std::vector<const tlgen::schema*> schemas;
      for (const auto& s : loaded) schemas.push_back(&s);
      const std::string shown = std::filesystem::path(errors_file).lexically_normal().generic_string();
      const auto files =
          tlgen::emit_errors(tlgen::load_errors(errors_file), schemas,
                             shown.substr(shown.rfind("schema/") == std::string::npos ? 0 : shown.rfind("schema/")));
      int problems = 0;
      for (const auto& [rel, text] : files) {
        const auto p = std::filesystem::path(out_dir) / rel;
        if (check) {
          std::ifstream f(p, std::ios::binary);
          std::ostringstream current;
          current << f.rdbuf();
          if (!f || current.str() != text) {
            std::cerr << "tlcpp-gen: " << p.string() << (f ? " is stale" : " is missing") << "\n";
            ++problems;
          }
          continue;
        }
        std::ofstream f(p, std::ios::binary);
        f << text;
        if (!f) throw tlgen::schema_error("cannot write " + p.string());
      }
      if (problems != 0) {
        std::cerr << "tlcpp-gen: " << problems << " generated files differ; run the regenerate command\n";
        return 1;
      }
      std::cout << errors_file << ": "
                << (check ? "error headers are up to date" : "wrote errors.hpp, errors_by_method.hpp") << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "tlcpp-gen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
