// tlcpp-gen: reads TL schemas and writes the generated headers of tlcpp.
//
//   tlcpp-gen --out include/tlcpp api=schema/api.tl mtproto=schema/mtproto.tl
//
// Each NAME=FILE pair becomes namespace tlcpp::NAME, the folder OUT/NAME/
// (replaced entirely, so removed types leave no stale headers) and the
// umbrella OUT/NAME.hpp. Output depends only on the input files.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "emit.hpp"
#include "schema.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tlcpp-gen: generate tlcpp headers from TL schemas"};
  std::string out_dir;
  std::vector<std::string> inputs;
  app.add_option("--out", out_dir, "folder that receives NAME/ and NAME.hpp (include/tlcpp)")->required();
  app.add_option("schemas", inputs, "NAME=FILE pairs, e.g. api=schema/api.tl")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    for (const auto& in : inputs) {
      const auto eq = in.find('=');
      if (eq == std::string::npos || eq == 0) throw tlgen::schema_error("expected NAME=FILE, got '" + in + "'");
      const std::string root = in.substr(0, eq);
      const std::string path = in.substr(eq + 1);
      const tlgen::schema s = tlgen::load_schema(path);
      // Record the schema path as given relative to the repository, so output
      // does not depend on where the checkout lives.
      const std::string shown = std::filesystem::path(path).lexically_normal().generic_string();
      const auto files = tlgen::emit(s, root, shown.substr(shown.rfind("schema/") == std::string::npos ? 0 : shown.rfind("schema/")));
      const std::filesystem::path base(out_dir);
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
  } catch (const std::exception& e) {
    std::cerr << "tlcpp-gen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
