#!/usr/bin/env bash
# Configures and builds livechat. Usage: scripts/build.sh [--sanitize|--tsan]
#   (default)   build/        RelWithDebInfo
#   --sanitize  build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
#   --tsan      build-tsan/   ThreadSanitizer, actor and server tests only
#   --release   build-release/ the plain configuration users build: Release,
#                             the project's defaults (no -Werror); everything
#                             but the tests (program, benchmarks, examples)
# Every build but --release treats warnings as errors, and keeps line tables
# only (-g1: stack traces and sanitizer reports keep file:line, compiling
# takes a third less than with full -g; for a debugger session configure
# with -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG").
# The sanitizer builds use clang: it compiles this code base's templates
# (CAF, Beast) 1.5 to 3 times faster than GCC does (docs/TESTING.md), and
# CI builds them on two cores. The others use the system's c++ (GCC), as
# users do.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

build_dir="$root/build"
targets=()
compilers=()
case "${1:-}" in
  --sanitize)
    build_dir="$root/build-asan"
    compilers=(CC=clang CXX=clang++)
    extra=(-DLIVECHAT_SANITIZE=ON -DLIVECHAT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
           "-DCMAKE_CXX_FLAGS_DEBUG=-g1")
    ;;
  --tsan)
    build_dir="$root/build-tsan"
    compilers=(CC=clang CXX=clang++)
    # -O1: TSan's recommended level, and a third quicker to compile.
    extra=(-DLIVECHAT_TSAN=ON -DLIVECHAT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
           "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")
    targets=(--target actors_tests --target sim_live_tests --target server_tests)
    ;;
  --release)
    build_dir="$root/build-release"
    # What a user or packager builds: the program, the benchmarks and the
    # examples (every library under them); the tests are built in the
    # sanitizer builds.
    extra=(-DCMAKE_BUILD_TYPE=Release -DLIVECHAT_BUILD_TESTS=OFF)
    ;;
  "")
    extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo
           "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
    ;;
  *)
    echo "usage: scripts/build.sh [--sanitize|--tsan|--release]" >&2
    exit 2
    ;;
esac
[ "${1:-}" = --release ] || extra+=(-DLIVECHAT_WERROR=ON)
# A build directory configured with another compiler starts afresh.
if [ ${#compilers[@]} -gt 0 ] && [ -f "$build_dir/CMakeCache.txt" ] \
  && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++$' "$build_dir/CMakeCache.txt"; then
  rm -rf "$build_dir"
fi
env "${compilers[@]}" cmake -S "$root" -B "$build_dir" -G Ninja "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
