#!/usr/bin/env bash
# Configures and builds livechat. Usage: scripts/build.sh [--sanitize|--tsan]
#   (default)   build/        RelWithDebInfo, warnings as errors
#   --sanitize  build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
#   --tsan      build-tsan/   ThreadSanitizer, actor tests only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

build_dir="$root/build"
targets=()
case "${1:-}" in
  --sanitize)
    build_dir="$root/build-asan"
    extra=(-DLIVECHAT_SANITIZE=ON -DLIVECHAT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug)
    ;;
  --tsan)
    build_dir="$root/build-tsan"
    extra=(-DLIVECHAT_TSAN=ON -DLIVECHAT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo)
    targets=(--target actors_tests --target sim_live_tests)
    ;;
  "")
    extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
    ;;
  *)
    echo "usage: scripts/build.sh [--sanitize|--tsan]" >&2
    exit 2
    ;;
esac
cmake -S "$root" -B "$build_dir" -G Ninja "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
