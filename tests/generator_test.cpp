// tlcpp-gen (tools/gen), on a small schema that uses the whole TL grammar:
// tests/generator/sample.tl.
//
//   * GeneratorSnapshot: emit() of sample.tl (root namespace `sample`, schema
//     shown as schema/sample.tl) must equal, byte for byte and file for file,
//     the golden files under tests/generator/expected/ (stored as
//     expected/tlcpp/<path>, so that `-I tests/generator/expected` resolves the
//     generated `#include "tlcpp/sample/..."` lines).
//   * GeneratorModel: what load_schema() makes of it (counts, ids, flags,
//     which recursive fields are boxed, type references).
//   * GeneratorEmit: C++ names (keywords, constructor vs namespace).
//   * GeneratorErrors: the exact "file:line: message" of schema mistakes.
//   * GeneratorRealSchemas: schemas as their projects publish them
//     (tests/generator/real, each file says where it is from): ids that are
//     not the CRC32 of their lines, id-less declarations, `= Object`,
//     `= Error` and the lines TDLib adds; exact ids and warnings.
//
// Refreshing the snapshots after an intended generator change:
//
//   TLCPP_UPDATE_SNAPSHOTS=1 ./build/tests/generator_test --gtest_filter='GeneratorSnapshot.*'
//
// rewrites tests/generator/expected/ from the current generator (and the test
// then passes); review the result with `git diff tests/generator/expected`.
// tests/generator/generated_code_test.cpp compiles the snapshots and round-trips
// values through them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "emit.hpp"
#include "registry.hpp"
#include "schema.hpp"

