// Macros the whole library uses: throwing without exceptions, and the
// code-generation hints of the reader and the writer.
#pragma once

// The core never throws (the try_* functions return tlcpp::result); the
// throwing layer on top aborts instead when exceptions are disabled
// (-fno-exceptions), so that it still compiles there.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TLCPP_THROW(...) throw __VA_ARGS__
#else
#define TLCPP_THROW(...) std::abort()
#endif

// g++ and clang: the few small functions every field goes through are
// always inlined (at -O2 g++ otherwise calls some of them), and failure
// paths stay out of line so that the paths taken on good input are short.
#if defined(__GNUC__)
#define TLCPP_ALWAYS_INLINE [[gnu::always_inline]] inline
#define TLCPP_COLD [[gnu::cold, gnu::noinline]]
#else
#define TLCPP_ALWAYS_INLINE inline
#define TLCPP_COLD
#endif
