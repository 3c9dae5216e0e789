// Everything: the runtime, all of the API layer and the MTProto schema.
// Convenient, but large; a program that includes only the headers of the
// methods it calls compiles much faster (see README, "Compile time").
#pragma once

#include "tlcpp/api/all.hpp"
#include "tlcpp/core/int128.hpp"
#include "tlcpp/mtproto/all.hpp"
#include "tlcpp/core/serialize.hpp"
