// Everything: the runtime, all of the API layer and the MTProto schema.
// Convenient, but large; a program that includes only the headers of the
// methods it calls compiles much faster (see README, "Compile time").
#pragma once

#include "tlcpp/api.hpp"
#include "tlcpp/int128.hpp"
#include "tlcpp/mtproto.hpp"
#include "tlcpp/serialize.hpp"
