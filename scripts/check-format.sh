#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted per .clang-format.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || true)
[ ${#files[@]} -eq 0 ] && exit 0
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/livechat-format.$$; then
  echo "format: these files need clang-format -i:" >&2
  grep -oE '^[^:]+\.(cpp|hpp)' /tmp/livechat-format.$$ | sort -u >&2
  rm -f /tmp/livechat-format.$$
  exit 1
fi
rm -f /tmp/livechat-format.$$
