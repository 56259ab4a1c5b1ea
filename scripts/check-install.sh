#!/usr/bin/env bash
# Checks that livechat is installable and embeddable (CI runs it).
# Usage: scripts/check-install.sh
#
#  1. The plain Release build users make (scripts/build.sh --release:
#     build-release/, the project's defaults, no -Werror; everything but the
#     tests: the program, the benchmarks and the examples).
#  2. cmake --install into a temporary prefix; the headers and the CMake
#     package must be there.
#  3. examples/ configured as an outside project against that prefix (only
#     -DCMAKE_PREFIX_PATH: find_package(livechat 0.2) must bring everything
#     else), built, and its two programs run and checked as the in-tree tests
#     Examples.* check them.
#  4. A tiny outside project that embeds the source tree with add_subdirectory
#     and links livechat::runtime: it must configure, build and run, with no
#     test or benchmark target, no -Werror and no jemalloc.
# Temporary directories are removed on exit. Exits non-zero, saying what
# failed, on the first failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

fail() {
  echo "check-install: $*" >&2
  exit 1
}

"$root/scripts/build.sh" --release

tmp=$(mktemp -d "${TMPDIR:-/tmp}/livechat-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

# 2. Install, and look at the tree.
cmake --install "$root/build-release" --prefix "$prefix" >/dev/null \
  || fail "cmake --install build-release failed"
for f in include/livechat/actors/runtime.hpp include/livechat/core/router.hpp \
  lib/cmake/livechat/livechatConfig.cmake \
  lib/cmake/livechat/livechatConfigVersion.cmake; do
  [ -f "$prefix/$f" ] || fail "installed tree lacks $f"
done
for layer in sim scenarios cli; do
  [ ! -e "$prefix/include/livechat/$layer" ] \
    || fail "installed tree has include/livechat/$layer: only core and actors are public"
done

# 3. The examples as an outside project against the prefix.
ext="$tmp/examples"
cmake -S "$root/examples" -B "$ext" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  >"$tmp/examples-configure.log" 2>&1 || {
  cat "$tmp/examples-configure.log" >&2
  fail "examples/ does not configure against the installed prefix"
}
grep -qx "livechat_DIR:PATH=$prefix/lib/cmake/livechat" "$ext/CMakeCache.txt" \
  || fail "examples/ did not find livechat in the installed prefix"
cmake --build "$ext" -j "$jobs" || fail "examples/ does not build against the installed prefix"
# Built from the installed headers, not from the source tree.
if grep -E -- "(-I|-isystem )$root(/| |\$)" "$ext/build.ninja" >&2; then
  fail "examples/ compiled with an include path into the source tree"
fi

expect_output() { # PROGRAM EXPECTED [ARGS...]
  local program=$1 expected=$2 out
  shift 2
  out=$("$program" "$@" 2>&1) || fail "$program $* exited with status $?"
  grep -qF -- "$expected" <<<"$out" || {
    echo "$out" >&2
    fail "$program $* did not print '$expected'"
  }
}
expect_output "$ext/embed_runtime" "session 3 assigned"
expect_output "$ext/embed_server_loop" "3 sessions closed"
expect_output "$ext/core_demo" "per operator of general" 42

# 4. Embedding the source tree with add_subdirectory.
embed="$tmp/embed"
mkdir -p "$embed/src"
cat >"$embed/src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(embedder LANGUAGES CXX)
add_subdirectory("$root" livechat)
add_executable(tiny main.cpp)
target_link_libraries(tiny PRIVATE livechat::runtime)
EOF
cat >"$embed/src/main.cpp" <<'EOF'
#include <livechat/actors/runtime.hpp>

int main() {
  livechat::directory dir{"admin"};
  auto admin = dir.find_user("admin").value();
  auto rt = livechat::runtime::create({std::move(dir), admin, {}});
  return rt ? 0 : 1;
}
EOF
cmake -S "$embed/src" -B "$embed/build" -G Ninja >"$tmp/embed-configure.log" 2>&1 || {
  cat "$tmp/embed-configure.log" >&2
  fail "a project embedding livechat with add_subdirectory does not configure"
}
cmake --build "$embed/build" -j "$jobs" \
  || fail "a project embedding livechat with add_subdirectory does not build"
"$embed/build/tiny" || fail "the add_subdirectory embedder's program failed"

extra=$(cmake --build "$embed/build" --target help | sed 's/:.*//' \
  | grep -E '(^|/)([A-Za-z0-9_]+_(tests|bench|fuzz)|livechat|core_demo|embed_runtime|embed_server_loop)$' || true)
[ -z "$extra" ] || fail "add_subdirectory builds more than the libraries: $extra"
cache="$embed/build/CMakeCache.txt"
grep -qx 'LIVECHAT_JEMALLOC:BOOL=OFF' "$cache" \
  || fail "add_subdirectory: LIVECHAT_JEMALLOC is not OFF"
if grep -q '^LIVECHAT_JEMALLOC_LIBRARY' "$cache"; then
  fail "add_subdirectory looked for jemalloc"
fi
if grep -q -- '-Werror' "$embed/build/build.ninja"; then
  fail "add_subdirectory compiles with -Werror"
fi

echo "check-install: installed package, outside examples and add_subdirectory embedding ok"
