// One of the five translation units that instantiate tlcpp/extras/registry.hpp
// (every type's parser, writer and JSON conversion, one direction each),
// shared by the tlcpp tool and the conformance test. CMake compiles this file
// five times, with TLCPP_REGISTRY_PART set to 1..5 (see CMakeLists.txt).
#include "tlcpp/extras/registry.hpp"
