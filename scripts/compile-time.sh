#!/usr/bin/env bash
# Times one file's compilation with GCC and with clang under the ASan + UBSan
# flags of the sanitizer build (-O0, line tables), one after the other, so
# the two figures are measured side by side. Why the sanitizer builds use
# clang: docs/TESTING.md. Needs build-asan/ (scripts/build.sh --sanitize).
# Usage: scripts/compile-time.sh FILE...   e.g. server/http/listener_tls.cpp
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: scripts/compile-time.sh FILE..." >&2; exit 2; }
[ -d "$root/build-asan/include" ] || { echo "compile-time: build build-asan/ first (scripts/build.sh --sanitize)" >&2; exit 2; }
flags=(-std=c++20 -I"$root" -I"$root/build-asan/include" -DBOOST_ALL_NO_LIB
       -DFMT_SHARED -DLIVECHAT_ASAN=1 -O0 -g1 -fsanitize=address,undefined
       -fno-omit-frame-pointer -fno-sanitize-recover=all -w)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
seconds() { # COMMAND...: its wall time in seconds
  local TIMEFORMAT=%R
  { time "$@" >/dev/null 2>&1; } 2>&1
}
printf '%-40s %8s %8s %6s\n' file gcc_s clang_s ratio
for f in "$@"; do
  g=$(seconds g++ "${flags[@]}" -c "$root/$f" -o "$out")
  c=$(seconds clang++ "${flags[@]}" -c "$root/$f" -o "$out")
  awk -v f="$f" -v g="$g" -v c="$c" 'BEGIN { printf "%-40s %8.1f %8.1f %6.2f\n", f, g, c, g / c }'
done
