// Shard 9 of the typed code of the registry (see typed_shard.hpp).
#define TLCPP_TYPED_SHARD 9
#include "support/typed_shard.hpp"
