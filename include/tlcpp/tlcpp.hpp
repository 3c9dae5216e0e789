// Everything that needs no extra library: the wire core, the protocol tier
// (answers, requests, envelopes, RPC errors), all of the API layer with its
// errors, and the MTProto schema. Convenient, but large; a program that
// includes only the headers of the methods it calls compiles much faster
// (see README, "Compile time").
//
// The optional layers have their own headers and CMake targets:
// tlcpp/extras/json.hpp and tlcpp/extras/registry.hpp (tlcpp::json, needs
// nlohmann/json), tlcpp/net/ (tlcpp::net, needs OpenSSL).
#pragma once

#include "tlcpp/api/all.hpp"
#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/errors_by_method.hpp"
#include "tlcpp/core/hex.hpp"
#include "tlcpp/core/int128.hpp"
#include "tlcpp/core/serialize.hpp"
#include "tlcpp/mtproto/all.hpp"
#include "tlcpp/protocol/envelope.hpp"
#include "tlcpp/protocol/gzip.hpp"
#include "tlcpp/protocol/request.hpp"
#include "tlcpp/protocol/response.hpp"
#include "tlcpp/protocol/rpc_error.hpp"
#include "tlcpp/version.hpp"
