#!/usr/bin/env bash
# Builds and runs the two consumer projects against this checkout, each with
# a header-only program (seed.cpp) and one against tlcpp::compiled
# (updates.cpp):
#   1. installed:    cmake --install into a temporary prefix, then find_package(tlcpp 0.1)
#   2. fetchcontent: FetchContent_Declare(tlcpp GIT_REPOSITORY <this repo> GIT_TAG <HEAD>)
# Usage: tests/consumers/run.sh [BUILD_DIR]   (from anywhere inside the repository)
# With BUILD_DIR (a configured and built tlcpp, tlcpp::compiled included),
# the first installs from there instead of building tlcpp again.
set -euo pipefail
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- consumer 1: find_package after cmake --install"
built=${1:-}
if [ -z "$built" ]; then
  built="$work/tlcpp"
  cmake -S "$repo" -B "$built" -G Ninja -DTLCPP_BUILD_TESTS=OFF -DTLCPP_BUILD_EXAMPLES=OFF -DTLCPP_BUILD_TOOLS=OFF \
    -DTLCPP_BUILD_BENCH=OFF -DTLCPP_BUILD_JSON=OFF >/dev/null
  cmake --build "$built" >/dev/null
fi
cmake --install "$built" --prefix "$work/prefix" >/dev/null
cmake -S "$repo/tests/consumers/installed" -B "$work/installed" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/installed" >/dev/null
"$work/installed/consumer"
"$work/installed/updates"

echo "-- consumer 2: FetchContent at $(git -C "$repo" rev-parse --short HEAD)"
cmake -S "$repo/tests/consumers/fetchcontent" -B "$work/fetch" -G Ninja -DTLCPP_GIT_REPOSITORY="$repo" \
  -DTLCPP_GIT_TAG="$(git -C "$repo" rev-parse HEAD)" >/dev/null
cmake --build "$work/fetch" >/dev/null
"$work/fetch/consumer"
"$work/fetch/updates"
