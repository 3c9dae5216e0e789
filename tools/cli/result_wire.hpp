// How the answer to a method is encoded, as the registry's run-time wire
// type: shared by `tlcpp call` (to decode an answer) and `tlcpp serve` (to
// check and encode a scripted one).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "tlcpp/extras/registry.hpp"

namespace tlcpp::cli {

/// The encoding of a method's result type `type` (the registry entry's
/// `type`): a boxed type, Bool, a Vector of those or of int / long, or any
/// object for a generic method's X. `keep` owns what the returned encoding
/// points to.
inline const registry::wire_type& result_wire(std::string_view type,
                                              std::vector<std::unique_ptr<registry::wire_type>>& keep) {
  auto w = std::make_unique<registry::wire_type>();
  if (type.starts_with("Vector<") && type.ends_with(">")) {
    w->kind = registry::wire_kind::Vector;
    w->element = &result_wire(type.substr(7, type.size() - 8), keep);
  } else if (type == "int") {
    w->kind = registry::wire_kind::int_;
  } else if (type == "long") {
    w->kind = registry::wire_kind::long_;
  } else if (type == "Bool") {
    w->kind = registry::wire_kind::Bool;
  } else if (const auto* t = registry::type_named(type)) {
    w->kind = registry::wire_kind::boxed;
    w->ref = static_cast<std::uint32_t>(t - registry::types().data());
  } else {
    w->kind = registry::wire_kind::object;  // X
  }
  keep.push_back(std::move(w));
  return *keep.back();
}

}  // namespace tlcpp::cli
