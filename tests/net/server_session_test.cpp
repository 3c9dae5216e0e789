#include "tlcpp/net/server_session.hpp"
#include <gtest/gtest.h>
TEST(X, Y) {}
