# The sanitizer build (preset asan: clang, ASan + UBSan + libFuzzer's
# coverage in CMAKE_CXX_FLAGS) compiles the generated layer differently from
# the code that uses it.
#
# tlcpp::compiled and the typed test shards are the same few templates
# instantiated for every constructor and method. At -O1 under the whole of
# UBSan they cost several times what they cost at -O0 with ASan, coverage
# and the UBSan checks a parser of untrusted bytes can trip:
# integer overflow and shifts, bounds, pointer overflow, invalid bool and
# enum values, a missing return. Those stay; UBSan's other checks (vptr,
# function, alignment, null, object size, ...) stay on for everything else,
# the hand-written tiers and the tests and fuzzers that drive the layer.
set(TLCPP_LAYER_UBSAN_CHECKS
    shift,signed-integer-overflow,integer-divide-by-zero,bool,enum,bounds,pointer-overflow,return,unreachable)

# What that build has in CMAKE_CXX_FLAGS, with clang: UBSan (tests/net asks
# too) and libFuzzer's coverage.
set(TLCPP_CLANG_UBSAN OFF)
set(TLCPP_FUZZER_COVERAGE OFF)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  if(CMAKE_CXX_FLAGS MATCHES "fsanitize=[^ ]*undefined")
    set(TLCPP_CLANG_UBSAN ON)
  endif()
  if(CMAKE_CXX_FLAGS MATCHES "fsanitize=[^ ]*fuzzer-no-link")
    set(TLCPP_FUZZER_COVERAGE ON)
  endif()
endif()

function(tlcpp_sanitize_as_layer target)
  if(TLCPP_CLANG_UBSAN)
    target_compile_options(${target} PRIVATE -O0 -fno-sanitize=undefined -fsanitize=${TLCPP_LAYER_UBSAN_CHECKS})
  endif()
endfunction()

# The tests, in the same build: ASan and all of UBSan, at -O0 and without
# libFuzzer's coverage (only the fuzzers and the layer they explore need it).
# Optimizing instrumented code is most of what a test unit costs there: a
# unit that drives the whole client costs about a third as much at -O0, and
# the sanitizers find at -O0 what they find at -O1.
function(tlcpp_sanitize_as_test target)
  if(TLCPP_FUZZER_COVERAGE)
    target_compile_options(${target} PRIVATE -O0 -fno-sanitize=fuzzer-no-link)
  endif()
endfunction()
