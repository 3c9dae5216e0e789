// hash_test.cpp's tests again, through hash.hpp's EVP digest fallback (the
// one taken where OpenSSL's SHA*_ functions are compiled out).
#define TLCPP_NET_EVP_DIGEST 1
#include "hash_test.cpp"
