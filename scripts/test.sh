#!/usr/bin/env bash
# Builds livechat and runs every test. Usage: scripts/test.sh [--plain|--tsan]
#   (default)   every test, built with AddressSanitizer + UndefinedBehavior-
#               Sanitizer (build-asan/): the README's test command and CI's
#               first stage (--sanitize says the same)
#   --plain     every test in the optimised build (build/): quicker, no
#               sanitizers
#   --tsan      the actor and server tests built with ThreadSanitizer
#               (build-tsan/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:---sanitize}
case "$mode" in
  --plain) build_args=() ;;
  --sanitize | --tsan) build_args=("$mode") ;;
  *)
    echo "usage: scripts/test.sh [--plain|--tsan]" >&2
    exit 2
    ;;
esac
"$root/scripts/build.sh" "${build_args[@]}"
"$root/scripts/check-layering.sh"
"$root/scripts/check-format.sh"
build_dir="$root/build"
filter=()
case "$mode" in
  --sanitize) build_dir="$root/build-asan" ;;
  --tsan)
    build_dir="$root/build-tsan"
    # Only the actor and server tests are built there: the concurrency
    # under test.
    filter=(-L 'actors|server')
    ;;
esac
supp="$root/tests/sanitizers"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
# CAF's headers trip UBSan in known places: tests/sanitizers/ubsan.supp.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp}
# Debian's CAF is not built with TSan: tests/sanitizers/tsan.supp.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp}
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" "${filter[@]}"