namespace {

namespace fs = std::filesystem;
using tlgen::type_ref;
using kind = tlgen::type_ref::kind;

const std::string kData = TLCPP_TEST_DATA;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const tlgen::schema& sample() {
  static const tlgen::schema s = tlgen::load_schema(kData + "/sample.tl");
  return s;
}

// Everything tlcpp-gen writes for the sample: headers, compiled-mode
// sources, the type list and the registry's table.
const tlgen::file_set& sample_files() {
  static const tlgen::file_set f = [] {
    tlgen::file_set files = tlgen::emit(sample(), "sample", "schema/sample.tl");
    files.merge(tlgen::emit_type_list(sample(), "sample", "schema/sample.tl"));
    files.merge(tlgen::emit_registry_table({{&sample(), "sample", "schema/sample.tl"}}));
    return files;
  }();
  return f;
}

const tlgen::combinator& find_in(const std::vector<tlgen::combinator>& list, const std::string& full) {
  for (const auto& c : list) {
    if (c.full_name() == full) return c;
  }
  throw std::runtime_error("sample.tl has no " + full);
}
const tlgen::combinator& ctor(const std::string& full) { return find_in(sample().constructors, full); }
const tlgen::combinator& method(const std::string& full) { return find_in(sample().functions, full); }

const tlgen::field& field(const tlgen::combinator& c, const std::string& name) {
  for (const auto& f : c.fields) {
    if (f.name == name) return f;
  }
  throw std::runtime_error(c.full_name() + " has no field " + name);
}
int field_index(const tlgen::combinator& c, const std::string& name) {
  for (std::size_t i = 0; i < c.fields.size(); ++i) {
    if (c.fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// What load_schema() makes of `text`, written to a fresh bad.tl: the schema or
// the error, and the warnings, with the directory stripped ("bad.tl:3: ...").
struct loaded {
  std::optional<tlgen::schema> schema;
  std::string error = "no error";
  std::vector<std::string> warnings;
};

loaded load_text(const std::string& text, tlgen::load_options options = {}) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("tlcpp_generator_test_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
       std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const fs::path file = dir / "bad.tl";
  { std::ofstream(file, std::ios::binary) << text; }
  const std::string prefix = (dir / "").string();
  auto strip = [&](std::string m) { return m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m; };
  loaded out;
  options.warn = [&](const std::string& w) { out.warnings.push_back(strip(w)); };
  try {
    out.schema = tlgen::load_schema(file.string(), options);
  } catch (const tlgen::schema_error& e) {
    out.error = strip(e.what());
  } catch (const std::exception& e) {
    out.error = std::string("not a schema_error: ") + e.what();
  }
  fs::remove_all(dir);
  return out;
}

tlgen::load_options strict(std::set<std::string> exceptions = {}) {
  tlgen::load_options o;
  o.strict_ids = true;
  o.id_exceptions = std::move(exceptions);
  return o;
}

// Loads `text` from a fresh bad.tl (with the strict id check, as for our own
// schema, unless told otherwise); returns the error with the directory
// stripped ("bad.tl:3: ..."), or "no error".
std::string load_error(const std::string& text, const tlgen::load_options& options = strict()) {
  return load_text(text, options).error;
}

// ---- snapshots -------------------------------------------------------------

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  if (!text.empty() && text.back() != '\n') out.back() += "  (no newline at end of file)";
  return out;
}

// One unified-diff hunk around the changed region (common prefix and suffix
// stripped), enough to see what changed without an external diff tool.
std::string unified_hint(const std::string& name, const std::string& expected, const std::string& actual) {
  const auto a = lines_of(expected);
  const auto b = lines_of(actual);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  constexpr std::size_t kContext = 3, kMaxLines = 40;
  const std::size_t from = prefix > kContext ? prefix - kContext : 0;
  const std::size_t a_end = std::min(a.size(), a.size() - suffix + kContext);
  const std::size_t b_end = std::min(b.size(), b.size() - suffix + kContext);
  std::ostringstream o;
  o << "--- expected/" << name << "\n+++ generated/" << name << "\n";
  o << "@@ -" << from + 1 << "," << a_end - from << " +" << from + 1 << "," << b_end - from << " @@\n";
  std::size_t shown = 0;
  for (std::size_t i = from; i < prefix; ++i) o << " " << a[i] << "\n";
  for (std::size_t i = prefix; i < a.size() - suffix && shown < kMaxLines; ++i, ++shown) o << "-" << a[i] << "\n";
  for (std::size_t i = prefix; i < b.size() - suffix && shown < 2 * kMaxLines; ++i, ++shown) o << "+" << b[i] << "\n";
  if (shown >= kMaxLines) o << "... (hunk shortened)\n";
  for (std::size_t i = a.size() - suffix; i < a_end; ++i) o << " " << a[i] << "\n";
  return o.str();
}

std::set<std::string> files_under(const fs::path& root) {
  std::set<std::string> out;
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.insert(e.path().lexically_relative(root).generic_string());
  }
  return out;
}

bool update_requested() {
  const char* v = std::getenv("TLCPP_UPDATE_SNAPSHOTS");
  return v != nullptr && std::string_view(v) == "1";
}

TEST(GeneratorSnapshot, OutputMatchesExpectedFiles) {
  const fs::path root = fs::path(kData) / "expected";
  std::map<std::string, std::string> generated;  // path under expected/ -> contents
  for (const auto& [rel, text] : sample_files()) generated["tlcpp/" + rel] = text;

  if (update_requested()) {
    fs::remove_all(root / "tlcpp");
    for (const auto& [rel, text] : generated) {
      const fs::path p = root / rel;
      fs::create_directories(p.parent_path());
      std::ofstream out(p, std::ios::binary);
      out << text;
      ASSERT_TRUE(out.good()) << "cannot write " << p;
    }
    std::cout << "[ snapshots ] rewrote " << generated.size() << " files under " << root.string() << "\n";
  }

  const std::string refresh =
      "\nIf the change is intended, refresh the snapshots: TLCPP_UPDATE_SNAPSHOTS=1 generator_test "
      "--gtest_filter='GeneratorSnapshot.*' and review git diff tests/generator/expected.";
  const auto on_disk = files_under(root);
  std::set<std::string> names;
  for (const auto& [rel, text] : generated) names.insert(rel);
  std::vector<std::string> missing, extra;
  std::set_difference(names.begin(), names.end(), on_disk.begin(), on_disk.end(), std::back_inserter(missing));
  std::set_difference(on_disk.begin(), on_disk.end(), names.begin(), names.end(), std::back_inserter(extra));
  for (const auto& m : missing) ADD_FAILURE() << "generated but not in expected/: " << m << refresh;
  for (const auto& x : extra) ADD_FAILURE() << "in expected/ but no longer generated: " << x << refresh;

  for (const auto& [rel, text] : generated) {
    if (!on_disk.count(rel)) continue;
    const std::string want = read_file(root / rel);
    if (want != text)
      ADD_FAILURE() << rel << " differs from its snapshot:\n" << unified_hint(rel, want, text) << refresh;
  }
}

TEST(GeneratorSnapshot, FileListIsWhatTheSchemaDeclares) {
  // A public header per boxed type, a definition header per group of types
  // that refer to each other (MessageMedia and StoryItem share one), one
  // header per method, fwd.hpp, layer.hpp (the schema ends with `// LAYER 7`),
  // the umbrella, one source of tlcpp::compiled (a small schema fits one),
  // the type list and the registry's table.
  const auto& f = sample_files();
  EXPECT_EQ(f.size(), 2 * sample().types.size() - 1 + sample().functions.size() + 6);
  EXPECT_TRUE(f.count("sample/compiled/01.cpp"));
  EXPECT_TRUE(f.count("sample/type_list.hpp"));
  EXPECT_TRUE(f.count("sample/registry_table.cpp"));
  EXPECT_FALSE(f.count("sample/StoryItem.def.hpp"));
  EXPECT_NE(f.at("sample/StoryItem.hpp").find("#include \"tlcpp/sample/MessageMedia.def.hpp\"\n"), std::string::npos);
  for (const char* p : {"sample/all.hpp", "sample/fwd.hpp", "sample/layer.hpp", "sample/RichText.def.hpp",
                        "sample/RichText.hpp", "sample/updates/Difference.def.hpp", "sample/updates/State.hpp",
                        "sample/updates/getState.hpp", "sample/users/getUsers.hpp", "sample/account/updateStatus.hpp",
                        "sample/invokeWithLayer.hpp", "sample/ping.hpp"}) {
    EXPECT_TRUE(f.count(p)) << p;
  }
  // Output depends on the inputs only.
  EXPECT_EQ(tlgen::emit(sample(), "sample", "schema/sample.tl"), tlgen::emit(sample(), "sample", "schema/sample.tl"));
  for (const auto& [rel, text] : f) {
    EXPECT_EQ(text.find(kData), std::string::npos) << rel << " mentions the checkout path";
    EXPECT_EQ(text.rfind("// Generated by tlcpp-gen from schema/sample.tl.", 0), 0u) << rel;
  }
}

// ---- the model -------------------------------------------------------------

TEST(GeneratorModel, Counts) {
  const auto& s = sample();
  EXPECT_EQ(s.constructors.size(), 36u);
  EXPECT_EQ(s.functions.size(), 7u);
  EXPECT_EQ(s.types.size(), 21u);
  ASSERT_TRUE(s.layer.has_value());
  EXPECT_EQ(*s.layer, 7);
  EXPECT_EQ(s.provenance.rfind("tlcpp generator test schema (tests/generator_test.cpp): small, but it uses\n", 0), 0u)
      << s.provenance;

  const std::map<std::string, std::size_t> constructors_of = {
      {"Envelope", 1},     {"Folder", 1},           {"FutureSalt", 1},   {"FutureSalts", 1}, {"GeoPoint", 1},
      {"Message", 2},      {"MessageContainer", 1}, {"MessageMedia", 4}, {"MsgIds", 1},      {"Photo", 2},
      {"Pong", 1},         {"Primitives", 1},       {"RichText", 5},     {"RpcResult", 1},   {"StoryItem", 2},
      {"Update", 2},       {"Updates", 2},          {"User", 2},         {"WallPaper", 1},   {"updates.Difference", 3},
      {"updates.State", 1}};
  std::map<std::string, std::size_t> actual;
  for (const auto& [name, t] : s.types) actual[name] = t.constructors.size();
  EXPECT_EQ(actual, constructors_of);

  // Constructors are listed in schema order, types know theirs by index.
  const auto& rich = s.types.at("RichText");
  std::vector<std::string> names;
  for (auto i : rich.constructors) names.push_back(s.constructors[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"textEmpty", "textPlain", "textBold", "textUrl", "textConcat"}));
  EXPECT_EQ(s.types.at("updates.Difference").ns, "updates");
  EXPECT_EQ(s.types.at("updates.Difference").name, "Difference");
  EXPECT_EQ(s.constructor_by.at("updates.state"), s.types.at("updates.State").constructors.at(0));

  // The second ---types--- section, after functions, adds constructors again.
  EXPECT_EQ(s.constructors.back().full_name(), "pong");
  EXPECT_EQ(s.functions.back().full_name(), "ping");
}

TEST(GeneratorModel, IdsAreTheCrcOfTheNormalizedLine) {
  for (const auto* list : {&sample().constructors, &sample().functions}) {
    for (const auto& c : *list) EXPECT_EQ(tlgen::tl_crc(c), c.id) << c.tl_line;
  }
  // Declarations that are also in Telegram's schemas keep Telegram's ids.
  const std::map<std::string, std::uint32_t> telegram = {
      {"textEmpty", 0xdc3d824f},   {"textPlain", 0x744694e0},    {"textBold", 0x6724abc4},   {"textConcat", 0x7e6260d7},
      {"future_salt", 0x0949d9dc}, {"future_salts", 0xae500895}, {"rpc_result", 0xf35c6d01}, {"pong", 0x347773c5}};
  for (const auto& [name, id] : telegram) EXPECT_EQ(ctor(name).id, id) << name;
  EXPECT_EQ(method("invokeWithLayer").id, 0xda9b0d0du);
  EXPECT_EQ(method("updates.getState").id, 0xedd4882au);
  EXPECT_EQ(method("account.updateStatus").id, 0x6628562cu);
  EXPECT_EQ(method("get_future_salts").id, 0xb921bd04u);
  EXPECT_EQ(method("ping").id, 0x7abe77ecu);

  // flags.N?true fields are dropped, generics lose their braces, <> become
  // spaces, a top-level bytes is written string (inside a vector it stays).
  EXPECT_EQ(tlgen::normalized_line(ctor("user")),
            "user flags:# id:long access_hash:flags.0?long first_name:flags.1?string photo:flags.5?Photo flags2:# "
            "usernames:flags2.0?Vector string color:flags2.31?int = User");
  EXPECT_EQ(tlgen::normalized_line(ctor("photo")),
            "photo flags:# id:long access_hash:long file_reference:string date:int = Photo");
  EXPECT_EQ(tlgen::normalized_line(ctor("primitives")),
            "primitives i:int l:long d:double s:string b:string i128:int128 i256:int256 ok:Bool = Primitives");
  EXPECT_EQ(tlgen::normalized_line(ctor("message")),
            "message flags:# id:int from_id:flags.8?long message:string media:flags.9?MessageMedia "
            "reactions:flags.20?Vector bytes = Message");
  EXPECT_EQ(tlgen::normalized_line(ctor("msg_container")),
            "msg_container messages:vector %Envelope = MessageContainer");
  EXPECT_EQ(tlgen::normalized_line(method("invokeWithLayer")), "invokeWithLayer X:Type layer:int query:!X = X");
  EXPECT_EQ(tlgen::normalized_line(method("users.getUsers")), "users.getUsers id:Vector long = Vector User");

  // The canonical line: one line even when the declaration spans two, without
  // comments, with the id.
  const auto& diff = ctor("updates.difference");
  EXPECT_EQ(diff.tl_line,
            "updates.difference#f306192f new_messages:Vector<Message> other_updates:Vector<Update> "
            "state:updates.State = updates.Difference;");
  EXPECT_EQ(tlgen::normalized_line(diff),
            "updates.difference new_messages:Vector Message other_updates:Vector Update state:updates.State = "
            "updates.Difference");
  EXPECT_EQ(ctor("textBold").tl_line, "textBold#6724abc4 text:RichText = RichText;");
  EXPECT_EQ(ctor("future_salt").tl_line,
            "future_salt#0949d9dc valid_since:int valid_until:int salt:long = FutureSalt;");

  // Where each declaration starts (errors point there).
  EXPECT_EQ(ctor("primitives").line, 25);
  EXPECT_EQ(diff.line, 68);
  EXPECT_EQ(ctor("updates.differenceSlice").line, 70);
  EXPECT_EQ(method("ping").line, 100);
  EXPECT_EQ(ctor("textBold").file, kData + "/sample.tl");
}

TEST(GeneratorModel, RecursiveFieldsAreBoxedAndOnlyThose) {
  std::set<std::string> boxed;
  for (const auto* list : {&sample().constructors, &sample().functions}) {
    for (const auto& c : *list) {
      for (const auto& f : c.fields) {
        if (f.boxed_member) boxed.insert(c.full_name() + "." + f.name);
      }
    }
  }
  EXPECT_EQ(boxed, (std::set<std::string>{
                       "textBold.text",            // RichText holds a RichText
                       "textUrl.text",             //
                       "textUrl.tooltip",          // ... also behind a flag
                       "folder.parent",            // a single constructor type holding itself
                       "messageMediaStory.story",  // MessageMedia -> StoryItem -> MessageMedia
                       "storyItem.media",          //
                   }));
  // Not boxed: vectors are indirect already; by-value fields outside the cycle.
  for (const auto& [c, f] : std::vector<std::pair<std::string, std::string>>{
           {"textConcat", "texts"},
           {"messageMediaPhoto", "photo"},
           {"messageMediaGeo", "geo"},
           {"message", "media"},  // Message holds a MessageMedia, nothing there holds a Message
           {"updateStory", "story"},
           {"updates.difference", "state"},
           {"updates.differenceSlice", "intermediate_state"},
           {"user", "photo"}}) {
    EXPECT_FALSE(field(ctor(c), f).boxed_member) << c << "." << f;
  }
  const auto& t = sample().types;
  EXPECT_EQ(t.at("MessageMedia").scc, t.at("StoryItem").scc);
  EXPECT_NE(t.at("Message").scc, t.at("MessageMedia").scc);
  EXPECT_NE(t.at("RichText").scc, t.at("MessageMedia").scc);
  EXPECT_NE(t.at("Update").scc, t.at("StoryItem").scc);
}

TEST(GeneratorModel, FlagsOrdinalsAndBits) {
  const auto& u = ctor("user");
  const auto& flags = field(u, "flags");
  const auto& flags2 = field(u, "flags2");
  EXPECT_EQ(flags.type.k, kind::flags);
  EXPECT_EQ(flags.own_flags_ordinal, 0);
  EXPECT_EQ(flags.flags_field, -1);
  EXPECT_EQ(flags2.type.k, kind::flags);
  EXPECT_EQ(flags2.own_flags_ordinal, 1);

  struct expect {
    const char* name;
    const char* flags_name;
    int ordinal, bit;
  };
  for (const auto& e :
       {expect{"self", "flags", 0, 10}, expect{"bot", "flags", 0, 14}, expect{"access_hash", "flags", 0, 0},
        expect{"first_name", "flags", 0, 1}, expect{"photo", "flags", 0, 5}, expect{"premium", "flags2", 1, 3},
        expect{"usernames", "flags2", 1, 0}, expect{"color", "flags2", 1, 31}}) {
    const auto& f = field(u, e.name);
    EXPECT_EQ(f.flags_field, field_index(u, e.flags_name)) << e.name;
    EXPECT_EQ(f.flags_ordinal, e.ordinal) << e.name;
    EXPECT_EQ(f.bit, e.bit) << e.name;
    EXPECT_EQ(f.own_flags_ordinal, -1) << e.name;
  }
  EXPECT_EQ(field(u, "id").flags_field, -1);
  EXPECT_EQ(field(u, "id").bit, -1);
  EXPECT_EQ(field(u, "self").type.k, kind::builtin);
  EXPECT_EQ(field(u, "self").type.name, "true");
  EXPECT_EQ(field(u, "usernames").tl_type, "flags2.0?Vector<string>");

  // A '#' field that is not the first field.
  const auto& w = ctor("wallPaper");
  EXPECT_EQ(field_index(w, "flags"), 1);
  EXPECT_EQ(field(w, "flags").own_flags_ordinal, 0);
  EXPECT_EQ(field(w, "creator").flags_field, 1);
  EXPECT_EQ(field(w, "default").flags_field, 1);
  EXPECT_EQ(field(w, "default").bit, 1);
  EXPECT_EQ(field(ctor("textUrl"), "tooltip").bit, 0);
  EXPECT_TRUE(field(ctor("textUrl"), "tooltip").boxed_member);
}

TEST(GeneratorModel, TypeReferences) {
  std::vector<std::string> builtins;
  for (const auto& f : ctor("primitives").fields) {
    EXPECT_EQ(f.type.k, kind::builtin) << f.name;
    builtins.push_back(f.type.name);
  }
  EXPECT_EQ(builtins,
            (std::vector<std::string>{"int", "long", "double", "string", "bytes", "int128", "int256", "Bool"}));

  // Bare types: %T resolves to T's only constructor; a lowercase name is one.
  const auto& messages = field(ctor("msg_container"), "messages").type;
  EXPECT_EQ(messages.k, kind::vector);
  EXPECT_FALSE(messages.boxed_vector);
  ASSERT_TRUE(messages.elem);
  EXPECT_EQ(messages.elem->k, kind::bare);
  EXPECT_EQ(messages.elem->name, "envelope");
  const auto& salts = field(ctor("future_salts"), "salts").type;
  EXPECT_FALSE(salts.boxed_vector);
  EXPECT_EQ(salts.elem->k, kind::bare);
  EXPECT_EQ(salts.elem->name, "future_salt");
  const auto& slice = field(ctor("updates.differenceSlice"), "intermediate_state").type;
  EXPECT_EQ(slice.k, kind::bare);
  EXPECT_EQ(slice.name, "updates.state");
  // %int is the builtin int, in a boxed Vector.
  const auto& ids = field(ctor("msg_ids"), "ids").type;
  EXPECT_TRUE(ids.boxed_vector);
  EXPECT_EQ(ids.elem->k, kind::builtin);
  EXPECT_EQ(ids.elem->name, "int");

  EXPECT_EQ(field(ctor("envelope"), "body").type.k, kind::object);
  EXPECT_EQ(field(ctor("rpc_result"), "result").type.k, kind::object);
  const auto& state = field(ctor("updates.difference"), "state").type;
  EXPECT_EQ(state.k, kind::boxed);
  EXPECT_EQ(state.name, "updates.State");
  EXPECT_EQ(ctor("updates.state").ns, "updates");
  EXPECT_EQ(ctor("updates.state").name, "state");
  EXPECT_EQ(ctor("updates.state").result.name, "updates.State");
  EXPECT_FALSE(ctor("updates.state").function);

  // The generic method.
  const auto& invoke = method("invokeWithLayer");
  EXPECT_TRUE(invoke.function);
  EXPECT_EQ(invoke.generics, std::vector<std::string>{"X"});
  EXPECT_EQ(field(invoke, "query").type.k, kind::generic);
  EXPECT_EQ(field(invoke, "query").type.name, "X");
  EXPECT_EQ(invoke.result.k, kind::generic);
  EXPECT_EQ(invoke.result_text, "X");

  const auto& get_users = method("users.getUsers");
  EXPECT_EQ(get_users.result.k, kind::vector);
  EXPECT_TRUE(get_users.result.boxed_vector);
  EXPECT_EQ(get_users.result.elem->k, kind::boxed);
  EXPECT_EQ(get_users.result.elem->name, "User");
  EXPECT_EQ(method("account.updateStatus").result.k, kind::builtin);
  EXPECT_EQ(method("account.updateStatus").result.name, "Bool");
}

TEST(GeneratorModel, DeclarationWithoutIdGetsItsCrc) {
  // Constructors and methods alike; strict or not, a computed id is no mismatch.
  for (const auto& options : {tlgen::load_options{}, strict()}) {
    const auto r = load_text("a x:int = A;\n---functions---\nf a:A = A;\nhelp.getA#e39ff468 = A;\n", options);
    ASSERT_TRUE(r.schema) << r.error;
    const auto& s = *r.schema;
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_TRUE(s.ids_not_crc.empty());
    ASSERT_EQ(s.constructors.size(), 1u);
    EXPECT_EQ(s.constructors[0].id, 0xd2aa78f6u);  // zlib.crc32(b"a x:int = A")
    EXPECT_EQ(s.constructors[0].tl_line, "a#d2aa78f6 x:int = A;");
    ASSERT_EQ(s.functions.size(), 2u);
    EXPECT_EQ(s.functions[0].id, 0xc56b10ecu);  // zlib.crc32(b"f a:A = A")
    EXPECT_EQ(s.functions[0].tl_line, "f#c56b10ec a:A = A;");
    EXPECT_EQ(s.functions[1].id, 0xe39ff468u);  // zlib.crc32(b"help.getA = A"), written out
    EXPECT_FALSE(s.layer.has_value());
  }
}

// In TL an explicit id is authoritative. By default one that is not the
// CRC32 of its line is a warning and goes on the wire as written.
TEST(GeneratorModel, ExplicitIdWinsOverTheCrc) {
  const auto r = load_text(
      "photoEmpty#2331b22d id:long = Photo;\n"
      "photo#5b507131 id:long access_hash:long = Photo;\n"
      "---functions---\n"
      "updates.getState#00000000 = Photo;\n");
  ASSERT_TRUE(r.schema) << r.error;
  EXPECT_EQ(r.warnings, (std::vector<std::string>{
                            "bad.tl:2: warning: id #5b507131 of photo is not the CRC32 of its line "
                            "('photo id:long access_hash:long = Photo' gives #5b507130); using the explicit id",
                            "bad.tl:4: warning: id #00000000 of updates.getState is not the CRC32 of its line "
                            "('updates.getState = Photo' gives #19e530ae); using the explicit id"}));
  const auto& s = *r.schema;
  EXPECT_EQ(s.constructors.at(1).id, 0x5b507131u);
  EXPECT_EQ(s.constructors.at(1).tl_line, "photo#5b507131 id:long access_hash:long = Photo;");
  EXPECT_EQ(s.functions.at(0).id, 0u);
  EXPECT_EQ(s.functions.at(0).tl_line, "updates.getState#00000000 = Photo;");
  EXPECT_EQ(s.ids_not_crc, (std::set<std::string>{"photo", "updates.getState"}));
}

// Strict, a mismatch is an error unless the full name is an exception; an
// excepted mismatch is not reported again, but recorded.
TEST(GeneratorModel, StrictIdsWithExceptions) {
  const std::string text =
      "photo#5b507131 id:long access_hash:long = Photo;\n"
      "help.configSimple#5a592a6c date:int = help.ConfigSimple;\n";
  EXPECT_EQ(load_text(text, strict()).error,
            "bad.tl:1: id #5b507131 of photo is not the CRC32 of its line "
            "('photo id:long access_hash:long = Photo' gives #5b507130)");
  EXPECT_EQ(load_text(text, strict({"photo"})).error,
            "bad.tl:2: id #5a592a6c of help.configSimple is not the CRC32 of its line "
            "('help.configSimple date:int = help.ConfigSimple' gives #956ccda9)");
  // The exception names the full name, not the name without its namespace.
  EXPECT_EQ(load_text(text, strict({"photo", "configSimple"})).error.substr(0, 46),
            "bad.tl:2: id #5a592a6c of help.configSimple is");
  const auto r = load_text(text, strict({"photo", "help.configSimple"}));
  ASSERT_TRUE(r.schema) << r.error;
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.schema->constructors.at(0).id, 0x5b507131u);
  EXPECT_EQ(r.schema->constructors.at(1).id, 0x5a592a6cu);
  EXPECT_EQ(r.schema->ids_not_crc, (std::set<std::string>{"photo", "help.configSimple"}));
}

