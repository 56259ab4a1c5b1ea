#!/usr/bin/env bash
# Builds livechat and runs every test. Usage: scripts/test.sh [--sanitize]
# With --sanitize, the same tests run built with ASan + UBSan (build-asan/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" "$@"
"$root/scripts/check-layering.sh"
"$root/scripts/check-format.sh"
build_dir="$root/build"
[ "${1:-}" = "--sanitize" ] && build_dir="$root/build-asan"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
# CAF's headers trip UBSan in two known places: tests/sanitizers/ubsan.supp.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp}
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
