#!/usr/bin/env bash
# The real-time soak (docs/BENCHMARKS.md): the stress test for a wall-clock
# duration, its resident memory sampled once a minute.
# Usage: scripts/soak.sh [SECONDS]   (default 600; needs scripts/build.sh)
# Prints "minute N: RSS M MB" while it runs, then the test's own summary
# line (sessions, events, violations, administration changes, streams) and
# its result. Exits with the test's status.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
test_binary="$root/build/tests/actors_tests"
[ -x "$test_binary" ] || { echo "soak: build first (scripts/build.sh)" >&2; exit 2; }
out=$(mktemp "${TMPDIR:-/tmp}/livechat-soak.XXXXXX")
trap 'rm -f "$out"' EXIT
LIVECHAT_STRESS_SECONDS=$seconds "$test_binary" \
  --gtest_filter='RuntimeStress.*' >"$out" 2>&1 &
pid=$!
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null; }
minute=0
while kill -0 "$pid" 2>/dev/null; do
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  minute=$((minute + 1))
  rss=$(rss_mb || true)
  [ -n "$rss" ] && echo "minute $minute: RSS $rss MB"
done
status=0
wait "$pid" || status=$?
grep -E "^stress:|PASSED|FAILED" "$out" || cat "$out"
exit "$status"