// The regenerate and check_generated targets pass --strict-ids with no
// exceptions: our own schemas have none to excuse.
TEST(GeneratorModel, OwnSchemasPassTheStrictCheck) {
  for (const char* name : {"api.tl", "mtproto.tl"}) {
    std::vector<std::string> warnings;
    auto options = strict();
    options.warn = [&](const std::string& w) { warnings.push_back(w); };
    const auto s = tlgen::load_schema(kData + "/../../schema/" + name, options);
    EXPECT_TRUE(s.ids_not_crc.empty()) << name;
    EXPECT_TRUE(warnings.empty()) << name;
    EXPECT_GT(s.constructors.size(), 30u) << name;
  }
}

// ---- schemas as published (tests/generator/real) ---------------------------

// A fixture under tests/generator/real, loaded the way tlcpp-gen loads it
// without --strict-ids; warnings start with real/NAME.tl.
loaded load_real(const std::string& name, tlgen::load_options options = {}) {
  loaded out;
  options.warn = [&](const std::string& w) {
    out.warnings.push_back(w.rfind(kData + "/", 0) == 0 ? w.substr(kData.size() + 1) : w);
  };
  try {
    out.schema = tlgen::load_schema(kData + "/real/" + name, options);
  } catch (const tlgen::schema_error& e) {
    const std::string m = e.what();
    out.error = m.rfind(kData + "/", 0) == 0 ? m.substr(kData.size() + 1) : m;
  }
  return out;
}

