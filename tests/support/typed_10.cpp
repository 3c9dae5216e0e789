// Shard 10 of the typed code of the registry (see typed_shard.hpp).
#define TLCPP_TYPED_SHARD 10
#include "support/typed_shard.hpp"
