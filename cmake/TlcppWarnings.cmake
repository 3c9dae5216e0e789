# Warnings in tlcpp's own targets: all of them, and as errors when
# TLCPP_WARNINGS_AS_ERRORS is on (CI and the presets turn it on; a user's
# plain build does not fail on a warning a newer or older compiler adds).
option(TLCPP_WARNINGS_AS_ERRORS "Treat warnings as errors in tlcpp's own targets" OFF)
function(tlcpp_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TLCPP_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
endfunction()