std::vector<std::string> names_of(const std::vector<tlgen::combinator>& list) {
  std::vector<std::string> out;
  for (const auto& c : list) out.push_back(c.full_name());
  return out;
}

const tlgen::combinator& named(const std::vector<tlgen::combinator>& list, const std::string& full) {
  for (const auto& c : list) {
    if (c.full_name() == full) return c;
  }
  throw std::runtime_error("no " + full);
}

// Telegram Desktop's whole mtproto.tl: three ids that are not the CRC32 of
// their lines, constructors without ids, two function sections.
TEST(GeneratorRealSchemas, TdesktopMtproto) {
  const auto r = load_real("tdesktop_mtproto.tl");
  ASSERT_TRUE(r.schema) << r.error;
  EXPECT_EQ(r.warnings,
            (std::vector<std::string>{
                "real/tdesktop_mtproto.tl:105: warning: id #37982646 of ipPortSecret is not the CRC32 of its line "
                "('ipPortSecret ipv4:int port:int secret:string = IpPort' gives #402d9b47); using the explicit id",
                "real/tdesktop_mtproto.tl:106: warning: id #4679b65f of accessPointRule is not the CRC32 of its line "
                "('accessPointRule phone_prefix_rules:string dc_id:int ips:vector IpPort = AccessPointRule' gives "
                "#020634ce); using the explicit id",
                "real/tdesktop_mtproto.tl:107: warning: id #5a592a6c of help.configSimple is not the CRC32 of its "
                "line ('help.configSimple date:int expires:int rules:vector AccessPointRule = help.ConfigSimple' "
                "gives #066d2808); using the explicit id"}));
  const auto& s = *r.schema;
  EXPECT_EQ(s.ids_not_crc, (std::set<std::string>{"ipPortSecret", "accessPointRule", "help.configSimple"}));
  EXPECT_EQ(s.constructors.size(), 52u);
  EXPECT_EQ(s.types.size(), 28u);
  EXPECT_EQ(names_of(s.functions),
            (std::vector<std::string>{"req_pq", "req_pq_multi", "req_DH_params", "set_client_DH_params",
                                      "destroy_auth_key", "rpc_drop_answer", "get_future_salts", "ping",
                                      "ping_delay_disconnect", "destroy_session"}));
  const std::map<std::string, std::uint32_t> ids = {{"resPQ", 0x05162463},
                                                    {"p_q_inner_data", 0x83c95aec},
                                                    {"p_q_inner_data_temp", 0x3c6a84d4},
                                                    {"server_DH_params_fail", 0x79cb045d},
                                                    {"ipPort", 0xd433ad73},
                                                    {"ipPortSecret", 0x37982646},
                                                    {"accessPointRule", 0x4679b65f},
                                                    {"help.configSimple", 0x5a592a6c},
                                                    {"http_wait", 0x9299359f},
                                                    {"tlsClientHello", 0x6c52c484},
                                                    {"tlsBlockString", 0x4218a164},
                                                    {"tlsBlockPermutation", 0x0d02385f}};
  for (const auto& [name, id] : ids) EXPECT_EQ(named(s.constructors, name).id, id) << name;
  EXPECT_EQ(named(s.functions, "req_pq").id, 0x60469778u);
  EXPECT_EQ(named(s.functions, "ping").line, 129);
  // The canonical line keeps the explicit id; a computed one is written in.
  EXPECT_EQ(named(s.constructors, "ipPortSecret").tl_line,
            "ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;");
  EXPECT_EQ(named(s.constructors, "tlsClientHello").tl_line,
            "tlsClientHello#6c52c484 blocks:vector<TlsBlock> = TlsClientHello;");
  // vector<IpPort>: a bare vector of boxed elements; Vector<Vector<T>>.
  const auto& ips = field(named(s.constructors, "accessPointRule"), "ips").type;
  EXPECT_EQ(ips.k, kind::vector);
  EXPECT_FALSE(ips.boxed_vector);
  EXPECT_EQ(ips.elem->k, kind::boxed);
  EXPECT_EQ(ips.elem->name, "IpPort");
  const auto& perm = field(named(s.constructors, "tlsBlockPermutation"), "entries").type;
  ASSERT_EQ(perm.k, kind::vector);
  ASSERT_EQ(perm.elem->k, kind::vector);
  EXPECT_TRUE(perm.elem->boxed_vector);
  EXPECT_EQ(perm.elem->elem->name, "TlsBlock");
  EXPECT_EQ(s.types.at("help.ConfigSimple").ns, "help");

  // With the strict check only a full list of exceptions lets it through.
  EXPECT_EQ(load_real("tdesktop_mtproto.tl", strict({"ipPortSecret", "help.configSimple"})).error,
            "real/tdesktop_mtproto.tl:106: id #4679b65f of accessPointRule is not the CRC32 of its line "
            "('accessPointRule phone_prefix_rules:string dc_id:int ips:vector IpPort = AccessPointRule' gives "
            "#020634ce)");
  const auto excused =
      load_real("tdesktop_mtproto.tl", strict({"ipPortSecret", "accessPointRule", "help.configSimple"}));
  ASSERT_TRUE(excused.schema) << excused.error;
  EXPECT_TRUE(excused.warnings.empty());
  EXPECT_EQ(named(excused.schema->constructors, "accessPointRule").id, 0x4679b65fu);
}

