// Every constructor and method of layer 223 and of MTProto, byte-exact
// against mtcute, an independent implementation: the vectors in
// tests/vectors/*.jsonl were written by mtcute's TL writer from random
// instances (tools/vectors/conformance.mjs says how, and how to regenerate),
// except mtproto-gramjs.jsonl: the two MTProto constructors mtcute's schema
// lacks (p_q_inner_data, server_DH_params_fail), written by GramJS's TL
// writer (tools/vectors/net/mtproto_extra.mjs).
//
// For every vector, through the registry's walker (registry.hpp, which
// tlcpp::to_json and tlcpp::from_json use) and through the typed code
// (tlcpp::parse and tlcpp::serialize of the generated struct, by
// tests/support/typed.cpp):
//   walker: decode(hex) == json, encode(json) == hex
//   typed:  parse(hex) then serialize == hex
//   every proper prefix of hex fails where it ends (support/truncation.hpp),
//   in the typed parser and in the walker, with the same kind and offset
// Coverage: every constructor and method of both schemas must have vectors,
// and every optional field must be present in some and absent in others.
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/hex.hpp"
#include "support/truncation.hpp"
#include "support/typed.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/extras/registry.hpp"

namespace {

const std::string kVectors = TLCPP_VECTORS_DIR;
const std::string kSchema = TLCPP_SCHEMA_DIR;

struct vector_line {
  std::string where;  // file:line
  std::string name;
  tlcpp::json json;
  std::string hex;
};

const std::vector<vector_line>& vectors() {
  static const std::vector<vector_line> all = [] {
    std::vector<vector_line> out;
    for (const char* file : {"api-constructors.jsonl", "api-methods.jsonl", "mtproto.jsonl", "mtproto-gramjs.jsonl"}) {
      std::ifstream in(kVectors + "/" + file);
      EXPECT_TRUE(in) << "cannot read " << kVectors << "/" << file;
      std::string line;
      for (std::size_t n = 1; std::getline(in, line); ++n) {
        auto j = tlcpp::json::parse(line);
        out.push_back({std::string(file) + ":" + std::to_string(n), j.at("name").get<std::string>(), j.at("json"),
                       j.at("hex").get<std::string>()});
      }
    }
    return out;
  }();
  return all;
}

using tlcpp::test::typed;
using tlcpp::test::unhex;

std::string hex(std::span<const std::byte> bytes) { return tlcpp::to_hex(bytes); }

TEST(Conformance, EveryVectorBothWays) {
  ASSERT_GT(vectors().size(), 0u);
  std::size_t failures = 0;
  const auto report = [&](const vector_line& v, const std::string& what) {
    if (++failures <= 30) ADD_FAILURE() << v.where << " " << v.name << ": " << what;
  };
  for (const auto& v : vectors()) {
    const tlcpp::registry::entry* e = tlcpp::registry::by_name(v.name);
    if (!e) {
      report(v, "no such constructor or method");
      continue;
    }
    const auto bytes = unhex(v.hex);
    // parse -> to_json
    if (auto j = e->decode(bytes); !j) {
      report(v, "decode: " + j.error().message());
    } else if (*j != v.json) {
      report(v, "decode gives " + j->dump().substr(0, 2000) + "\nexpected     " + v.json.dump().substr(0, 2000));
    }
    // from_json -> serialize
    if (auto b = e->encode(v.json); !b) {
      report(v, "encode: " + b.error().message());
    } else if (hex(*b) != v.hex) {
      report(v, "encode gives " + hex(*b).substr(0, 2000) + "\nexpected     " + v.hex.substr(0, 2000));
    }
    // bytes -> struct -> bytes
    if (auto b = typed(*e).reserialize(bytes); !b) {
      report(v, "reserialize: " + b.error().message());
    } else if (hex(*b) != v.hex) {
      report(v, "reserialize gives " + hex(*b).substr(0, 2000));
    }
    // Dispatch by the id the bytes start with, and by "_".
    if (auto j = tlcpp::registry::decode(bytes); !j || *j != v.json) report(v, "registry::decode differs");
    if (auto b = tlcpp::registry::encode(v.json); !b || hex(*b) != v.hex) report(v, "registry::encode differs");
  }
  EXPECT_EQ(failures, 0u) << "vectors that fail (the first 30 are shown above)";
}

// The constructors and methods of a .tl file, independently of the generator.
std::pair<std::set<std::string>, std::set<std::string>> schema_names(const std::string& file) {
  std::ifstream in(kSchema + "/" + file);
  EXPECT_TRUE(in) << "cannot read " << kSchema << "/" << file;
  std::set<std::string> constructors, methods;
  bool functions = false;
  const std::regex line_re(R"(^([\w.]+)#[0-9a-f]{8} .*;$)");
  for (std::string line; std::getline(in, line);) {
    if (line == "---functions---") functions = true;
    if (line == "---types---") functions = false;
    std::smatch m;
    if (std::regex_match(line, m, line_re)) (functions ? methods : constructors).insert(m[1]);
  }
  return {constructors, methods};
}

// The typed table and the registry list the same constructors and methods
// in the same order.
TEST(Conformance, TypedCodeOfEveryEntry) {
  for (const auto& e : tlcpp::registry::all()) EXPECT_EQ(typed(e).id, e.id) << e.name;
}

// Truncation at every offset of every vector: each proper prefix fails at
// its end (never a shorter object, never an offset past the input), and the
// typed parser and the registry's walker say exactly the same.
TEST(Conformance, EveryPrefixOfEveryVectorFailsWhereItEnds) {
  std::size_t prefixes = 0;
  const auto same = [](const tlcpp::parse_failure& a, const tlcpp::parse_failure& b) {
    return a.code == b.code && a.offset == b.offset && a.value == b.value && a.limit == b.limit && a.what == b.what;
  };
  for (const vector_line& v : vectors()) {
    const tlcpp::registry::entry* e = tlcpp::registry::by_name(v.name);
    ASSERT_NE(e, nullptr) << v.where;
    const std::vector<std::byte> whole = unhex(v.hex);
    ASSERT_EQ(e->check(whole).code, tlcpp::parse_errc{}) << v.where;
    ASSERT_EQ(typed(*e).check(whole, false, {}).code, tlcpp::parse_errc{}) << v.where;
    for (std::size_t n = 0; n < whole.size(); ++n, ++prefixes) {
      const std::span<const std::byte> prefix(whole.data(), n);
      const tlcpp::parse_failure f = typed(*e).check(prefix, false, {});
      ASSERT_TRUE(tlcpp::test::fails_at_the_end(f, n)) << v.where << " (" << v.name << ")";
      const tlcpp::parse_failure g = e->check(prefix);
      ASSERT_TRUE(same(f, g)) << v.where << " (" << v.name << "), prefix of " << n << ": typed " << f.message()
                              << ", walker " << g.message();
    }
  }
  EXPECT_GT(prefixes, 1000000u);
}

TEST(Conformance, EveryConstructorAndMethodHasVectors) {
  std::map<std::string, std::size_t> count;
  for (const auto& v : vectors()) ++count[v.name];

  std::ostringstream summary;
  std::size_t covered_all = 0, total_all = 0;
  for (const char* schema : {"api", "mtproto"}) {
    const auto [constructors, methods] = schema_names(std::string(schema) + ".tl");
    // The registry holds exactly what the schema file declares.
    std::set<std::string> reg_constructors, reg_methods;
    for (const auto& e : std::string_view(schema) == "api" ? tlcpp::registry::api() : tlcpp::registry::mtproto()) {
      (e.method ? reg_methods : reg_constructors).insert(std::string(e.name));
    }
    EXPECT_EQ(reg_constructors, constructors) << schema;
    EXPECT_EQ(reg_methods, methods) << schema;

    for (const auto* list : {&constructors, &methods}) {
      std::size_t covered = 0;
      std::string missing;
      for (const auto& name : *list) {
        if (count.count(name)) {
          ++covered;
        } else {
          missing += " " + name;
        }
      }
      EXPECT_TRUE(missing.empty()) << schema << " without vectors:" << missing;
      summary << schema << (list == &constructors ? " constructors " : " methods ") << covered << "/" << list->size()
              << "; ";
      covered_all += covered;
      total_all += list->size();
    }
  }
  summary << "all " << covered_all << "/" << total_all << ", " << vectors().size() << " vectors";
  std::cout << "[ coverage ] " << summary.str() << "\n";
  RecordProperty("coverage", summary.str());
  EXPECT_EQ(covered_all, total_all);
}

// mtcute's vectors must show every optional field both present and absent
// (the generator sets them all in one instance and none in another).
TEST(Conformance, EveryOptionalFieldPresentAndAbsent) {
  std::map<std::string, std::vector<const tlcpp::json*>> by_name;
  for (const auto& v : vectors()) by_name[v.name].push_back(&v.json);
  const std::regex optional_re(R"(\b(\w+):flags\d*\.\d+\?)");
  std::string problems;
  for (const auto& e : tlcpp::registry::all()) {
    const std::string tl(e.tl);
    for (auto it = std::sregex_iterator(tl.begin(), tl.end(), optional_re); it != std::sregex_iterator(); ++it) {
      const std::string field = (*it)[1];
      bool present = false, absent = false;
      for (const auto* j : by_name[std::string(e.name)]) (j->contains(field) ? present : absent) = true;
      if (!present || !absent) problems += " " + std::string(e.name) + "." + field;
    }
  }
  EXPECT_TRUE(problems.empty()) << "optional fields not seen both ways:" << problems;
}

// mtcute writes an optional vector that is present but empty as absent; the
// wire distinguishes them and so does tlcpp. These bytes are by hand:
//   updatePinnedSavedDialogs#686c85a6 flags:# order:flags.0?Vector<DialogPeer> = Update;
//   a6856c68  id
//   01000000  flags: bit 0, `order` present
//   15c4b51c  vector id
//   00000000  no elements
TEST(Conformance, PresentEmptyOptionalVectorIsNotAbsent) {
  const std::string present = "a6856c680100000015c4b51c00000000";
  const std::string absent = "a6856c6800000000";
  const auto present_json = tlcpp::json::parse(R"({"_":"updatePinnedSavedDialogs","order":[]})");
  const auto absent_json = tlcpp::json::parse(R"({"_":"updatePinnedSavedDialogs"})");

  auto j = tlcpp::registry::decode(unhex(present));
  ASSERT_TRUE(j) << j.error().message();
  EXPECT_EQ(*j, present_json);
  j = tlcpp::registry::decode(unhex(absent));
  ASSERT_TRUE(j) << j.error().message();
  EXPECT_EQ(*j, absent_json);

  auto b = tlcpp::registry::encode(present_json);
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(hex(*b), present);
  b = tlcpp::registry::encode(absent_json);
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(hex(*b), absent);

  // The same in a method, followed by another field:
  //   premium.applyBoost#6b7da746 flags:# slots:flags.0?Vector<int> peer:InputPeer = premium.MyBoosts;
  //   46a77d6b 01000000 15c4b51c 00000000 c97ea07d (inputPeerSelf#7da07ec9)
  const std::string method = "46a77d6b0100000015c4b51c00000000c97ea07d";
  const auto method_json = tlcpp::json::parse(R"({"_":"premium.applyBoost","slots":[],"peer":{"_":"inputPeerSelf"}})");
  j = tlcpp::registry::decode(unhex(method));
  ASSERT_TRUE(j) << j.error().message();
  EXPECT_EQ(*j, method_json);
  b = tlcpp::registry::encode(method_json);
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(hex(*b), method);
}

// Generic methods decode their query through the registry, nested ones too.
TEST(Conformance, GenericMethodsNestQueries) {
  // invokeWithLayer#da9b0d0d layer:223 query:(invokeWithoutUpdates#bf9459b7 query:(help.getConfig#c4f9186b))
  const std::string bytes = "0d0d9bdadf000000b75994bf6b18f9c4";
  const auto expected = tlcpp::json::parse(
      R"({"_":"invokeWithLayer","layer":223,"query":{"_":"invokeWithoutUpdates","query":{"_":"help.getConfig"}}})");
  auto j = tlcpp::registry::decode(unhex(bytes));
  ASSERT_TRUE(j) << j.error().message();
  EXPECT_EQ(*j, expected);
  auto b = tlcpp::registry::encode(expected);
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(hex(*b), bytes);

  // The query must be a method: a constructor id there is refused, with its offset.
  auto bad = tlcpp::registry::decode(unhex("0d0d9bdadf000000c97ea07d"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "unknown constructor id 0x7da07ec9 for a method at byte 8");
  auto bad_json = tlcpp::registry::encode(
      tlcpp::json::parse(R"({"_":"invokeWithLayer","layer":223,"query":{"_":"inputPeerSelf"}})"));
  ASSERT_FALSE(bad_json);
  EXPECT_EQ(bad_json.error().message(), "$.query: \"inputPeerSelf\" is a constructor; a method belongs here");
}

}  // namespace
