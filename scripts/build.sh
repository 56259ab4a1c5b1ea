#!/usr/bin/env bash
# Configures and builds livechat. Usage: scripts/build.sh [--sanitize]
#   (default)   build/        RelWithDebInfo, warnings as errors
#   --sanitize  build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

build_dir="$root/build"
extra=()
if [ "${1:-}" = "--sanitize" ]; then
  build_dir="$root/build-asan"
  extra=(-DLIVECHAT_SANITIZE=ON -DLIVECHAT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug)
else
  extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
cmake -S "$root" -B "$build_dir" -G Ninja "${extra[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