// TDLib's whole mtproto_api.tl: constructors without ids, a declaration
// across two lines, gzip_packed as an ordinary type (so its id is not the
// CRC32 of that line, but of the line with `= Object`).
TEST(GeneratorRealSchemas, TdlibMtprotoApi) {
  const auto r = load_real("tdlib_mtproto_api.tl");
  ASSERT_TRUE(r.schema) << r.error;
  EXPECT_EQ(r.warnings,
            (std::vector<std::string>{
                "real/tdlib_mtproto_api.tl:56: warning: id #3072cfa1 of gzip_packed is not the CRC32 of its line "
                "('gzip_packed packed_data:string = GzipPacked' gives #dfbc64b0); using the explicit id"}));
  const auto& s = *r.schema;
  EXPECT_EQ(s.constructors.size(), 36u);
  EXPECT_EQ(s.functions.size(), 10u);
  EXPECT_EQ(named(s.constructors, "dummyHttpWait").id, 0xc937ca2eu);
  EXPECT_EQ(named(s.constructors, "rsa_public_key").id, 0x7a19cb76u);
  EXPECT_EQ(named(s.constructors, "rsa_public_key").line, 70);
  EXPECT_EQ(named(s.constructors, "gzip_packed").id, 0x3072cfa1u);
  EXPECT_EQ(named(s.constructors, "gzip_packed").result.name, "GzipPacked");
  EXPECT_EQ(named(s.constructors, "server_DH_params_fail").id, 0x79cb045du);
  const auto& bind = named(s.constructors, "bind_auth_key_inner");
  EXPECT_EQ(bind.id, 0x75a3f765u);
  EXPECT_EQ(bind.line, 32);
  // http_wait is a method here (tdesktop has it as a constructor).
  EXPECT_EQ(named(s.functions, "http_wait").id, 0x9299359fu);
  EXPECT_EQ(named(s.functions, "http_wait").result.name, "HttpWait");
  EXPECT_EQ(s.types.at("HttpWait").constructors.size(), 1u);
}

