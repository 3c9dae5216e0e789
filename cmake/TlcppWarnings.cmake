# Warnings are errors in tlcpp's own targets (never imposed on users).
function(tlcpp_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
endfunction()
