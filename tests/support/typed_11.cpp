// Shard 11 of the typed code of the registry (see typed_shard.hpp).
#define TLCPP_TYPED_SHARD 11
#include "support/typed_shard.hpp"