// The head of TDLib's telegram_api.tl: `bytes = Bytes;`, ids that are not
// the CRC32, an id-less method, ids of fewer than eight digits, and the
// ...Prefix methods, which share their ids with the generic wrappers.
TEST(GeneratorRealSchemas, TdlibApiLines) {
  const auto r = load_real("tdlib_api_lines.tl");
  ASSERT_TRUE(r.schema) << r.error;
  auto mismatch = [](int line, const std::string& name, const std::string& id, const std::string& normalized,
                     const std::string& crc) {
    return "real/tdlib_api_lines.tl:" + std::to_string(line) + ": warning: id #" + id + " of " + name +
           " is not the CRC32 of its line ('" + normalized + "' gives #" + crc + "); using the explicit id";
  };
  auto left_out = [](int line, const std::string& name, const std::string& id, const std::string& wrapper) {
    return "real/tdlib_api_lines.tl:" + std::to_string(line) + ": warning: " + name + "#" + id + " is the start of " +
           wrapper + " (same id, its fields before the query); left out, " + wrapper + " writes it";
  };
  EXPECT_EQ(
      r.warnings,
      (std::vector<std::string>{
          mismatch(27, "ipPortSecret", "37982646", "ipPortSecret ipv4:int port:int secret:string = IpPort", "402d9b47"),
          mismatch(28, "accessPointRule", "4679b65f",
                   "accessPointRule phone_prefix_rules:string dc_id:int ips:vector IpPort = AccessPointRule",
                   "020634ce"),
          mismatch(29, "help.configSimple", "5a592a6c",
                   "help.configSimple date:int expires:int rules:vector AccessPointRule = help.ConfigSimple",
                   "066d2808"),
          mismatch(35, "invokeWithBusinessConnectionPrefix", "dd289f8e",
                   "invokeWithBusinessConnectionPrefix connection_id:string = Error", "192627c6"),
          mismatch(36, "invokeWithGooglePlayIntegrityPrefix", "1df92984",
                   "invokeWithGooglePlayIntegrityPrefix nonce:string token:string = Error", "e2974a5b"),
          mismatch(37, "invokeWithApnsSecretPrefix", "0dae54f8",
                   "invokeWithApnsSecretPrefix nonce:string secret:string = Error", "f1afa47f"),
          mismatch(38, "invokeWithReCaptchaPrefix", "adbb0f94", "invokeWithReCaptchaPrefix token:string = Error",
                   "16ca1135"),
          left_out(35, "invokeWithBusinessConnectionPrefix", "dd289f8e", "invokeWithBusinessConnection"),
          left_out(36, "invokeWithGooglePlayIntegrityPrefix", "1df92984", "invokeWithGooglePlayIntegrity"),
          left_out(37, "invokeWithApnsSecretPrefix", "0dae54f8", "invokeWithApnsSecret"),
          left_out(38, "invokeWithReCaptchaPrefix", "adbb0f94", "invokeWithReCaptcha")}));
  const auto& s = *r.schema;
  // bytes = Bytes and int256 = Int256 declare builtins, like `int ? = Int`.
  EXPECT_EQ(names_of(s.constructors),
            (std::vector<std::string>{"error", "ipPort", "ipPortSecret", "accessPointRule", "help.configSimple",
                                      "storage.fileJpeg", "storage.filePng"}));
  EXPECT_EQ(names_of(s.functions),
            (std::vector<std::string>{"test.useConfigSimple", "invokeWithBusinessConnection",
                                      "invokeWithGooglePlayIntegrity", "invokeWithApnsSecret", "invokeWithReCaptcha"}));
  EXPECT_EQ(s.functions[0].id, 0xf9b7b23du);  // zlib.crc32(b"test.useConfigSimple = help.ConfigSimple")
  EXPECT_EQ(s.functions[0].tl_line, "test.useConfigSimple#f9b7b23d = help.ConfigSimple;");
  EXPECT_EQ(s.functions[1].id, 0xdd289f8eu);
  EXPECT_EQ(named(s.constructors, "storage.fileJpeg").id, 0x007efe0eu);
  EXPECT_EQ(named(s.constructors, "storage.fileJpeg").tl_line, "storage.fileJpeg#007efe0e = storage.FileType;");
  EXPECT_EQ(named(s.constructors, "storage.filePng").id, 0x0a4f63c0u);
  // The Prefix methods had ids other than their CRC32s (recorded, though left out)...
  EXPECT_EQ(s.ids_not_crc.count("invokeWithReCaptchaPrefix"), 1u);
  // ... and the registry, which needs every id once, has the wrappers only.
  const auto registry = tlgen::emit_type_list(s, "tdlib", "schema/tdlib.tl").at("tdlib/type_list.hpp");
  EXPECT_NE(registry.find("  // invokeWithBusinessConnection#dd289f8e (method)"), std::string::npos);
  EXPECT_EQ(registry.find("Prefix"), std::string::npos);
  EXPECT_NE(registry.find("  // storage.fileJpeg#007efe0e"), std::string::npos);
}

// `= Error` in TDLib's Prefix methods: Error is an ordinary boxed type
// (error#c4b9f9bb), so without the wrapper such a line is an ordinary method.
TEST(GeneratorRealSchemas, MethodTypedError) {
  const std::string error = "error#c4b9f9bb code:int text:string = Error;\n";
  const std::string prefix = "invokeWithReCaptchaPrefix#adbb0f94 token:string = Error;\n";
  const std::string wrapper = "invokeWithReCaptcha#adbb0f94 {X:Type} token:string query:!X = X;\n";
  const std::string warning =
      "bad.tl:3: warning: id #adbb0f94 of invokeWithReCaptchaPrefix is not the CRC32 of its line "
      "('invokeWithReCaptchaPrefix token:string = Error' gives #16ca1135); using the explicit id";
  {
    const auto r = load_text(error + "---functions---\n" + prefix);
    ASSERT_TRUE(r.schema) << r.error;
    EXPECT_EQ(r.warnings, std::vector<std::string>{warning});
    ASSERT_EQ(r.schema->functions.size(), 1u);
    const auto& m = r.schema->functions[0];
    EXPECT_EQ(m.id, 0xadbb0f94u);
    EXPECT_EQ(m.result.k, kind::boxed);
    EXPECT_EQ(m.result.name, "Error");
    EXPECT_EQ(m.tl_line, "invokeWithReCaptchaPrefix#adbb0f94 token:string = Error;");
  }
  // Without `error`, Error is an unknown type like any other.
  EXPECT_EQ(load_error("---functions---\n" + prefix, tlgen::load_options{}),
            "bad.tl:2: unknown type 'Error' in invokeWithReCaptchaPrefix");
  // Left out next to its wrapper, so then Error need not exist.
  {
    const auto r = load_text("---types---\n---functions---\n" + prefix + wrapper);
    ASSERT_TRUE(r.schema) << r.error;
    EXPECT_EQ(names_of(r.schema->functions), std::vector<std::string>{"invokeWithReCaptcha"});
    EXPECT_EQ(r.warnings.size(), 2u);
  }
  // Only a method that is exactly the wrapper's start is left out: another
  // field, or a constructor, with the wrapper's id is an id used twice.
  EXPECT_EQ(
      load_error(error + "---functions---\ninvokeWithReCaptchaPrefix#adbb0f94 captcha:string = Error;\n" + wrapper,
                 tlgen::load_options{}),
      "bad.tl:4: id #adbb0f94 of invokeWithReCaptcha is used twice");
  EXPECT_EQ(load_error("error#adbb0f94 token:string = Error;\n---functions---\n" + wrapper, tlgen::load_options{}),
            "bad.tl:3: id #adbb0f94 of invokeWithReCaptcha is used twice");
}

// gzip_packed#3072cfa1 packed_data:string = Object: accepted and not
// generated (the runtime has it, tlcpp/envelope.hpp); the other envelope
// lines tdesktop parses by hand are ordinary declarations.
TEST(GeneratorRealSchemas, GzipPackedTypedObject) {
  const auto r = load_real("tdesktop_parsed_manually.tl");
  ASSERT_TRUE(r.schema) << r.error;
  EXPECT_TRUE(r.warnings.empty());
  const auto& s = *r.schema;
  EXPECT_EQ(names_of(s.constructors),
            (std::vector<std::string>{"pong", "rpc_result", "message", "msg_container", "msg_copy"}));
  EXPECT_EQ(named(s.constructors, "message").id, 0x5bb8e511u);  // zlib.crc32 of its line, no id given
  EXPECT_EQ(named(s.constructors, "msg_container").id, 0x73f1f8dcu);
  EXPECT_FALSE(s.types.count("Object"));
  for (const auto& [rel, text] : tlgen::emit(s, "envelopes", "schema/envelopes.tl")) {
    EXPECT_EQ(text.find("gzip_packed"), std::string::npos) << rel;
  }
  // Any spelling the runtime reads as #3072cfa1: `bytes` is written `string`
  // for the CRC32, an id-less line gets its CRC32.
  for (const char* line :
       {"gzip_packed#3072cfa1 packed_data:string = Object;\n", "gzip_packed#3072cfa1 packed_data:bytes = Object;\n",
        "gzip_packed packed_data:bytes = Object;\n"}) {
    const auto ok = load_text(line, strict());
    ASSERT_TRUE(ok.schema) << line << ok.error;
    EXPECT_TRUE(ok.schema->constructors.empty()) << line;
    EXPECT_TRUE(ok.warnings.empty()) << line;
  }
  EXPECT_EQ(load_error("gzip_packed#3072cfa2 packed_data:string = Object;\n", tlgen::load_options{}),
            "bad.tl:1: gzip_packed#3072cfa2 is not the gzip_packed#3072cfa1 that the runtime reads");
  EXPECT_EQ(load_error("gzip_packed packed_data:int = Object;\n"),
            "bad.tl:1: gzip_packed#ea09b7d6 is not the gzip_packed#3072cfa1 that the runtime reads");
  // Any other constructor of Object stays an error: tlcpp has no place for it.
  EXPECT_EQ(load_error("gzip_packedd#3072cfa1 packed_data:string = Object;\n", tlgen::load_options{}),
            "bad.tl:1: constructor gzip_packedd must build a boxed type, not 'Object'");
}

// ---- C++ names -------------------------------------------------------------

bool contains(const std::string& file, const std::string& text) {
  return sample_files().at(file).find(text) != std::string::npos;
}

TEST(GeneratorEmit, KeywordsGetAnUnderscoreTheTlNameStays) {
  EXPECT_TRUE(contains("sample/GeoPoint.def.hpp", "  double long_{};\n"));
  EXPECT_TRUE(contains("sample/GeoPoint.def.hpp", "field<&sample::geoPoint::long_, wire::double_, \"long\">"));
  EXPECT_TRUE(contains("sample/WallPaper.def.hpp", "  bool default_{};\n"));
  EXPECT_TRUE(contains("sample/WallPaper.def.hpp",
                       "field<&sample::wallPaper::default_, wire::opt<0, 1, wire::true_>, \"default\">"));
}

TEST(GeneratorEmit, RootConstructorNamedLikeANamespace) {
  // Constructor `updates` and namespace `updates` cannot share a C++ name.
  EXPECT_TRUE(contains("sample/Updates.def.hpp", "\nstruct updates_ {\n"));
  EXPECT_TRUE(contains("sample/Updates.def.hpp", "struct Updates : tlcpp::one_of<updatesTooLong, updates_> {"));
  EXPECT_TRUE(contains("sample/Updates.def.hpp", "struct meta<sample::updates_> {"));
  EXPECT_TRUE(contains("sample/Updates.def.hpp", "static constexpr std::string_view name = \"updates\";"));
  EXPECT_TRUE(contains("sample/updates/State.def.hpp", "namespace tlcpp::sample::updates {"));
  // Namespaced constructors are not renamed.
  EXPECT_TRUE(contains("sample/updates/Difference.def.hpp", "\nstruct difference {\n"));
}

TEST(GeneratorEmit, FieldNamedLikeItsConstructor) {
  EXPECT_TRUE(contains("sample/Message.def.hpp", "  std::string message{};\n"));
  EXPECT_TRUE(contains("sample/Message.def.hpp",
                       "friend bool operator==(const struct message&, const struct message&) = default;"));
}

TEST(GeneratorEmit, RecursiveFieldsAreHeldInABox) {
  EXPECT_TRUE(contains("sample/RichText.def.hpp", "  tlcpp::box<sample::RichText> text{};\n"));
  EXPECT_TRUE(contains("sample/RichText.def.hpp", "  std::optional<tlcpp::box<sample::RichText>> tooltip{};\n"));
  EXPECT_TRUE(contains("sample/Folder.def.hpp", "  std::optional<tlcpp::box<sample::Folder>> parent{};\n"));
  EXPECT_TRUE(contains("sample/MessageMedia.def.hpp", "  tlcpp::box<sample::MessageMedia> media{};\n"));
  EXPECT_TRUE(contains("sample/MessageMedia.def.hpp", "  std::optional<tlcpp::box<sample::StoryItem>> story{};\n"));
  EXPECT_TRUE(contains("sample/Message.def.hpp", "  std::optional<sample::MessageMedia> media{};\n"));
  EXPECT_TRUE(contains("sample/Message.def.hpp", "#include \"tlcpp/sample/MessageMedia.def.hpp\"\n"));
}

// ---- errors ----------------------------------------------------------------

TEST(GeneratorErrors, WrongId) {
  EXPECT_EQ(load_error("photoEmpty#2331b22d id:long = Photo;\n"
                       "// the next id is wrong\n"
                       "photo#5b507131 id:long access_hash:long = Photo;\n"),
            "bad.tl:3: id #5b507131 of photo is not the CRC32 of its line "
            "('photo id:long access_hash:long = Photo' gives #5b507130)");
  EXPECT_EQ(load_error("---functions---\nupdates.getState#00000000 = updates.State;\n"),
            "bad.tl:2: id #00000000 of updates.getState is not the CRC32 of its line "
            "('updates.getState = updates.State' gives #edd4882a)");
  // Without the strict check these are warnings (GeneratorModel.ExplicitIdWinsOverTheCrc).
  EXPECT_EQ(load_error("photoEmpty#2331b22d id:long = Photo;\nphoto#5b507131 id:long access_hash:long = Photo;\n",
                       tlgen::load_options{}),
            "no error");
}

TEST(GeneratorErrors, UnknownType) {
  EXPECT_EQ(load_error("---types---\nuser#3647ee7d id:long photo:Photo = User;\n"),
            "bad.tl:2: unknown type 'Photo' in user");
  EXPECT_EQ(load_error("user#2e763585 id:long photo:photo = User;\n"),
            "bad.tl:1: unknown constructor 'photo' used as a bare type in user");
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A;\n---functions---\nf = Vector<B>;\n"), "bad.tl:3: unknown type 'B' in f");
}

TEST(GeneratorErrors, FlagsOfAFieldThatIsNotHash) {
  EXPECT_EQ(load_error("user#2b8f1090 flags:int first_name:flags.0?string = User;\n"),
            "bad.tl:1: field first_name depends on 'flags', which is no earlier '#' field");
  EXPECT_EQ(load_error("user first_name:flags.0?string flags:# = User;\n"),
            "bad.tl:1: field first_name depends on 'flags', which is no earlier '#' field");
}

TEST(GeneratorErrors, FlagBitAbove31) {
  EXPECT_EQ(load_error("user#4566ac08 flags:# first_name:flags.32?string = User;\n"),
            "bad.tl:1: bad flag bit '32' in field first_name");
}

TEST(GeneratorErrors, GenericWithoutParameter) {
  EXPECT_EQ(load_error("---functions---\ninvokeWithLayer#6d723ac2 layer:int query:!X = X;\n"),
            "bad.tl:2: '!X' names no generic parameter {X:Type}");
}

TEST(GeneratorErrors, MissingSemicolon) {
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A;\nb#c53a5b0e y:int = B\n"), "bad.tl:2: declaration without ';'");
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A\n---functions---\n"),
            "bad.tl:1: unterminated declaration before section marker");
  // Followed by the next declaration: reported where the first one starts.
  EXPECT_EQ(load_error("// two declarations run together\na#d2aa78f6 x:int = A\nb#c53a5b0e y:int = B;\n"),
            "bad.tl:2: declaration without ';'");
}

TEST(GeneratorErrors, DuplicateConstructorName) {
  EXPECT_EQ(load_error("photo#32e47466 id:long = Photo;\nphoto#5b507130 id:long access_hash:long = Photo;\n"),
            "bad.tl:2: constructor photo is declared twice");
}

TEST(GeneratorErrors, DuplicateId) {
  // Two lines whose CRC32s collide: both ids are right, and used twice.
  EXPECT_EQ(load_error("pairkadtati#0785c492 = Pair;\npairhosdwbv#0785c492 = Pair;\n"),
            "bad.tl:2: id #0785c492 of pairhosdwbv is used twice");
}

TEST(GeneratorErrors, BareTypeWithTwoConstructors) {
  EXPECT_EQ(load_error("photoEmpty#2331b22d id:long = Photo;\n"
                       "photo#5b507130 id:long access_hash:long = Photo;\n"
                       "message#558fa9b8 id:int photo:%Photo = Message;\n"),
            "bad.tl:3: bare '%Photo' needs a type with exactly one constructor");
}

TEST(GeneratorErrors, UnknownSectionMarker) {
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A;\n---type---\n"), "bad.tl:2: unknown section marker '---type---'");
}

TEST(GeneratorErrors, UnterminatedBlockComment) {
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A;\n/* a comment\nthat never ends\n\n"),
            "bad.tl:2: unterminated /* comment");
}

TEST(GeneratorErrors, BadLayerComment) {
  EXPECT_EQ(load_error("a#d2aa78f6 x:int = A;\n// LAYER seven\n"), "bad.tl:2: bad layer number in '// LAYER seven'");
  EXPECT_EQ(load_error("// LAYER 99999999999\n"), "bad.tl:1: bad layer number in '// LAYER 99999999999'");
}

TEST(GeneratorErrors, TrueFieldNotBehindAFlag) {
  EXPECT_EQ(load_error("user#b039c831 flags:# bot:true = User;\n"),
            "bad.tl:1: field bot of type 'true' is not behind a flag");
}

}  // namespace
